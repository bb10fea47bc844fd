/// A position in a configuration document: mapping keys and 1-based list positions, printed as the
/// dotted path the documentation uses (`selection.ct.orientations[2]`).
struct ConfigurationPath: Hashable, Sendable, CustomStringConvertible {
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    /// The document itself.
    static let root = ConfigurationPath()

    /// This path extended by a mapping key.
    func appending(key: String) -> ConfigurationPath { ConfigurationPath(components: components + [.key(key)]) }

    /// This path extended by a 0-based list index (printed 1-based).
    func appending(index: Int) -> ConfigurationPath { ConfigurationPath(components: components + [.index(index)]) }

    /// "simulation.ct_views", "reconstruction.lambdas[2]", "" for the root.
    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += (text.isEmpty ? "" : ".") + key
            case .index(let index): text += "[\(index + 1)]"
            }
        }
        return text
    }

    /// The coding path Swift's `Decoder` and `Encoder` report.
    var codingPath: [any CodingKey] {
        components.map { component -> any CodingKey in
            switch component {
            case .key(let key): return PathKey(stringValue: key)
            case .index(let index): return PathKey(intValue: index)
            }
        }
    }
}

/// A coding key for any string or index.
struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "[\(intValue + 1)]"
        self.intValue = intValue
    }
}
