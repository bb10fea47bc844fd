import Dataset
import Foundation
import Imaging
import Tensor

/// A run folder's checkpoint: everything a resumed run needs to continue bit for bit.
///
/// Files (each written atomically: temporary file, `fsync`, `rename`):
/// - `training-state.safetensors`: the commit point and the only file `--resume` reads. Tensors
///   `model.<key>` (the network's state dict), `adam.exp_avg.<parameter>` and `adam.exp_avg_sq.<parameter>`
///   (Adam's moments, for parameters updated at least once); metadata `training_state` holds
///   `TrainingState` as JSON.
/// - `model.safetensors`: the network's state dict under the authors' keys (what `MSLNetwork.load(checkpoint:)`
///   and the authors' converted checkpoints use), metadata `format`, `iteration`, `configuration`.
/// - `training-state.json`: the same `TrainingState`, pretty-printed, for people.
///
/// `training-state.safetensors` is written first and holds the weights too, so a crash between the renames
/// leaves a consistent (if older) `model.safetensors` and never a state that does not match its weights.
public enum TrainingCheckpoint {
    public static let stateFileName = "training-state.safetensors"
    public static let stateJSONFileName = "training-state.json"
    public static let modelFileName = "model.safetensors"
    public static let validationLogFileName = "validation.jsonl"
    public static let lossLogFileName = "loss.jsonl"

    static let stateMetadataKey = "training_state"
    static let modelPrefix = "model."
    static let firstMomentPrefix = "adam.exp_avg."
    static let secondMomentPrefix = "adam.exp_avg_sq."

    /// Writes the three files into `folder`.
    static func write(
        state: TrainingState, network: MSLNetwork, optimizer: Adam, parameterNames: [String], to folder: URL
    ) throws {
        var tensors: [String: Tensor] = [:]
        let model = network.stateDict()
        for (key, tensor) in model { tensors[modelPrefix + key] = tensor }
        for (name, saved) in zip(parameterNames, optimizer.parameterStates()) {
            guard let saved else { continue }
            tensors[firstMomentPrefix + name] = saved.firstMoment
            tensors[secondMomentPrefix + name] = saved.secondMoment
        }
        let json = try state.encodedJSON(pretty: false)
        try atomicWrite(
            SafetensorsFile.encode(tensors, metadata: [stateMetadataKey: String(decoding: json, as: UTF8.self)]),
            to: folder.appendingPathComponent(stateFileName))
        let configuration = String(decoding: try JSONEncoder.sorted.encode(state.configuration), as: UTF8.self)
        try atomicWrite(
            SafetensorsFile.encode(
                model,
                metadata: ["format": "msl-model", "iteration": "\(state.iteration)", "configuration": configuration]),
            to: folder.appendingPathComponent(modelFileName))
        try atomicWrite(try state.encodedJSON(pretty: true), to: folder.appendingPathComponent(stateJSONFileName))
    }

    /// What `read(folder:)` returns.
    struct Contents {
        let state: TrainingState
        let model: [String: Tensor]
        /// Moments by parameter name.
        let firstMoments: [String: Tensor]
        let secondMoments: [String: Tensor]
    }

