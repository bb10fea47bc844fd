// Reading and writing Hugging Face safetensors files.
//
// Layout: an 8-byte little-endian UInt64 `N`, then `N` bytes of UTF-8 JSON (an object), then the
// data buffer. Each JSON key other than `__metadata__` names a tensor and maps to
// `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`, offsets relative to the start
// of the data buffer; `__metadata__` is an optional string → string map.
//
// The header is validated completely before any tensor byte is read or any tensor is allocated:
// the file comes from outside the engine, and a header that lies (a huge shape, offsets past the
// end, overlapping tensors) must become a readable error naming the file and the rule broken, not
// a crash, a giant allocation or silently wrong weights. Once the header has passed, every
// allocation is bounded by the file's own size. The rules are those of the reference
// implementation, including its requirement that the tensors cover the data buffer exactly, with
// no holes and no trailing bytes.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The contents of a safetensors file: named Float32 tensors and string metadata.
public struct SafetensorsFile {
    /// The tensors by name, exactly as spelled in the file (e.g. `encoder1.model.0.conv.weight`),
    /// so a PyTorch `state_dict` converted to safetensors loads by its own keys.
    public var tensors: [String: Tensor]
    /// The string → string map stored under `__metadata__`; empty when the file has none.
    public var metadata: [String: String]
    /// The tensor names in the order their bytes appear in the data buffer.
    public var order: [String]

