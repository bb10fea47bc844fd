import Yams

/// An `Encoder` that builds a Yams node tree, keeping keys in the order `encode(to:)` writes them,
/// writing nil as `null` (so every key of the effective configuration is listed) and numbers in
/// Swift's shortest round-tripping form (`0.001`, `256.0`, `1e-05`), which YAML reads back exactly.
/// Lists come out in flow style (`[0.3, 0.5, 0.7]`); text is quoted only where YAML needs it.
struct YAMLNodeEncoder {
    /// The tree of `value`.
    static func node(of value: some Encodable) throws -> Node {
        let root = Box()
        try value.encode(to: TreeEncoder(box: root, path: .root))
        return root.node
    }

    /// YAML text of `value`.
    static func yaml(of value: some Encodable) throws -> String {
        try serialize(node: node(of: value), width: -1, allowUnicode: true)
    }

    /// One node under construction.
    final class Box {
        enum Content {
            case empty
            case scalar(Node)
            case mapping([(String, Box)])
            case sequence([Box])
        }

        var content = Content.empty

        var node: Node {
            switch content {
            case .empty: return Node("null", Tag(.null))
            case .scalar(let node): return node
            case .mapping(let pairs):
                return Node(pairs.map { (Node($0.0, Tag(.str)), $0.1.node) }, Tag(.map), .block)
            case .sequence(let boxes): return Node(boxes.map(\.node), Tag(.seq), .flow)
            }
        }

        func child(forKey key: String) -> Box {
            if case .mapping(let pairs) = content, let existing = pairs.first(where: { $0.0 == key }) {
                return existing.1
            }
            var pairs: [(String, Box)] = []
            if case .mapping(let existing) = content { pairs = existing }
            let child = Box()
            pairs.append((key, child))
            content = .mapping(pairs)
            return child
        }

        func appendedChild() -> Box {
            var boxes: [Box] = []
            if case .sequence(let existing) = content { boxes = existing }
            let child = Box()
            boxes.append(child)
            content = .sequence(boxes)
            return child
        }

        func beginMapping() { if case .empty = content { content = .mapping([]) } }
        func beginSequence() { if case .empty = content { content = .sequence([]) } }
    }

    /// A scalar node for a primitive: tagged so the emitter quotes text that would read as another type.
    static func scalar(_ value: Any) -> Node? {
        switch value {
        case let text as String: return Node(text, Tag(.str))
        case let flag as Bool: return Node(flag ? "true" : "false", Tag(.bool))
        case let number as Double: return Node(format(number), Tag(.float))
        case let number as Float: return Node(format(Double(number)), Tag(.float))
        case let integer as any BinaryInteger: return Node("\(integer)", Tag(.int))
        default: return nil
        }
    }

    /// Swift's shortest round-tripping decimal, with YAML's spellings of infinities and NaN.
    static func format(_ number: Double) -> String {
        if number.isNaN { return ".nan" }
        if number.isInfinite { return number > 0 ? ".inf" : "-.inf" }
        return "\(number)"
    }
}

private struct TreeEncoder: Encoder {
    let box: YAMLNodeEncoder.Box
    let path: ConfigurationPath

    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.beginMapping()
        return KeyedEncodingContainer(TreeKeyedContainer<Key>(box: box, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.beginSequence()
        return TreeUnkeyedContainer(box: box, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { TreeSingleValueContainer(box: box, path: path) }
}

private struct TreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: YAMLNodeEncoder.Box
    let path: ConfigurationPath

    var codingPath: [any CodingKey] { path.codingPath }

    func encodeNil(forKey key: Key) { box.child(forKey: key.stringValue).content = .empty }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }

    private func put<T: Encodable>(_ value: T, _ key: Key) throws {
        let child = box.child(forKey: key.stringValue)
        if let node = YAMLNodeEncoder.scalar(value) {
            child.content = .scalar(node)
        } else {
            try value.encode(to: TreeEncoder(box: child, path: path.appending(key: key.stringValue)))
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(box: box.child(forKey: key.stringValue), path: path.appending(key: key.stringValue))
            .container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(box: box.child(forKey: key.stringValue), path: path.appending(key: key.stringValue))
            .unkeyedContainer()
    }

    func superEncoder() -> any Encoder { TreeEncoder(box: box.child(forKey: "super"), path: path) }

    func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(box: box.child(forKey: key.stringValue), path: path.appending(key: key.stringValue))
    }
}

private struct TreeUnkeyedContainer: UnkeyedEncodingContainer {
    let box: YAMLNodeEncoder.Box
    let path: ConfigurationPath
    private(set) var count = 0

    init(box: YAMLNodeEncoder.Box, path: ConfigurationPath) {
        self.box = box
        self.path = path
    }

    var codingPath: [any CodingKey] { path.codingPath }

    mutating func encodeNil() {
        _ = box.appendedChild()
        count += 1
    }

    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }

    private mutating func put<T: Encodable>(_ value: T) throws {
        let child = box.appendedChild()
        if let node = YAMLNodeEncoder.scalar(value) {
            child.content = .scalar(node)
        } else {
            try value.encode(to: TreeEncoder(box: child, path: path.appending(index: count)))
        }
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        defer { count += 1 }
        return TreeEncoder(box: box.appendedChild(), path: path.appending(index: count)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        defer { count += 1 }
        return TreeEncoder(box: box.appendedChild(), path: path.appending(index: count)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        defer { count += 1 }
        return TreeEncoder(box: box.appendedChild(), path: path.appending(index: count))
    }
}

private struct TreeSingleValueContainer: SingleValueEncodingContainer {
    let box: YAMLNodeEncoder.Box
    let path: ConfigurationPath

    var codingPath: [any CodingKey] { path.codingPath }

    func encodeNil() { box.content = .empty }

    func encode<T: Encodable>(_ value: T) throws { try put(value) }
    func encode(_ value: Bool) throws { try put(value) }
    func encode(_ value: String) throws { try put(value) }
    func encode(_ value: Double) throws { try put(value) }
    func encode(_ value: Float) throws { try put(value) }
    func encode(_ value: Int) throws { try put(value) }
    func encode(_ value: Int8) throws { try put(value) }
    func encode(_ value: Int16) throws { try put(value) }
    func encode(_ value: Int32) throws { try put(value) }
    func encode(_ value: Int64) throws { try put(value) }
    func encode(_ value: UInt) throws { try put(value) }
    func encode(_ value: UInt8) throws { try put(value) }
    func encode(_ value: UInt16) throws { try put(value) }
    func encode(_ value: UInt32) throws { try put(value) }
    func encode(_ value: UInt64) throws { try put(value) }

    private func put<T: Encodable>(_ value: T) throws {
        if let node = YAMLNodeEncoder.scalar(value) {
            box.content = .scalar(node)
        } else {
            try value.encode(to: TreeEncoder(box: box, path: path))
        }
    }
}
