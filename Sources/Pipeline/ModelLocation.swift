import Foundation
import MSLModel

/// Where the pipeline's model comes from: the configured file, or the model shipped with msl
/// (`Sources/Pipeline/Model/msl-compact.safetensors` with its card, a resource of this target).
public enum ModelLocation {
    /// The shipped model's file name.
    static let shippedName = "msl-compact"

    /// The shipped model file, or nil when this build has none.
    static var shipped: URL? {
        Bundle.module.url(forResource: shippedName, withExtension: "safetensors", subdirectory: "Model")
    }

    /// Loads `path` (or the shipped model) after checking it against its card.
    ///
    /// - Throws: `PipelineError.model` naming the file: missing, no card, hash mismatch, unreadable weights.
    public static func load(_ path: String?) throws -> (network: MSLNetwork, card: ModelCard, url: URL) {
        guard let url = path.map({ URL(fileURLWithPath: $0) }) ?? shipped else {
            throw PipelineError.model(
                path: "(shipped model)", reason: "this build carries no model; give reconstruction.model in the configuration")
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PipelineError.model(path: url.path, reason: "no such file")
        }
        do {
            let (network, card) = try ModelCard.loadNetwork(url)
            return (network, card, url)
        } catch {
            throw PipelineError.model(path: url.path, reason: "\(error)")
        }
    }
}
