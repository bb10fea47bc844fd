import Foundation
import Imaging

@testable import Physics

/// A real head CT slice: the middle of InVesalius' example "Cranium" (Debian `invesalius-examples`),
/// `Cranium.inv3` = tar.gz holding `matrix.dat`, raw little-endian int16 HU, 108 × 256 × 256
/// (z, y, x), pixels 0.9570312 mm (`main.plist` "spacing"), slices 1.5 mm.
enum CTHeadSlice {
    static let path = "/usr/share/doc/invesalius-examples/examples/Cranium.inv3"
    static let size = 256, slices = 108
    static let pixelSizeCM = 0.09570312

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: path) }

    /// Slice `z` in HU, row-major (row y, column x), extracted with `tar -xzOf`.
    static func hounsfield(slice z: Int = slices / 2) throws -> [Float] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = ["-xzOf", path, "--wildcards", "*matrix.dat"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let count = size * size
        guard process.terminationStatus == 0, data.count == slices * count * 2 else {
            throw PhysicsError.sizeMismatch(
                what: "matrix.dat in \(path)", expected: "\(slices * count * 2) bytes", actual: "\(data.count) bytes")
        }
        return data.withUnsafeBytes { raw in
            (0..<count).map { i in
                Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * (z * count + i), as: Int16.self)))
            }
        }
    }

    /// DESIGN §3: μ = (HU/1000 + 1)·0.192 cm⁻¹, clipped at 0 (as the authors, processing_data.py L22-23).
    static func attenuation(_ hounsfield: [Float]) -> [Float] {
        hounsfield.map { max(0, ($0 / 1000 + 1) * 0.192) }
    }
}
