import Foundation
import Testing

@testable import Tensor

/// Safetensors reading and writing, checked against a file from an independent (Python) writer,
/// against bytes decoded by hand, and against one hand-built broken file per validation rule.
@Suite struct SafetensorsTests {
    // MARK: - Helpers

    /// A safetensors file built by hand: 8-byte little-endian length, header bytes, data buffer.
    static func file(header: [UInt8], data: [UInt8] = []) -> Data {
        Data(littleEndian(UInt64(header.count), bytes: 8) + header + data)
    }

    static func file(_ header: String, data: [UInt8] = []) -> Data { file(header: Array(header.utf8), data: data) }

    /// A one-tensor file: tensor `w` with the given JSON fields and `dataBytes` zero bytes of data.
    static func oneTensor(_ fields: String, dataBytes: Int) -> Data {
        file("{\"w\":{\(fields)}}", data: [UInt8](repeating: 0, count: dataBytes))
    }

    /// A header entry's JSON text.
    static func entry(_ name: String, _ dtype: String = "F32", shape: [Int], offsets: (Int, Int)) -> String {
        let dims = shape.map(String.init).joined(separator: ",")
        return #""\#(name)":{"dtype":"\#(dtype)","shape":[\#(dims)],"data_offsets":[\#(offsets.0),\#(offsets.1)]}"#
    }

    static func littleEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// Little-endian bytes of 16-bit patterns, for F16/BF16 data buffers.
    static func bytes(_ patterns: [UInt16]) -> [UInt8] { patterns.flatMap { littleEndian(UInt64($0), bytes: 2) } }

    /// The little-endian UInt32 at `at`, assembled byte by byte.
    static func uint32(_ raw: [UInt8], at: Int) -> UInt32 {
        UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(raw[at + 3]) << 24
    }

    static let badPath = "models/broken.safetensors"

    /// Decoding `data` must throw `.malformedSafetensors` for `badPath` with `problem` in its reason.
    func expectMalformed(_ data: Data, _ problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: TensorError.self, sourceLocation: sourceLocation) {
            try SafetensorsFile.decode(data, path: Self.badPath)
        }
        guard case .malformedSafetensors(let path, let reason)? = error else {
            Issue.record("expected .malformedSafetensors, got \(error.map(String.init(describing:)) ?? "nil")",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(path == Self.badPath, sourceLocation: sourceLocation)
        #expect(reason.contains(problem), "reason: \(reason)", sourceLocation: sourceLocation)
        let prefix = "\(Self.badPath): not a valid safetensors file"
        #expect(error!.description.hasPrefix(prefix), sourceLocation: sourceLocation)
    }

    /// The `.io` error's path and reason, recording an issue for any other outcome.
    func expectIOError(
        _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) -> (path: String, reason: String)? {
        let error = #expect(throws: TensorError.self, sourceLocation: sourceLocation) { try body() }
        guard case .io(let path, let reason)? = error else {
            Issue.record("expected .io, got \(String(describing: error))", sourceLocation: sourceLocation)
            return nil
        }
        return (path, reason)
    }

    func fixtureURL() throws -> URL {
        try #require(
            Bundle.module.url(forResource: "conv2d_s2_p1", withExtension: "safetensors", subdirectory: "Fixtures"))
    }

    /// A fresh empty directory; the caller removes it.
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: - Reading the Python-written fixture

    @Test func fixtureNamesShapesAndMetadata() throws {
        let file = try SafetensorsFile.read(contentsOf: try fixtureURL())
        let names = ["bias", "grad_bias", "grad_out", "grad_weight", "grad_x", "out", "weight", "x"]
        #expect(file.order == names)  // the Python writer lays tensors out in sorted-name order
        #expect(Set(file.tensors.keys) == Set(names))
        #expect(file["x"]?.shape == [2, 3, 9, 8])
        #expect(file["weight"]?.shape == [4, 3, 3, 3])
        #expect(file["bias"]?.shape == [4])
        #expect(file["out"]?.shape == [2, 4, 5, 4])
        #expect(file["grad_x"]?.shape == [2, 3, 9, 8])
        #expect(file.metadata["stride"] == "2")
        #expect(file.metadata["padding"] == "1")
        #expect(file.metadata["case"] == "conv2d_s2_p1")
        #expect(file.metadata.count == 9)
    }

