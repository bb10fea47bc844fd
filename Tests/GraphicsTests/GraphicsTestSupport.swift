import Foundation
import Graphics

/// A fresh empty folder under the system temporary folder, removed by the caller.
func makeScratchFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("msl-graphics-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs one of poppler's command-line tools (an independent PDF reader) and returns its exit status and output.
func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Whether two 8-bit components differ by at most `tolerance`.
func close(_ a: UInt8, _ b: UInt8, _ tolerance: Int) -> Bool { abs(Int(a) - Int(b)) <= tolerance }

/// Whether `pixel` matches `color` (rounded to 8 bits) within `tolerance` per channel, ignoring alpha.
func matches(_ pixel: RasterImage.Pixel, _ color: Color, tolerance: Int) -> Bool {
    func byte(_ v: Double) -> UInt8 { UInt8((v * 255).rounded()) }
    return close(pixel.red, byte(color.red), tolerance) && close(pixel.green, byte(color.green), tolerance)
        && close(pixel.blue, byte(color.blue), tolerance)
}
