import DICOM
import Foundation
import Physics
import Yams

/// Everything `msl process` can be told, read from one YAML file (docs/configuration.md, Configs/msl.yaml).
///
/// Every key is snake_case and optional: a file names only what it changes, and
/// `PipelineConfiguration()` is the defaults. Reading is strict: an unknown key, a value of the wrong
/// type, an unknown word or an invalid value is a problem naming its key path and line, and every
/// problem of a file is reported at once (`ConfigurationError.invalid`). A key set to null keeps its
/// default.
public struct PipelineConfiguration: Sendable, Equatable, Codable {
    /// `selection`: which series are the CT and the MR.
    public var selection = SelectionConfiguration()
    /// `geometry`: the geometry gate's policy per finding (DICOM's `GeometryPolicies`, same keys).
    public var geometry = GeometryPolicies()
    /// `registration`: MR onto CT.
    public var registration = RegistrationSection()
    /// `grid`: the model grid.
    public var grid = GridSection()
    /// `simulation`: the sparse acquisitions.
    public var simulation = SimulationSection()
    /// `reconstruction`: model and λ.
    public var reconstruction = ReconstructionSection()
    /// `output`: report files.
    public var output = OutputSection()

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case selection, geometry, registration, grid, simulation, reconstruction, output
    }

    /// Decodes; a missing section or key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PipelineConfiguration()
        selection = try c.decodeIfPresent(SelectionConfiguration.self, forKey: .selection) ?? d.selection
        geometry = try c.decodeIfPresent(GeometryPolicies.self, forKey: .geometry) ?? d.geometry
        registration = try c.decodeIfPresent(RegistrationSection.self, forKey: .registration) ?? d.registration
        grid = try c.decodeIfPresent(GridSection.self, forKey: .grid) ?? d.grid
        simulation = try c.decodeIfPresent(SimulationSection.self, forKey: .simulation) ?? d.simulation
        reconstruction = try c.decodeIfPresent(ReconstructionSection.self, forKey: .reconstruction) ?? d.reconstruction
        output = try c.decodeIfPresent(OutputSection.self, forKey: .output) ?? d.output
    }

    /// Reads and checks a configuration file.
    ///
    /// - Throws: `ConfigurationError.unreadable` when the file cannot be read, `.syntax` when it is not
    ///   YAML, `.invalid` listing every problem; each names the file.
    public static func load(from url: URL) throws(ConfigurationError) -> PipelineConfiguration {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: url.path)
                ? "not readable as UTF-8 text (\(error.localizedDescription))" : "no such file"
            throw .unreadable(source: url.path, reason: reason)
        }
        return try parse(yaml: text, source: url.path)
    }

    /// Reads and checks a configuration from YAML text; `source` names it in errors (a path, or
    /// "--config" and the like). An empty document gives the defaults.
    public static func parse(yaml: String, source: String) throws(ConfigurationError) -> PipelineConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .syntax(source: source, message: "\(error)")
        }
        guard let root, !root.isNull else { return PipelineConfiguration() }
        let log = StrictDecodingLog()
        let decoded = try? PipelineConfiguration(from: StrictYAMLDecoder(node: root, path: .root, log: log))
        let configuration = decoded ?? PipelineConfiguration()
        log.reportUnknownKeys(in: root)
        let valueProblems = configuration.problems.map { problem in
            var located = problem
            located.line = Self.line(of: problem.keyPath, in: root)
            return located
        }
        let problems = (log.problems + valueProblems).enumerated().sorted { a, b in
            (a.element.line ?? .max, a.offset) < (b.element.line ?? .max, b.offset)
        }.map(\.element)
        guard problems.isEmpty else { throw .invalid(source: source, problems: problems) }
        return configuration
    }

    /// The effective configuration as YAML, every key listed in documentation order (nil values as
    /// `null`); `parse(yaml:source:)` reads it back to an equal value.
    public func yaml() -> String {
        do {
            return try YAMLNodeEncoder.yaml(of: self)
        } catch {
            return "# the configuration could not be written as YAML: \(error)\n"
        }
    }

    /// Every invalid value (types and keys are checked while reading), with its key path.
    public var problems: [ConfigurationProblem] {
        selection.problems + geometryProblems + gridProblems + simulationProblems + reconstructionProblems
    }

    /// Throws `ConfigurationError.invalid` (naming `source`) when `problems` is not empty.
    public func validate(source: String = "the configuration") throws(ConfigurationError) {
        let problems = self.problems
        if !problems.isEmpty { throw .invalid(source: source, problems: problems) }
    }

    /// The line of the key at a dotted path (the deepest key of it present in the file).
    static func line(of keyPath: String, in root: Node) -> Int? {
        var node = root
        var line: Int?
        for part in keyPath.split(separator: ".") {
            let name = String(part.prefix { $0 != "[" })
            guard case .mapping(let mapping) = node,
                let index = mapping.firstIndex(where: { $0.key.scalar?.string == name })
            else { break }
            line = mapping[index].key.mark?.line ?? line
            node = mapping[index].value
        }
        return line
    }
}
