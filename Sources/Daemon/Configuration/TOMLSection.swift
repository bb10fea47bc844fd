import TOMLKit

/// One table of the daemon's TOML file read strictly: every key read is checked for its type, and
/// `finish()` rejects the keys nobody asked for, so a misspelt key is an error rather than a silent default.
struct TOMLSection {
    let table: TOMLTable
    /// The table's dotted name for messages (`workers`, `export[1]`).
    let name: String
    let file: String
    private var read: Set<String> = []

    init(_ table: TOMLTable, name: String, file: String) {
        self.table = table
        self.name = name
        self.file = file
    }

    private func error(_ key: String, _ reason: String) -> DaemonConfigurationError {
        .invalid(file: file, key: name.isEmpty ? key : "\(name).\(key)", reason: reason)
    }

    mutating func string(_ key: String, into value: inout String) throws {
        try scalar(key, into: &value, expected: "a string") { $0.string }
    }

    mutating func strings(_ key: String, into value: inout [String]) throws {
        try list(key, into: &value, expected: "strings") { $0.string }
    }

    mutating func integer(_ key: String, into value: inout Int) throws {
        try scalar(key, into: &value, expected: "an integer") { $0.int }
    }

    /// A number; integers are accepted where seconds may be fractional.
    mutating func number(_ key: String, into value: inout Double) throws {
        try scalar(key, into: &value, expected: "a number", Self.double)
    }

    mutating func numbers(_ key: String, into value: inout [Double]) throws {
        try list(key, into: &value, expected: "numbers", Self.double)
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, into value: inout T) throws
    where T.RawValue == String {
        var text = value.rawValue
        try string(key, into: &text)
        guard let parsed = T(rawValue: text) else {
            throw error(key, "\"\(text)\" is not one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        value = parsed
    }

    /// A sub-table, or nil when absent.
    mutating func table(_ key: String) throws -> TOMLSection? {
        read.insert(key)
        guard let raw = table[key] else { return nil }
        guard let sub = raw.table else { throw error(key, "expected a table, found \(raw.type)") }
        return TOMLSection(sub, name: name.isEmpty ? key : "\(name).\(key)", file: file)
    }

    /// An array of tables (`[[export]]`), empty when absent.
    mutating func tables(_ key: String) throws -> [TOMLSection] {
        read.insert(key)
        guard let raw = table[key] else { return [] }
        guard let array = raw.array else { throw error(key, "expected an array of tables ([[\(key)]]), found \(raw.type)") }
        return try array.enumerated().map { index, item in
            guard let sub = item.table else { throw error(key, "expected an array of tables ([[\(key)]])") }
            return TOMLSection(sub, name: "\(key)[\(index + 1)]", file: file)
        }
    }

    /// Rejects keys that were never read.
    func finish() throws {
        if let unknown = table.keys.sorted().first(where: { !read.contains($0) }) {
            throw error(unknown, "unknown key (see Config/msl.toml for every key)")
        }
    }

    /// One value that `convert` accepts; an absent key leaves `value` as it is.
    private mutating func scalar<T>(
        _ key: String, into value: inout T, expected: String, _ convert: (TOMLValueConvertible) -> T?
    ) throws {
        read.insert(key)
        guard let raw = table[key] else { return }
        guard let converted = convert(raw) else { throw error(key, "expected \(expected), found \(raw.type)") }
        value = converted
    }

    /// An array whose every item `convert` accepts; an absent key leaves `value` as it is.
    private mutating func list<T>(
        _ key: String, into value: inout [T], expected: String, _ convert: (TOMLValueConvertible) -> T?
    ) throws {
        read.insert(key)
        guard let raw = table[key] else { return }
        guard let array = raw.array else { throw error(key, "expected an array of \(expected), found \(raw.type)") }
        value = try array.map { item in
            guard let converted = convert(item) else {
                throw error(key, "expected an array of \(expected), found a \(item.type)")
            }
            return converted
        }
    }

    private static func double(_ value: TOMLValueConvertible) -> Double? {
        value.double ?? value.int.map(Double.init)
    }
}
