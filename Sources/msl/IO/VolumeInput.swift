import DICOM
import Foundation
import Imaging

/// A volume from the command line: a DICOM folder (the largest series in it, through the
/// geometry gate) or a NIfTI-1 file (`.nii` or `.nii.gz`).
enum VolumeInput {
    static func load(_ path: String) throws -> Volume {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandLineError("\(path): no such file or folder")
        }
        if isFolder.boolValue {
            let scan = try DirectoryScanner().scan(path)
            let index = SeriesIndex.build(from: scan.instances)
            guard let series = index.allSubSeries.max(by: { $0.instances.count < $1.instances.count }) else {
                throw CommandLineError("\(path): no DICOM image series found (\(scan.rejected.count) unreadable file(s))")
            }
            return try SeriesLoader().load(series).volume
        }
        do {
            return try NIfTI.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as ImagingError {
            throw CommandLineError("\(path): \(error.description)")
        }
    }
}