    /// Every value equals the float decoded here by hand from the raw bytes, at offsets taken from
    /// Foundation's JSON parser (independent of the one under test).
    @Test func fixtureValuesMatchBytesDecodedByHand() throws {
        let raw = [UInt8](try Data(contentsOf: try fixtureURL()))
        let n = Int(Self.uint32(raw, at: 0)) | Int(Self.uint32(raw, at: 4)) << 32
        #expect(n == 832)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(raw[8..<(8 + n)])) as? [String: Any])
        let file = try SafetensorsFile.read(contentsOf: try fixtureURL())
        for (name, tensor) in file.tensors {
            let entry = try #require(header[name] as? [String: Any])
            let offsets = try #require(entry["data_offsets"] as? [Int])
            #expect(entry["shape"] as? [Int] == tensor.shape)
            let values = tensor.values
            #expect(offsets[1] - offsets[0] == 4 * values.count)
            for i in values.indices {
                #expect(values[i].bitPattern == Self.uint32(raw, at: 8 + n + offsets[0] + 4 * i), "\(name)[\(i)]")
            }
        }
        // Spot check with the offset read off the header by eye: x's data starts at 3904.
        #expect(file["x"]!.values[0] == Float(bitPattern: Self.uint32(raw, at: 8 + 832 + 3904)))
    }

    /// Our writer and the Python one follow the same conventions, so re-encoding is byte-identical.
    @Test func reencodingTheFixtureReproducesItsBytes() throws {
        let url = try fixtureURL()
        let file = try SafetensorsFile.read(contentsOf: url)
        #expect(SafetensorsFile.encode(file.tensors, metadata: file.metadata) == (try Data(contentsOf: url)))
    }

