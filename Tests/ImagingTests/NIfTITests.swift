import Foundation
import Testing

@testable import Imaging

@Suite struct NIfTITests {
    /// A NIfTI-1 single file: 348-byte header, 4-byte extender, voxels at offset 352.
    struct Header {
        var size = [3, 2, 2]
        var datatype: Int16 = 16
        var pixdim: [Float] = [1, 2, 3, 4]
        var slope: Float = 0
        var intercept: Float = 0
        var qformCode: Int16 = 0
        var sformCode: Int16 = 0
        var quaternion: [Float] = [0, 0, 0, 0, 0, 0]  // b, c, d, qoffset x, y, z
        var srow: [Float] = Array(repeating: 0, count: 12)
        var magic = "n+1"
        var bigEndian = false

        func encode(voxels: [UInt8]) -> Data {
            var bytes = [UInt8](repeating: 0, count: 352)
            func put(_ value: UInt64, width: Int, at: Int) {
                for k in 0..<width {
                    let byte = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))
                    bytes[bigEndian ? at + width - 1 - k : at + k] = byte
                }
            }
            func int16(_ v: Int16, _ at: Int) { put(UInt64(UInt16(bitPattern: v)), width: 2, at: at) }
            func float(_ v: Float, _ at: Int) { put(UInt64(v.bitPattern), width: 4, at: at) }
            put(348, width: 4, at: 0)
            int16(3, 40)
            for (axis, n) in size.enumerated() { int16(Int16(n), 42 + 2 * axis) }
            int16(1, 48)
            int16(datatype, 70)
            for (k, v) in pixdim.enumerated() { float(v, 76 + 4 * k) }
            float(352, 108)
            float(slope, 112)
            float(intercept, 116)
            int16(qformCode, 252)
            int16(sformCode, 254)
            for (k, v) in quaternion.enumerated() { float(v, 256 + 4 * k) }
            for (k, v) in srow.enumerated() { float(v, 280 + 4 * k) }
            for (k, c) in magic.utf8.enumerated() { bytes[344 + k] = c }
            return Data(bytes + voxels)
        }
    }

    static func floats(_ values: [Float], bigEndian: Bool = false) -> [UInt8] {
        values.flatMap { v -> [UInt8] in
            let b = (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) }
            return bigEndian ? b.reversed() : b
        }
    }

    static let ramp: [Float] = (0..<12).map { Float($0) * 1.5 - 3 }

    @Test func sformIsConvertedFromRASToLPS() throws {
        var h = Header()
        h.sformCode = 2
        h.srow = [-2, 0, 0, 90, 0, 3, 0, -126, 0, 0, 4, -72]
        let volume = try NIfTI.decode(h.encode(voxels: Self.floats(Self.ramp)))
        let g = volume.geometry
        #expect(g.size == SIMD3(3, 2, 2))
        #expect(g.spacingMM == SIMD3(2, 3, 4))
        #expect(g.originMM == SIMD3(-90, 126, -72))
        #expect(g.direction == Matrix3(diagonal: SIMD3(1, -1, 1)))
        #expect(volume.voxels == Self.ramp)
        // Voxel (2, 1, 1): RAS (−4 + 90, 3 − 126, 4 − 72) → LPS (−86, 123, −68).
        #expect(g.physicalPoint(ofIndex: SIMD3(2, 1, 1)) == SIMD3(-86, 123, -68))
    }

    @Test func qformQuaternionAndQfacAreApplied() throws {
        var h = Header()
        h.qformCode = 1
        h.pixdim = [-1, 2, 3, 4]  // qfac −1 flips the third axis
        let s = Float(0.5).squareRoot()
        h.quaternion = [0, 0, s, 10, 20, 30]  // 90° about z
        let volume = try NIfTI.decode(h.encode(voxels: Self.floats(Self.ramp)))
        let g = volume.geometry
        // RAS columns: i → (0, 2, 0), j → (−3, 0, 0), k → (0, 0, −4); LPS negates x and y.
        let p = g.physicalPoint(ofIndex: SIMD3(1, 1, 1))
        let expected = SIMD3<Double>(-(10 - 3), -(20 + 2), 30 - 4)
        #expect((p - expected).maxAbsolute < 1e-5, "\(p)")
        #expect((g.spacingMM - SIMD3(2, 3, 4)).maxAbsolute < 1e-6)
    }

    @Test func noTransformCodesUsePixdim() throws {
        let volume = try NIfTI.decode(Header().encode(voxels: Self.floats(Self.ramp)))
        #expect(volume.geometry.spacingMM == SIMD3(2, 3, 4))
        #expect(volume.geometry.originMM == .zero)
        #expect(volume.geometry.direction == Matrix3(diagonal: SIMD3(-1, -1, 1)))
    }

    @Test func bigEndianInt16WithScalingDecodes() throws {
        var h = Header()
        h.bigEndian = true
        h.datatype = 4
        h.slope = 0.5
        h.intercept = -1
        let raw: [Int16] = [-300, -1, 0, 1, 2, 3, 100, 200, 300, 400, 500, 32767]
        let bytes = raw.flatMap { v -> [UInt8] in
            let u = UInt16(bitPattern: v)
            return [UInt8(u >> 8), UInt8(u & 0xFF)]
        }
        let volume = try NIfTI.decode(h.encode(voxels: bytes))
        #expect(volume.voxels == raw.map { Float(0.5 * Double($0) - 1) })
    }

    @Test func malformedFilesAreRejected() throws {
        let good = Header().encode(voxels: Self.floats(Self.ramp))
        #expect(throws: ImagingError.self) { try NIfTI.decode(good.prefix(300)) }
        #expect(throws: ImagingError.self) { try NIfTI.decode(good.dropLast(4)) }
        var badMagic = Header()
        badMagic.magic = "ni1"
        #expect(throws: ImagingError.self) { try NIfTI.decode(badMagic.encode(voxels: Self.floats(Self.ramp))) }
        var complex = Header()
        complex.datatype = 32
        #expect(throws: ImagingError.self) {
            try NIfTI.decode(complex.encode(voxels: Self.floats(Self.ramp + Self.ramp)))
        }
        var gzip = good
        gzip[0] = 0x1F
        gzip[1] = 0x8B
        #expect(throws: ImagingError.self) { try NIfTI.decode(gzip) }
    }

    /// gzip(1) compresses, our zlib reader decompresses: the same volume as the uncompressed file, and a
    /// truncated stream is an error, not a short volume.
    @Test func gzipCompressedFilesDecodeLikeUncompressedOnes() throws {
        let plain = Header().encode(voxels: Self.floats(Self.ramp))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("msl-nifti-gz-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("ramp.nii")
        try plain.write(to: file)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-9", file.path]
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = try Data(contentsOf: directory.appendingPathComponent("ramp.nii.gz"))
        #expect(compressed.count < plain.count)
        #expect(try NIfTI.decode(compressed) == NIfTI.decode(plain))
        #expect(throws: ImagingError.self) { try NIfTI.decode(compressed.prefix(compressed.count / 2)) }
    }

    static var ctTemplatePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/templates/mni-ct-2mm/scct.nii").path
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: ctTemplatePath)))
    func mniCTTemplateDecodesWithItsScaleAndMNIGeometry() throws {
        let volume = try NIfTI.decode(Data(contentsOf: URL(fileURLWithPath: Self.ctTemplatePath)))
        let g = volume.geometry
        #expect(g.size == SIMD3(91, 109, 91))
        #expect(g.spacingMM == SIMD3(2, 2, 2))
        // sform x: −2·i + 90 (RAS) → LPS x = 2·i − 90; MNI origin (0, 0, 0) is voxel (45, 63, 36).
        #expect(g.physicalPoint(ofIndex: SIMD3(45, 63, 36)) == .zero)
        // uint8 × scl_slope 14.88: Cormack units up to 255·14.88 ≈ 3794.
        let maximum = try #require(volume.voxels.max())
        #expect(abs(maximum - 3794.43) < 0.1)
        #expect(volume.voxels.min() == 0)
    }
}
