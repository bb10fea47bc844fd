// The safetensors header's JSON: a strict parser kept apart from the format logic in
// Safetensors.swift because it is a self-contained piece with one job.

extension SafetensorsFile {
    /// A parsed JSON value. Objects keep their members in file order; numbers keep their text, so
    /// integers are read exactly (no detour through Double) and fractions are refused, not truncated.
    indirect enum JSON {
        case object([(key: String, value: JSON)]), array([JSON]), string(String), number(String), bool(Bool), null

        /// What the value is, for error messages ("a string", "the number 1.5", …).
        var kind: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number(let text): "the number \(text)"
            case .bool(let value): "the boolean \(value)"
            case .null: "null"
            }
        }
    }

    /// A strict RFC 8259 parser for the header. Unlike `JSONSerialization` it keeps key order,
    /// rejects duplicate keys (which would make a file mean two things) and never reads `true` as 1.
    struct JSONParser {
        /// What is wrong and where, without the file path (the caller adds it).
        struct SyntaxError: Error { let message: String }

        let bytes: UnsafeRawBufferPointer
        var index = 0
        var depth = 0

        /// Parses `bytes` as exactly one JSON value, optionally surrounded by whitespace.
        static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSON {
            var parser = JSONParser(bytes: bytes)
            let value = try parser.value()
            parser.skipWhitespace()
            guard parser.peek == nil else { throw parser.error("unexpected text after the top-level value") }
            return value
        }

        func error(_ message: String) -> SyntaxError {
            SyntaxError(message: "\(message) at byte \(index) of the header")
        }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
        func at(_ char: Unicode.Scalar) -> Bool { peek == UInt8(ascii: char) }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        mutating func value() throws -> JSON {
            skipWhitespace()
            guard let first = peek else { throw error("unexpected end of text") }
            switch first {
            case UInt8(ascii: "{"):
                var members: [(key: String, value: JSON)] = []
                var seen = Set<String>()
                try sequence(close: "}") { parser in
                    parser.skipWhitespace()
                    guard parser.at("\"") else { throw parser.error("expected a string key") }
                    let key = try parser.string()
                    guard seen.insert(key).inserted else { throw parser.error("duplicate key \"\(key)\"") }
                    parser.skipWhitespace()
                    guard parser.at(":") else { throw parser.error("expected ':'") }
                    parser.index += 1
                    members.append((key, try parser.value()))
                }
                return .object(members)
            case UInt8(ascii: "["):
                var items: [JSON] = []
                try sequence(close: "]") { items.append(try $0.value()) }
                return .array(items)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("unexpected character")
            }
        }

        /// Parses `open (item (',' item)*)? close` with `open` at `index`. The depth limit keeps a
        /// hostile `[[[[…` header from overflowing the stack.
        mutating func sequence(close: Unicode.Scalar, _ item: (inout JSONParser) throws -> Void) throws {
            depth += 1
            guard depth <= 64 else { throw error("nesting deeper than 64 levels") }
            index += 1
            skipWhitespace()
            if !at(close) {
                while true {
                    try item(&self)
                    skipWhitespace()
                    guard at(",") else { break }
                    index += 1
                }
                guard at(close) else { throw error("expected ',' or '\(close)'") }
            }
            index += 1
            depth -= 1
        }

        mutating func literal(_ word: String) throws {
            for byte in word.utf8 {
                guard peek == byte else { throw error("invalid literal (expected \(word))") }
                index += 1
            }
        }

        /// Scans `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` and returns its text.
        mutating func number() throws -> String {
            let start = index
            if at("-") { index += 1 }
            if at("0") { index += 1 } else if digits() == 0 { throw error("invalid number") }
            if at(".") { index += 1; if digits() == 0 { throw error("invalid number") } }
            if at("e") || at("E") {
                index += 1
                if at("+") || at("-") { index += 1 }
                if digits() == 0 { throw error("invalid number") }
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        mutating func digits() -> Int {
            let start = index
            while let byte = peek, (0x30...0x39).contains(byte) { index += 1 }
            return index - start
        }

        /// Parses a string literal with its opening quote at `index`. The header was checked to be
        /// UTF-8 already, so the unescaped bytes decode losslessly.
        mutating func string() throws -> String {
            let escapes: [UInt8: UInt8] = [
                0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09,
            ]
            index += 1
            var out: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case 0..<0x20: throw error("unescaped control character in string")
                case UInt8(ascii: "\\"):
                    if let escaped = peek.flatMap({ escapes[$0] }) {
                        out.append(escaped)
                        index += 1
                    } else if at("u") {
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar), at("\\") {  // a UTF-16 surrogate pair
                            index += 1
                            guard at("u") else { throw error("invalid \\u escape") }
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw error("lone surrogate in \\u escape") }
                        UTF8.encode(unicode) { out.append($0) }
                    } else {
                        throw error("invalid escape")
                    }
                default: out.append(byte)
                }
            }
            throw error("unterminated string")
        }

        /// Reads `u` and four hex digits, with the `u` at `index`.
        mutating func hex4() throws -> UInt32 {
            index += 1
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = peek, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                    throw error("invalid \\u escape")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