    /// Names are kept byte for byte, including `\u` escapes as Python's `json.dumps` writes them.
    @Test func namesAreKeptExactly() throws {
        let header = "{" + Self.entry(#"caf\u00e9.w"#, shape: [1], offsets: (0, 4)) + ","
            + Self.entry(#"\ud83d\ude00"#, shape: [0], offsets: (4, 4)) + ","
            + Self.entry("encoder1.model.0.conv.weight", shape: [1, 1], offsets: (4, 8)) + "}"
        let file = try SafetensorsFile.decode(Self.file(header, data: Self.bytes([0, 0x3F80, 0, 0x4000])), path: "n")
        #expect(file.order == ["café.w", "😀", "encoder1.model.0.conv.weight"])
        #expect(file["café.w"]?.values == [1])
        #expect(file["😀"]?.shape == [0])
        #expect(file["encoder1.model.0.conv.weight"]?.values == [2])
    }

    /// Truncating or corrupting a valid file anywhere must give a thrown error or a valid result,
    /// never a trap: the reader is where outside data enters the engine.
    @Test func corruptedFilesNeverTrap() throws {
        let valid = [UInt8](try Data(contentsOf: try fixtureURL()))
        for length in stride(from: 0, to: valid.count, by: 37) {
            #expect(throws: TensorError.self) { try SafetensorsFile.decode(Data(valid.prefix(length)), path: "t") }
        }
        var random = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 0..<(8 + 832), using: &random)  // in the length prefix or header
                bytes[at] = UInt8.random(in: 0...255, using: &random)
            }
            _ = try? SafetensorsFile.decode(Data(bytes), path: "fuzz")
        }
    }

    @Test func readingAMissingFileIsAnIOError() {
        let url = URL(fileURLWithPath: "/nonexistent/model.safetensors")
        #expect(expectIOError { _ = try SafetensorsFile.read(contentsOf: url) }?.path == url.path)
    }

    // MARK: - Writing

    @Test func roundTripPreservesNamesValuesAndMetadata() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let special: [Float] = [
            -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            Float(bitPattern: 0x7FC0_1234),  // a quiet NaN with a payload
        ]
        let tensors: [String: Tensor] = [
            "encoder1.model.0.conv.weight": Tensor(shape: [2, 3], values: [1, -2, 3.5, 1e-8, 6e7, -0.125]),
            "encoder1.model.0.conv.bias": Tensor(shape: [6], values: special),
            "scale": Tensor(scalar: 0.5),
            "empty": Tensor(zeros: [0, 3]),
            "ünïcode \"quoted\"\n": Tensor(shape: [1, 1, 1], values: [42]),
        ]
        let metadata = ["format": "pt", "note": "tab\there, quote \" backslash \\ bell \u{7} é", "": "empty key"]
        let url = dir.appendingPathComponent("model.safetensors")
        try SafetensorsFile.write(tensors, metadata: metadata, to: url)
        let read = try SafetensorsFile.read(contentsOf: url)
        #expect(read.metadata == metadata)
        #expect(read.order == [
            "empty", "encoder1.model.0.conv.bias", "encoder1.model.0.conv.weight", "scale", "ünïcode \"quoted\"\n",
        ])
        for (name, tensor) in tensors {
            let back = try #require(read[name])
            #expect(back.shape == tensor.shape)
            #expect(back.values.map(\.bitPattern) == tensor.values.map(\.bitPattern), "\(name)")
        }
        let bytes = try Data(contentsOf: url)
        #expect(bytes == SafetensorsFile.encode(tensors, metadata: metadata))
        // The header ends with '}' and then fewer than 8 spaces, up to an 8-byte boundary.
        let n = Int(Self.uint32([UInt8](bytes), at: 0))
        #expect((8 + n) % 8 == 0)
        let header = try #require(String(data: bytes[8..<(8 + n)], encoding: .utf8))
        let unpadded = header.trimmingCharacters(in: .init(charactersIn: " "))
        #expect(unpadded.hasSuffix("}") && header.hasPrefix(unpadded) && header.count - unpadded.count < 8)

        // Writing again (over the existing file) gives the same bytes and leaves no temporary file.
        try SafetensorsFile.write(tensors, metadata: metadata, to: url)
        #expect(try Data(contentsOf: url) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.safetensors"])
    }

    @Test func headerIsDeterministicAndSorted() throws {
        let tensors = ["b": Tensor(shape: [2], values: [1, 2]), "a.1": Tensor(shape: [1], values: [3])]
        let data = SafetensorsFile.encode(tensors, metadata: ["z": "1", "y": "2"])
        let expected = #"{"__metadata__":{"y":"2","z":"1"},"#
            + #""a.1":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        let padded = expected + String(repeating: " ", count: (8 - expected.utf8.count % 8) % 8)
        #expect(data == Self.file(padded, data: Self.bytes([0, 0x4040, 0, 0x3F80, 0, 0x4000])))
        #expect(SafetensorsFile.encode([:]) == Self.file("{}      "))
    }

    @Test func failedWriteThrowsAndLeavesNoTemporaryFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The target is an existing non-empty directory, so the final rename fails.
        let target = dir.appendingPathComponent("taken")
        let inner = target.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        let renameError = expectIOError { try SafetensorsFile.write(["x": Tensor(scalar: 1)], to: target) }
        #expect(renameError?.path == target.path)
        #expect(renameError?.reason.contains("rename") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["taken"])

        let missing = dir.appendingPathComponent("no/such/dir/model.safetensors")
        let openError = expectIOError { try SafetensorsFile.write(["x": Tensor(scalar: 1)], to: missing) }
        #expect(openError?.path == missing.path)
        #expect(openError?.reason.contains("cannot create temporary file") == true)
    }

    // MARK: - F16 and BF16

    @Test func halfTensorsConvertExactly() throws {
        let patterns: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0xFC00, 0x8000, 0x03FF, 0x0400, 0x3555]
        let expected: [Float] = [
            1, -2, 65504, 0x1p-24, .infinity, -.infinity, -0.0, 1023 * 0x1p-24, 0x1p-14, 0x1.554p-2,
        ]
        let header = "{" + Self.entry("h", "F16", shape: [2, 5], offsets: (0, 20)) + "}"
        let h = try #require(try SafetensorsFile.decode(Self.file(header, data: Self.bytes(patterns)), path: "h")["h"])
        #expect(h.shape == [2, 5])
        #expect(h.values.map(\.bitPattern) == expected.map(\.bitPattern))

        let nanHeader = "{" + Self.entry("n", "F16", shape: [], offsets: (0, 2)) + "}"
        let nanFile = try SafetensorsFile.decode(Self.file(nanHeader, data: Self.bytes([0x7E00])), path: "n")
        let nan = try #require(nanFile["n"])
        #expect(nan.item.bitPattern == 0x7FC0_0000)  // quiet NaN, payload moved to the top of the mantissa
    }

    /// Every one of the 65,536 half bit patterns against the value computed in Double from the
    /// IEEE 754 definition: (-1)^s × 2^(e-15) × (1 + m/1024), or 2^-14 × m/1024 when e = 0.
    @Test func everyHalfBitPatternMatchesTheDefinition() {
        for bits in UInt16.min...UInt16.max {
            let sign: Double = bits & 0x8000 == 0 ? 1 : -1
            let e = Int(bits >> 10) & 0x1F
            let m = Double(bits & 0x3FF)
            let converted = floatFromHalfBits(bits)
            if e == 0x1F {
                #expect(m == 0 ? converted == Float(sign * .infinity) : converted.isNaN, "\(bits)")
            } else {
                let scale = Double(sign: .plus, exponent: e - 15, significand: 1)
                let value = e == 0 ? sign * (m / 1024) * 0x1p-14 : sign * (1 + m / 1024) * scale
                #expect(Double(converted) == value && converted.sign == (sign < 0 ? .minus : .plus), "\(bits)")
            }
        }
    }

    @Test func bfloat16TensorsConvertExactly() throws {
        let patterns: [UInt16] = [0x3F80, 0xC000, 0x4049, 0x7F7F, 0x0001, 0x7F80, 0xFF80, 0x8000]
        let expected: [Float] = [1, -2, 3.140625, 0x1.FEp127, 0x1p-133, .infinity, -.infinity, -0.0]
        let header = "{" + Self.entry("b", "BF16", shape: [8], offsets: (0, 16)) + "}"
        let b = try #require(try SafetensorsFile.decode(Self.file(header, data: Self.bytes(patterns)), path: "b")["b"])
        #expect(b.values.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(floatFromBFloat16Bits(0x7FC0).bitPattern == 0x7FC0_0000)
    }

    // MARK: - Malformed files: one per rule

    @Test func fileShorterThanLengthPrefix() {
        expectMalformed(Data([1, 2, 3]), "file is 3 bytes, shorter than the 8-byte header length prefix")
    }

    @Test func headerLongerThanFile() {
        expectMalformed(Self.file("{}").prefix(9), "header length 2 bytes is larger than the 1 bytes that follow it")
    }

    @Test func absurdHeaderLength() {
        let data = Data(Self.littleEndian(100_000_256, bytes: 8) + [UInt8](repeating: 0x20, count: 16))
        expectMalformed(data, "header length 100000256 bytes exceeds the limit of 100000000")
        expectMalformed(Data(repeating: 0xFF, count: 16), "exceeds the limit")
    }

    @Test func headerNotUTF8() {
        expectMalformed(Self.file(header: [UInt8(ascii: "{"), 0xFF, UInt8(ascii: "}")]), "header is not valid UTF-8")
    }

    @Test func headerNotJSON() {
        expectMalformed(Self.file(#"{"x": {"dtype": "F32""#), "header is not valid JSON: expected ',' or '}'")
        expectMalformed(Self.file(#"{"x": 1} trailing"#), "header is not valid JSON: unexpected text after")
        expectMalformed(Self.file(String(repeating: "[", count: 1000)), "nesting deeper than 64")
    }

    @Test func headerNotAnObject() {
        expectMalformed(Self.file("[1, 2]"), "header is an array, not a JSON object")
    }

    @Test func duplicateTensorName() {
        let entry = Self.entry("x", shape: [], offsets: (0, 4))
        expectMalformed(Self.file("{\(entry),\(entry)}", data: [0, 0, 0, 0]), #"duplicate key "x""#)
    }

    @Test(arguments: ["dtype", "shape", "data_offsets"])
    func entryMissingField(field: String) {
        let all = [#""dtype":"F32""#, #""shape":[1]"#, #""data_offsets":[0,4]"#]
        let fields = all.filter { !$0.hasPrefix("\"\(field)\"") }
        expectMalformed(Self.oneTensor(fields.joined(separator: ","), dataBytes: 4), "tensor 'w': missing \"\(field)\"")
    }

    @Test(arguments: [
        (#""dtype":32,"shape":[1],"data_offsets":[0,4]"#, #""dtype" is the number 32, not a string"#),
        (#""dtype":"F32","shape":"1","data_offsets":[0,4]"#, #""shape" is a string, not an array"#),
        (#""dtype":"F32","shape":[true],"data_offsets":[0,4]"#, #""shape" holds the boolean true, not an integer"#),
        (#""dtype":"F32","shape":[1.0],"data_offsets":[0,4]"#, #""shape" holds the number 1.0, not an integer"#),
        (#""dtype":"F32","shape":[1e0],"data_offsets":[0,4]"#, #""shape" holds the number 1e0, not an integer"#),
        (#""dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999]"#, #""data_offsets" holds the number 9"#),
        (#""dtype":"F32","shape":[1],"data_offsets":[0]"#, #""data_offsets" has 1 numbers, not 2"#),
        (#""dtype":"F32","shape":[1],"data_offsets":{"begin":0}"#, #""data_offsets" is an object, not an array"#),
    ])
    func entryWithWrongJSONTypes(fields: String, problem: String) {
        expectMalformed(Self.oneTensor(fields, dataBytes: 4), "tensor 'w': \(problem)")
    }

    @Test func entryNotAnObject() {
        expectMalformed(Self.file(#"{"w":[1]}"#), "tensor 'w': entry is an array, not an object")
    }

    @Test func negativeDimension() {
        expectMalformed(Self.oneTensor(#""dtype":"F32","shape":[-1,4],"data_offsets":[0,16]"#, dataBytes: 16),
                        "tensor 'w': negative dimension -1 in shape [-1, 4]")
    }

    @Test func beginAfterEnd() {
        expectMalformed(Self.oneTensor(#""dtype":"F32","shape":[4],"data_offsets":[16,0]"#, dataBytes: 16),
                        "tensor 'w': data_offsets [16, 0] has begin > end")
    }

    @Test func endBeyondDataBuffer() {
        expectMalformed(Self.oneTensor(#""dtype":"F32","shape":[8],"data_offsets":[0,32]"#, dataBytes: 16),
                        "tensor 'w': data_offsets end 32 is beyond the data buffer of 16 bytes")
    }

    @Test func byteCountDoesNotMatchShapeAndDType() {
        expectMalformed(Self.oneTensor(#""dtype":"F32","shape":[3],"data_offsets":[0,16]"#, dataBytes: 16),
                        "tensor 'w': shape [3] of F32 needs 3 × 4 bytes but data_offsets [0, 16] span 16 bytes")
        expectMalformed(Self.oneTensor(#""dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]"#,
                                       dataBytes: 16),
                        "has too many elements")
    }

    @Test func overlappingTensors() {
        let header = "{" + Self.entry("a", shape: [4], offsets: (0, 16)) + ","
            + Self.entry("b", shape: [4], offsets: (8, 24)) + "}"
        expectMalformed(Self.file(header, data: .init(repeating: 0, count: 24)),
                        "tensors 'a' [0, 16) and 'b' [8, 24) overlap")
    }

    @Test func holesAndTrailingBytesInDataBuffer() {
        let hole = "{" + Self.entry("a", shape: [1], offsets: (0, 4)) + ","
            + Self.entry("b", shape: [1], offsets: (8, 12)) + "}"
        expectMalformed(Self.file(hole, data: .init(repeating: 0, count: 12)), "bytes [4, 8) belong to no tensor")
        let trailing = "{" + Self.entry("a", shape: [1], offsets: (0, 4)) + "}"
        expectMalformed(Self.file(trailing, data: .init(repeating: 0, count: 8)),
                        "data buffer is 8 bytes but the tensors cover only 4")
    }

    @Test func nonStringMetadataValue() {
        expectMalformed(Self.file(#"{"__metadata__":{"stride":2}}"#),
                        "__metadata__ value for 'stride' is the number 2, not a string")
        expectMalformed(Self.file(#"{"__metadata__":["a"]}"#), "__metadata__ is an array, not an object")
    }

    /// I64 etc. are refused by name (a PyTorch BatchNorm's `num_batches_tracked` is I64); a damaged
    /// entry is still reported as damage first.
    @Test(arguments: ["I64", "F64", "U8", "Q4_K"])
    func unsupportedDType(dtype: String) throws {
        let name = "bn.num_batches_tracked"
        let header = "{" + Self.entry("a", shape: [], offsets: (0, 4)) + ","
            + Self.entry(name, dtype, shape: [], offsets: (4, 12)) + "}"
        let data = Self.file(header, data: .init(repeating: 0, count: 12))
        if dtype == "U8" {  // 1 byte per element, so the 8-byte range is a size mismatch
            expectMalformed(data, "needs 1 × 1 bytes")
            return
        }
        let error = #expect(throws: TensorError.self) { try SafetensorsFile.decode(data, path: Self.badPath) }
        #expect(error == .unsupportedDType(path: Self.badPath, tensor: name, dtype: dtype))
        #expect(error?.description.hasPrefix("\(Self.badPath): tensor '\(name)' has dtype \(dtype)") == true)
    }
}
