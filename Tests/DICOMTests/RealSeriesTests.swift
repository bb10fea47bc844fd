import Foundation
import Imaging
import Testing

@testable import DICOM

/// The two real series of `../shared/data/dicom` from folder to volume, against dcm2niix.
@Suite struct RealSeriesTests {
    static func scan(_ folder: String) throws -> SeriesIndex {
        let root = ReaderFixtures.sharedDICOM.appendingPathComponent(folder).path
        let result = try DirectoryScanner().scan(root)
        // Each folder holds its LICENSE text beside the images: reported as not DICOM, never fatal.
        #expect(result.rejected.count == 1, "\(result.rejected)")
        #expect(result.rejected.first?.description.contains("/LICENSE: not readable as DICOM") == true)
        return SeriesIndex.build(from: result.instances)
    }

    /// GE head CT with an 18.5° gantry tilt and uneven spacing: the gate measures the tilt from
    /// positions, flags the spacing, and the default policy resamples onto a regular grid.
    @Test func gantryTiltCTIsDetectedAndResampled() throws {
        let index = try Self.scan("ct-head-gantry-tilt")
        let series = try #require(index.allSubSeries.first)
        #expect(index.allSubSeries.count == 1)
        #expect(series.instances.count == 28)
        let verdict = GeometryGate().evaluate(series)
        let tilt = try #require(verdict.measuredTiltDegrees)
        #expect(abs(tilt - 18.5) < 0.2, "measured tilt \(tilt)°")
        #expect(!verdict.findings(.gantryTilt).isEmpty)
        // Steps run from 1.08 to 7.00 mm with consecutive InstanceNumbers: variable spacing, not lost files.
        #expect(!verdict.findings(.unevenSpacing).isEmpty)
        #expect(verdict.findings(.missingSlices).isEmpty)
        #expect(verdict.decision == .resample(because: [.unevenSpacing, .gantryTilt]))
        let assembled = try SeriesLoader().load(series)
        #expect(assembled.isResampled)
        // The regular grid keeps the median step and covers the whole tilted stack.
        let geometry = assembled.volume.geometry
        #expect(abs(geometry.spacingMM.z - 4.0) < 0.01)
        #expect(geometry.size.x == 512 && geometry.size.y > 512)
    }

    /// Siemens T1, 384 oblique sagittal slices: one volume whose geometry and voxels equal
    /// dcm2niix's conversion of the same files (compared in patient coordinates, so dcm2niix's
    /// own row flips do not matter).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dcm2niix")))
    func obliqueMRMatchesDcm2niix() throws {
        let index = try Self.scan("mr-head-t1-oblique")
        #expect(index.allSubSeries.count == 1)
        let series = try #require(index.allSubSeries.first)
        #expect(series.instances.count == 384)
        let assembled = try SeriesLoader().load(series)
        #expect(!assembled.isResampled)
        let volume = assembled.volume
        let geometry = volume.geometry

        let output = FileManager.default.temporaryDirectory.appendingPathComponent("msl-dcm2niix-\(getpid())")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dcm2niix")
        process.arguments = ["-z", "n", "-b", "n", "-f", "volume", "-o", output.path,
                             ReaderFixtures.sharedDICOM.appendingPathComponent("mr-head-t1-oblique").path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let nifti = try NIfTI.decode(Data(contentsOf: output.appendingPathComponent("volume.nii")))
        let size = nifti.geometry.size
        let theirSpacing = nifti.geometry.spacingMM

        #expect(nifti.voxels.count == volume.voxels.count)
        #expect(Set([theirSpacing.x, theirSpacing.y, theirSpacing.z].map { ($0 * 1000).rounded() }) == Set([geometry.spacingMM.x, geometry.spacingMM.y, geometry.spacingMM.z].map { ($0 * 1000).rounded() }))
        // Every 7th voxel of dcm2niix's volume: same position ↔ same value.
        var compared = 0
        var worstPosition = 0.0
        for k in stride(from: 0, to: size.z, by: 37) {
            for j in stride(from: 0, to: size.y, by: 29) {
                for i in stride(from: 0, to: size.x, by: 31) {
                    let point = nifti.geometry.physicalPoint(ofIndex: SIMD3(i, j, k))
                    let c = geometry.continuousIndex(ofPhysicalPoint: point)
                    let rounded = SIMD3<Double>(c.x.rounded(), c.y.rounded(), c.z.rounded())
                    worstPosition = max(worstPosition, abs(c.x - rounded.x), abs(c.y - rounded.y), abs(c.z - rounded.z))
                    let ours = volume[Int(rounded.x), Int(rounded.y), Int(rounded.z)]
                    let theirs = nifti[i, j, k]
                    #expect(ours == theirs, "voxel \(i),\(j),\(k)")
                    compared += 1
                }
            }
        }
        #expect(compared > 500)
        // dcm2niix stores its affine in float32 and takes the slice axis from the first and last
        // positions, where we use the orientation's normal: centres agree to 1% of a voxel.
        #expect(worstPosition < 1e-2, "dcm2niix voxel centres are \(worstPosition) voxels off ours")
    }
}