    /// Reads `training-state.safetensors` of a run folder.
    ///
    /// - Throws: `TrainingError.checkpoint` naming the file and what is wrong.
    static func read(folder: URL) throws -> Contents {
        let url = folder.appendingPathComponent(stateFileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TrainingError.checkpoint(
                path: url.path, reason: "no such file: the folder holds no checkpoint (was the run started with --out?)"
            )
        }
        let file: SafetensorsFile
        do { file = try SafetensorsFile.read(contentsOf: url) } catch {
            throw TrainingError.checkpoint(path: url.path, reason: "\(error)")
        }
        guard let json = file.metadata[stateMetadataKey] else {
            throw TrainingError.checkpoint(path: url.path, reason: "no \(stateMetadataKey) metadata")
        }
        let state: TrainingState
        do { state = try JSONDecoder.lenient.decode(TrainingState.self, from: Data(json.utf8)) } catch {
            throw TrainingError.checkpoint(path: url.path, reason: "unreadable training state: \(error)")
        }
        guard state.format == TrainingState.formatName, state.version == TrainingState.currentVersion else {
            throw TrainingError.checkpoint(
                path: url.path,
                reason: "format \(state.format) version \(state.version); this build reads "
                    + "\(TrainingState.formatName) version \(TrainingState.currentVersion)")
        }
        var model: [String: Tensor] = [:]
        var first: [String: Tensor] = [:]
        var second: [String: Tensor] = [:]
        for (key, tensor) in file.tensors {
            if key.hasPrefix(modelPrefix) {
                model[String(key.dropFirst(modelPrefix.count))] = tensor
            } else if key.hasPrefix(secondMomentPrefix) {
                second[String(key.dropFirst(secondMomentPrefix.count))] = tensor
            } else if key.hasPrefix(firstMomentPrefix) {
                first[String(key.dropFirst(firstMomentPrefix.count))] = tensor
            } else {
                throw TrainingError.checkpoint(path: url.path, reason: "unexpected tensor \(key)")
            }
        }
        return Contents(state: state, model: model, firstMoments: first, secondMoments: second)
    }

    static func atomicWrite(_ data: Data, to url: URL) throws {
        do { try AtomicFile.write(data, to: url) } catch {
            throw TrainingError.io(path: url.path, reason: "\(error)")
        }
    }
}

/// The non-tensor part of a checkpoint: where the run is and every random stream's position.
struct TrainingState: Codable, Equatable {
    static let formatName = "msl-training-state"
    static let currentVersion = 1

    var format = formatName
    var version = currentVersion
    /// Completed iterations (optimiser steps).
    var iteration: Int
    var options: TrainingOptions
    var configuration: MSLConfiguration
    var preset: String?
    /// The dataset folder the run was started on, and the SHA-256 of its `manifest.json`.
    var datasetPath: String
    var datasetManifestSHA256: String
    /// StepLR: steps taken (its `epoch`) and the learning rate of the next step.
    var schedulerSteps: Int
    var learningRate: Float
    /// Adam's update count t per parameter, by name, for parameters updated at least once.
    var optimizerUpdates: [String: Int]
    /// The epoch sampler of the training split.
    var sampler: EpochSampler
    /// xoshiro256** states (four 64-bit words, hexadecimal) of the run's streams.
    var samplingGenerator: [String]
    var augmentationGenerator: [String]
    var coinGenerator: [String]
    /// The network's random streams (dropout masks, attention dropout), by path (`Module.namedGenerators`).
    var networkGenerators: [String: [String]]
    /// Training time over all sessions (excluding checkpoint writing), seconds.
    var trainingSeconds: Double
    /// `Engine.threadCount` of the session that wrote the checkpoint (nil in checkpoints of msl before 0.1.1).
    var threads: Int?
    /// The last iteration's loss terms.
    var lastLoss: [String: Float]

    func encodedJSON(pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self) + (pretty ? Data("\n".utf8) : Data())
    }

    static func words(_ generator: SeededGenerator) -> [String] {
        generator.savedState.map { String($0, radix: 16) }
    }

    static func generator(_ words: [String], name: String, path: String) throws -> SeededGenerator {
        let values = words.compactMap { UInt64($0, radix: 16) }
        guard values.count == words.count, let generator = SeededGenerator(savedState: values) else {
            throw TrainingError.checkpoint(path: path, reason: "generator \(name) has an invalid state \(words)")
        }
        return generator
    }
}

extension JSONEncoder {
    /// Compact, key-sorted JSON with non-finite numbers as strings.
    static var sorted: JSONEncoder { keySorted(pretty: false) }

    /// Key-sorted JSON with non-finite numbers as strings ("inf", "-inf", "nan"), pretty-printed for people or
    /// compact for JSON lines: what training states, model cards and processing reports are written as.
    public static func keySorted(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}

extension JSONDecoder {
    /// Reads what `JSONEncoder.sorted` writes, non-finite numbers included.
    static var lenient: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