    /// Groups tensors and metadata; `order` is the tensor names sorted, the order `write` uses.
    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
        self.order = tensors.keys.sorted(by: Self.codePointOrder)
    }

    /// The tensor called `name`, if the file has one.
    public subscript(name: String) -> Tensor? { tensors[name] }

    /// The largest header accepted, in bytes (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    /// The dtypes this engine reads (converting them to Float32).
    static let readableDTypes: Set<String> = ["F32", "F16", "BF16"]

    /// Bytes per element of every dtype the format defines. Unreadable dtypes need their size too,
    /// so that a file holding them is checked for damage before being refused.
    static let dtypeSizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "F8_E8M0": 1, "I16": 2, "U16": 2,
        "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8, "C64": 8,
    ]

    // MARK: - Reading

    /// Reads and validates the safetensors file at `url`; F16 and BF16 tensors become Float32.
    ///
    /// - Throws: `TensorError.io` when the file cannot be read, `.malformedSafetensors` when it
    ///   breaks a rule of the format, `.unsupportedDType` when a tensor is not F32, F16 or BF16.
    public static func read(contentsOf url: URL) throws -> SafetensorsFile {
        let data: Data
        do {
            // Mapped where possible, so validating the header touches only the file's first pages.
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw TensorError.io(path: url.path, reason: "cannot read file: \(error.localizedDescription)")
        }
        return try decode(data, path: url.path)
    }

    /// Validates and decodes the bytes of a safetensors file; `path` only names the file in errors.
    ///
    /// - Throws: `TensorError.malformedSafetensors` or `.unsupportedDType`, as `read` does.
    public static func decode(_ data: Data, path: String) throws -> SafetensorsFile {
        func malformed(_ reason: String) -> TensorError { .malformedSafetensors(path: path, reason: reason) }
        guard data.count >= 8 else {
            throw malformed("file is \(data.count) bytes, shorter than the 8-byte header length prefix")
        }
        return try data.withUnsafeBytes { (file: UnsafeRawBufferPointer) in
            let length = UInt64(littleEndian: file.loadUnaligned(as: UInt64.self))
            guard length <= UInt64(maximumHeaderLength) else {
                throw malformed("header length \(length) bytes exceeds the limit of \(maximumHeaderLength)")
            }
            guard length <= UInt64(file.count - 8) else {
                throw malformed("header length \(length) bytes is larger than the \(file.count - 8) bytes "
                    + "that follow it")
            }
            let headerEnd = 8 + Int(length)
            let header = try parseHeader(UnsafeRawBufferPointer(rebasing: file[8..<headerEnd]), path: path)
            let buffer = UnsafeRawBufferPointer(rebasing: file[headerEnd...])
            let order = try checkLayout(header.entries, bufferCount: buffer.count, path: path)
            // Damage first, support second: a broken file is reported as broken even if it also
            // holds, say, I64 tensors.
            if let entry = header.entries.first(where: { !readableDTypes.contains($0.dtype) }) {
                throw TensorError.unsupportedDType(path: path, tensor: entry.name, dtype: entry.dtype)
            }
            var tensors: [String: Tensor] = [:]
            for entry in header.entries { tensors[entry.name] = makeTensor(entry, buffer) }
            var result = SafetensorsFile(tensors: tensors, metadata: header.metadata)
            result.order = order
            return result
        }
    }

    /// One tensor's header entry, after its JSON types have been checked.
    struct Entry {
        let name: String, dtype: String, shape: [Int], begin: Int, end: Int
    }

    /// Parses the JSON header and checks each entry on its own: JSON types, dtype, dimensions, and
    /// that the byte range matches shape × dtype size. `checkLayout` then checks entries together.
    private static func parseHeader(
        _ bytes: UnsafeRawBufferPointer, path: String
    ) throws -> (entries: [Entry], metadata: [String: String]) {
        func malformed(_ reason: String) -> TensorError { .malformedSafetensors(path: path, reason: reason) }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw malformed("header is not valid UTF-8") }
        let root: JSON
        do { root = try JSONParser.parse(bytes) } catch let error as JSONParser.SyntaxError {
            throw malformed("header is not valid JSON: \(error.message)")
        }
        guard case .object(let members) = root else { throw malformed("header is \(root.kind), not a JSON object") }
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (name, value) in members {
            if name == "__metadata__" {
                if case .null = value { continue }  // what a writer with no metadata may emit
                guard case .object(let pairs) = value else {
                    throw malformed("__metadata__ is \(value.kind), not an object")
                }
                for (key, item) in pairs {
                    guard case .string(let text) = item else {
                        throw malformed("__metadata__ value for '\(key)' is \(item.kind), not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            func bad(_ problem: String) -> TensorError { malformed("tensor '\(name)': \(problem)") }
            guard case .object(let fields) = value else { throw bad("entry is \(value.kind), not an object") }
            func field(_ key: String) throws -> JSON {
                guard let found = fields.first(where: { $0.key == key }) else { throw bad("missing \"\(key)\"") }
                return found.value
            }
            func integers(_ key: String) throws -> [Int] {
                let json = try field(key)
                guard case .array(let items) = json else { throw bad("\"\(key)\" is \(json.kind), not an array") }
                return try items.map { item in
                    // `Int(text)` refuses fractions and exponents (1.0, 1e3) and out-of-range values.
                    guard case .number(let text) = item, let value = Int(text) else {
                        throw bad("\"\(key)\" holds \(item.kind), not an integer in range")
                    }
                    return value
                }
            }
            let dtypeJSON = try field("dtype")
            guard case .string(let dtype) = dtypeJSON else { throw bad("\"dtype\" is \(dtypeJSON.kind), not a string") }
            let shape = try integers("shape")
            let offsets = try integers("data_offsets")
            if let dim = shape.first(where: { $0 < 0 }) { throw bad("negative dimension \(dim) in shape \(shape)") }
            guard offsets.count == 2 else { throw bad("\"data_offsets\" has \(offsets.count) numbers, not 2") }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0 else { throw bad("negative data_offsets begin \(begin)") }
            guard begin <= end else { throw bad("data_offsets [\(begin), \(end)] has begin > end") }
            guard let size = dtypeSizes[dtype] else {  // size unknown, so nothing more can be checked
                throw TensorError.unsupportedDType(path: path, tensor: name, dtype: dtype)
            }
            var elements = 1
            for dim in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                guard !overflow else { throw bad("shape \(shape) has too many elements") }
                elements = product
            }
            let (needed, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow, needed == end - begin else {
                throw bad("shape \(shape) of \(dtype) needs \(elements) × \(size) bytes "
                    + "but data_offsets [\(begin), \(end)] span \(end - begin) bytes")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end))
        }
        return (entries, metadata)
    }

    /// Checks that the byte ranges lie inside the data buffer, do not overlap, and cover it with no
    /// holes. Returns the tensor names in buffer order.
    private static func checkLayout(_ entries: [Entry], bufferCount: Int, path: String) throws -> [String] {
        func malformed(_ reason: String) -> TensorError { .malformedSafetensors(path: path, reason: reason) }
        for entry in entries where entry.end > bufferCount {
            throw malformed("tensor '\(entry.name)': data_offsets end \(entry.end) "
                + "is beyond the data buffer of \(bufferCount) bytes")
        }
        // The header index breaks ties, so empty tensors sharing an offset keep their header order.
        let sorted = entries.enumerated().sorted {
            ($0.element.begin, $0.element.end, $0.offset) < ($1.element.begin, $1.element.end, $1.offset)
        }.map(\.element)
        var covered = 0
        for (index, entry) in sorted.enumerated() {
            if entry.begin < covered {
                let previous = sorted[index - 1]
                throw malformed("tensors '\(previous.name)' [\(previous.begin), \(previous.end)) and "
                    + "'\(entry.name)' [\(entry.begin), \(entry.end)) overlap")
            }
            guard entry.begin == covered else {
                throw malformed("data buffer bytes [\(covered), \(entry.begin)) belong to no tensor "
                    + "(holes are not allowed)")
            }
            covered = entry.end
        }
        guard covered == bufferCount else {
            throw malformed("data buffer is \(bufferCount) bytes but the tensors cover only \(covered) "
                + "(trailing bytes are not allowed)")
        }
        return sorted.map(\.name)
    }

    /// Converts one validated entry's little-endian bytes to a Float32 tensor.
    private static func makeTensor(_ entry: Entry, _ buffer: UnsafeRawBufferPointer) -> Tensor {
        let tensor = Tensor(zeros: entry.shape)
        let out = tensor.pointer
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[entry.begin..<entry.end])
        // Unaligned loads: the data buffer starts at 8 + N, which other writers need not align.
        func bits16(_ i: Int) -> UInt16 {
            UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
        }
        func bits32(_ i: Int) -> UInt32 {
            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
        }
        switch entry.dtype {
        case "F32": for i in 0..<tensor.count { out[i] = Float(bitPattern: bits32(i)) }
        case "F16": for i in 0..<tensor.count { out[i] = floatFromHalfBits(bits16(i)) }
        case "BF16": for i in 0..<tensor.count { out[i] = floatFromBFloat16Bits(bits16(i)) }
        default: preconditionFailure("SafetensorsFile.makeTensor: dtype \(entry.dtype) passed validation")
        }
        return tensor
    }

    // MARK: - Writing

    /// The bytes of a safetensors file holding `tensors` as F32 and `metadata` under
    /// `__metadata__` (omitted when empty).
    ///
    /// The output is deterministic and matches the reference writer's conventions: `__metadata__`
    /// first, then tensors in sorted-name order (by Unicode code point) both in the header and in
    /// the data buffer; each entry as `{"dtype":…,"shape":…,"data_offsets":…}` with no spaces; the
    /// header padded with spaces so that 8 + N is a multiple of 8. No tensor may be named
    /// `__metadata__`.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        let (header, sorted) = layout(tensors, metadata: metadata)
        var data = Data(capacity: header.count + sorted.reduce(0) { $0 + 4 * $1.count })
        data.append(contentsOf: header)
        for tensor in sorted { withLittleEndianBytes(of: tensor) { data.append(contentsOf: $0) } }
        return data
    }

    /// Writes `encode(tensors, metadata:)` to `url` atomically: the bytes go to a temporary file in
    /// the same directory, which is flushed to disk and then renamed over `url`, so readers see
    /// the old file or the complete new one, never a half-written one.
    ///
    /// - Throws: `TensorError.io` naming `url` if any step fails; the temporary file is removed.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        let (header, sorted) = layout(tensors, metadata: metadata)
        let path = url.path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp").path
        func failure(_ step: String) -> TensorError {
            .io(path: path, reason: "cannot write safetensors file: \(step): \(String(cString: strerror(errno)))")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create temporary file \(temporary)") }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(fd) }
            if !renamed { unlink(temporary) }
        }
        guard header.withUnsafeBytes({ writeAllBytes(fd, $0) }) else { throw failure("write") }
        for tensor in sorted {
            guard withLittleEndianBytes(of: tensor, { writeAllBytes(fd, $0) }) else { throw failure("write") }
        }
        guard fsync(fd) == 0 else { throw failure("fsync") }
        closed = true
        guard close(fd) == 0 else { throw failure("close") }
        guard rename(temporary, path) == 0 else { throw failure("rename \(temporary) to its final name") }
        renamed = true
    }

    /// The file's first 8 + N bytes (length prefix and padded JSON header), and the tensors in the
    /// order their bytes follow.
    private static func layout(
        _ tensors: [String: Tensor], metadata: [String: String]
    ) -> (header: [UInt8], sorted: [Tensor]) {
        precondition(tensors["__metadata__"] == nil, "safetensors: a tensor cannot be named __metadata__")
        let names = tensors.keys.sorted(by: codePointOrder)
        var json = Array("{".utf8)
        if !metadata.isEmpty {
            json += Array(#""__metadata__":{"#.utf8)
            for (i, key) in metadata.keys.sorted(by: codePointOrder).enumerated() {
                if i > 0 { json.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &json)
                json.append(UInt8(ascii: ":"))
                appendJSONString(metadata[key]!, to: &json)
            }
            json.append(UInt8(ascii: "}"))
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            if json.count > 1 { json.append(UInt8(ascii: ",")) }
            appendJSONString(name, to: &json)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            let end = offset + 4 * tensor.count
            json += Array(#":{"dtype":"F32","shape":[\#(shape)],"data_offsets":[\#(offset),\#(end)]}"#.utf8)
            offset = end
        }
        json.append(UInt8(ascii: "}"))
        json += repeatElement(UInt8(ascii: " "), count: (8 - json.count % 8) % 8)
        let length = UInt64(json.count)
        return ((0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json, names.map { tensors[$0]! })
    }

    /// Appends `text` as a JSON string literal, escaped as serde_json and Python's `json` escape.
    private static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {  // bytes of multi-byte characters are >= 0x80 and pass through
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0..<0x20: out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Orders by Unicode code point (UTF-8 byte order), as Python's `sorted` does; unlike `<` on
    /// `String`, this does not depend on normalisation.
    static func codePointOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Calls `body` with the tensor's elements as little-endian Float32 bytes.
    private static func withLittleEndianBytes<R>(of tensor: Tensor, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        #if _endian(little)
        // `pointer` does not keep the storage alive by itself; the tensor must outlive `body`.
        return withExtendedLifetime(tensor) {
            body(UnsafeRawBufferPointer(UnsafeBufferPointer(start: tensor.pointer, count: tensor.count)))
        }
        #else
        return tensor.values.map { $0.bitPattern.littleEndian }.withUnsafeBytes(body)
        #endif
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes and interrupted calls.
private func writeAllBytes(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var done = 0
    while done < bytes.count {
        let written = write(fd, bytes.baseAddress! + done, bytes.count - done)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        done += written
    }
    return true
}
