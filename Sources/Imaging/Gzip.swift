import CZlib
import Foundation

/// Decompression of gzip data (RFC 1952, one or more members) through zlib's `inflate`.
public enum Gzip {
    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The decompressed bytes of `data`, a gzip stream (concatenated members are joined, as `gzip -dc`).
    ///
    /// - Parameter limit: the largest decompressed size accepted, so a corrupt or hostile header cannot
    ///   exhaust memory (default 4 GiB).
    /// - Throws: `ImagingError.invalidParameter` naming zlib's message for corrupt or truncated data.
    public static func decompress(_ data: Data, limit: Int = 1 << 32) throws -> Data {
        var stream = z_stream()
        // windowBits 15 + 16: gzip wrapper only, 32 KiB window (zlib.h, inflateInit2).
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ImagingError.invalidParameter(name: "gzip", value: "zlib", expected: "inflateInit2 to succeed")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var input = [UInt8](data)
        let total = input.count
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(total)
            while true {
                status = buffer.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                output.append(buffer, count: produced)
                guard output.count <= limit else {
                    throw ImagingError.invalidParameter(
                        name: "gzip decompressed size", value: "more than \(limit) bytes", expected: "at most \(limit)")
                }
                if status == Z_STREAM_END {
                    // Another member may follow (as `gzip -dc` joins them).
                    guard stream.avail_in > 0 else { break }
                    guard inflateReset(&stream) == Z_OK else { break }
                    continue
                }
                guard status == Z_OK || (status == Z_BUF_ERROR && produced > 0) else {
                    let message = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                    let reason = status == Z_BUF_ERROR ? "truncated gzip data" : message
                    throw ImagingError.invalidParameter(name: "gzip data", value: reason, expected: "a complete gzip stream")
                }
            }
        }
        return output
    }
}
