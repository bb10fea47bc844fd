import DICOM
import Foundation
import Imaging

/// A volume from the command line: a DICOM folder (the largest series in it, through the
/// geometry gate) or an uncompressed NIfTI-1 file.
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
        if path.hasSuffix(".gz") {
            throw CommandLineError("\(path): compressed NIfTI is not read; decompress it first (gzip -dc \(path) > file.nii)")
        }
        do {
            return try NIfTI.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as ImagingError {
            throw CommandLineError("\(path): \(error.description)")
        }
    }
}
