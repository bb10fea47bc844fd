import Yams

/// A `Decoder` over a composed YAML tree that records problems in a `StrictDecodingLog` instead of
/// stopping at the first.
///
/// Configuration types decode every key with `decodeIfPresent` and take their default when it
/// returns nil. Here `decodeIfPresent` returns nil for an absent key, a null value, and a value that
/// could not be decoded (after recording why: wrong type, unknown enum word naming the allowed ones,
/// number out of range). Only scalars the YAML resolver typed as numbers count as numbers, so `'12'`
/// (quoted) is text. Anchors and aliases are not supported.
struct StrictYAMLDecoder: Decoder {
    let node: Node
    let path: ConfigurationPath
    let log: StrictDecodingLog

    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else {
            throw log.fail(path, "expected a mapping of keys, found \(node.foundDescription)", at: node)
        }
        return KeyedDecodingContainer(StrictKeyedContainer<Key>(mapping: mapping, path: path, log: log))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw log.fail(path, "expected a list, found \(node.foundDescription)", at: node)
        }
        return StrictUnkeyedContainer(elements: Array(sequence), path: path, log: log)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        StrictSingleValueContainer(node: node, path: path, log: log)
    }

    /// Decodes `type` from `node`; any failure is recorded (once) and rethrown as `AlreadyReported`.
    static func decode<T: Decodable>(
        _ type: T.Type, from node: Node, at path: ConfigurationPath, log: StrictDecodingLog
    )
        throws -> T
    {
        if case .alias = node { throw log.fail(path, "anchors and aliases are not supported", at: node) }
        do {
            return try T(from: StrictYAMLDecoder(node: node, path: path, log: log))
        } catch let error as StrictDecodingLog.AlreadyReported {
            throw error
        } catch {
            if let words = T.self as? any ConfigurationEnum.Type {
                throw log.fail(
                    path, "\(node.foundDescription) is not one of \(words.allowedValues.joined(separator: ", "))",
                    at: node)
            }
            throw log.fail(path, "invalid value \(node.foundDescription): \(error)", at: node)
        }
    }

    /// A scalar as a Swift primitive, or a recorded type problem.
    static func primitive<T>(_ type: T.Type, from node: Node, at path: ConfigurationPath, log: StrictDecodingLog) throws
        -> T
    {
        func fail(_ expected: String) -> StrictDecodingLog.AlreadyReported {
            log.fail(path, "expected \(expected), found \(node.foundDescription)", at: node)
        }
        guard let scalar = node.scalar, !node.isNull else { throw fail(expectedDescription(of: type)) }
        let isNumber = node.tagName == .int || node.tagName == .float
        let value: Any?
        switch type {
        case is String.Type:
            value = scalar.string
        case is Bool.Type:
            guard node.tagName == .bool, let flag = Bool.construct(from: scalar) else { throw fail("true or false") }
            value = flag
        case is Double.Type, is Float.Type:
            guard isNumber, let number = Double.construct(from: scalar) else { throw fail("a number") }
            value = type == Float.self ? Float(number) as Any : number as Any
        default:
            guard let integerType = type as? any FixedWidthInteger.Type else { throw fail("a value of type \(type)") }
            guard node.tagName == .int, let integer = Int.construct(from: scalar) else { throw fail("an integer") }
            guard let converted = integerType.init(exactly: integer) else {
                throw fail("an integer in \(integerType.min)…\(integerType.max)")
            }
            value = converted
        }
        guard let typed = value as? T else { throw fail(expectedDescription(of: type)) }
        return typed
    }

    static func expectedDescription(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        case is Double.Type, is Float.Type: return "a number"
        default: return "an integer"
        }
    }
}

/// The keys of one YAML mapping; every access records the key as known.
struct StrictKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let mapping: Node.Mapping
    let path: ConfigurationPath
    let log: StrictDecodingLog

    var codingPath: [any CodingKey] { path.codingPath }
    var allKeys: [Key] { mapping.keys.compactMap { $0.scalar.flatMap { Key(stringValue: $0.string) } } }

    private func value(_ key: Key) -> Node? {
        log.request(key.stringValue, at: path)
        return mapping[key.stringValue]
    }

    func contains(_ key: Key) -> Bool { value(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { value(key)?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let node = value(key), !node.isNull else {
            throw log.fail(path.appending(key: key.stringValue), "is required", at: nil)
        }
        return try StrictYAMLDecoder.decode(type, from: node, at: path.appending(key: key.stringValue), log: log)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = value(key), !node.isNull else { return nil }
        return try? StrictYAMLDecoder.decode(type, from: node, at: path.appending(key: key.stringValue), log: log)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { StrictYAMLDecoder(node: .mapping(mapping), path: path, log: log) }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }

    private func decoder(for key: Key) throws -> StrictYAMLDecoder {
        guard let node = value(key) else {
            throw log.fail(path.appending(key: key.stringValue), "is required", at: nil)
        }
        return StrictYAMLDecoder(node: node, path: path.appending(key: key.stringValue), log: log)
    }

    // Every primitive goes through the generic functions above.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T { try decode(type, forKey: key) }
    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        try decodeIfPresent(type, forKey: key)
    }
}

/// The elements of one YAML list.
struct StrictUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [Node]
    let path: ConfigurationPath
    let log: StrictDecodingLog
    private(set) var currentIndex = 0

    init(elements: [Node], path: ConfigurationPath, log: StrictDecodingLog) {
        self.elements = elements
        self.path = path
        self.log = log
    }

    var codingPath: [any CodingKey] { path.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, elementPath) = try next()
        return try StrictYAMLDecoder.decode(type, from: node, at: elementPath, log: log)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let (node, elementPath) = try next()
        return try StrictYAMLDecoder(node: node, path: elementPath, log: log).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, elementPath) = try next()
        return try StrictYAMLDecoder(node: node, path: elementPath, log: log).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, elementPath) = try next()
        return StrictYAMLDecoder(node: node, path: elementPath, log: log)
    }

    private mutating func next() throws -> (Node, ConfigurationPath) {
        guard !isAtEnd else { throw log.fail(path, "has too few elements", at: nil) }
        defer { currentIndex += 1 }
        return (elements[currentIndex], path.appending(index: currentIndex))
    }
}

/// One YAML scalar (or any node, for types that decode themselves from a single value).
struct StrictSingleValueContainer: SingleValueDecodingContainer {
    let node: Node
    let path: ConfigurationPath
    let log: StrictDecodingLog

    var codingPath: [any CodingKey] { path.codingPath }

    func decodeNil() -> Bool { node.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try StrictYAMLDecoder.decode(type, from: node, at: path, log: log)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try primitive(type) }
    func decode(_ type: String.Type) throws -> String { try primitive(type) }
    func decode(_ type: Double.Type) throws -> Double { try primitive(type) }
    func decode(_ type: Float.Type) throws -> Float { try primitive(type) }
    func decode(_ type: Int.Type) throws -> Int { try primitive(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try primitive(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try primitive(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try primitive(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try primitive(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try primitive(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try primitive(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try primitive(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try primitive(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try primitive(type) }

    private func primitive<T>(_ type: T.Type) throws -> T {
        try StrictYAMLDecoder.primitive(type, from: node, at: path, log: log)
    }
}
