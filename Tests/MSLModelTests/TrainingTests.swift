import Foundation
import Imaging
import Tensor
import Testing

@testable import Dataset
@testable import MSLModel

/// The training loop on the tiny network and a tiny synthetic dataset (32², two training slices, one
/// validation slice): it learns, it resumes bit for bit, it stops on a time budget with a checkpoint, its
/// checkpoint loads, and bad options are refused with a sentence each.
@Suite struct TrainingTests {
    /// A run folder (or dataset) removed when the test ends.
    final class Folder {
        let url: URL
        init(_ label: String) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("msl-\(label)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func sub(_ name: String) -> URL { url.appendingPathComponent(name) }
    }

    /// Head-like slices: an elliptic head of soft tissue in a skull ring, a dark ventricle; the MR has
    /// the inverse bone contrast. `shape` varies the ellipse per slice.
    static func headSlice(_ n: Int, shape: Double) -> (ct: [Float], mr: [Float], mask: [Float]) {
        var ct = [Float](repeating: 0, count: n * n)
        var mr = ct
        var mask = ct
        let c = Double(n - 1) / 2
        for y in 0..<n {
            for x in 0..<n {
                let u = (Double(x) - c) / (0.42 * Double(n))
                let v = (Double(y) - c) / ((0.34 + 0.04 * shape) * Double(n))
                let r = (u * u + v * v).squareRoot()
                let ventricle =
                    ((Double(x) - c - 2 * shape) * (Double(x) - c - 2 * shape) + (Double(y) - c) * (Double(y) - c))
                    .squareRoot() < 0.1 * Double(n)
                let i = y * n + x
                if r < 0.85 {
                    ct[i] = ventricle ? 0.3 : 0.34
                    mr[i] = ventricle ? 0.15 : 0.6 + Float(0.1 * u)
                    mask[i] = 1
                } else if r < 1 {
                    ct[i] = 0.85
                    mr[i] = 0.1
                    mask[i] = 1
                }
            }
        }
        return (ct, mr, mask)
    }

    /// Writes a 32² dataset: patient A (train, `trainSlices` slices), patient B (validation, one slice), and
    /// with `test`, patients C (two slices) and D (one slice) for testing.
    static func writeDataset(into folder: URL, trainSlices: Int = 2, test: Bool = false) throws {
        let n = 32
        let options = DatasetPreparationOptions(modelSize: n, fieldOfViewMM: 256)
        let split = try PatientSplit(train: ["A"], validation: ["B"], test: test ? ["C", "D"] : [])
        var writer = try DatasetWriter(folder: folder, options: options, seed: 1, split: split)
        let tested: [(String, [Double])] = test ? [("C", [0.25, 1.5]), ("D", [0.75])] : []
        for (id, shapes) in [("A", (0..<trainSlices).map(Double.init)), ("B", [0.5])] + tested {
            let slices = shapes.map { headSlice(n, shape: $0) }
            try writer.write(
                PreparedPatient(
                    id: id, modelSize: n, ct: slices.flatMap(\.ct), mr: slices.flatMap(\.mr),
                    mask: slices.flatMap(\.mask), sliceIndices: Array(0..<slices.count), registration: .alreadyAligned,
                    normalisation: IntensityNormalisation(
                        ctFillHounsfield: -1000, mrFill: 0, mrScaling: MinMaxScaling(minimum: 0, maximum: 1)),
                    source: "TrainingTests"))
        }
        try writer.finish()
    }

    static let tiny = TrainingPreset.tiny.configuration

    /// Options for fast tests: batch 2, 32 views, every stream exercised.
    static func options(iterations: Int) -> TrainingOptions {
        var options = TrainingOptions()
        options.iterations = iterations
        options.batchSize = 2
        options.simulation.views = 32
        options.viewChoices = [24, 32]
        options.accelerationChoices = [2, 4]
        options.checkpointEvery = 0
        options.validateEvery = 0
        options.progressEvery = 1
        return options
    }

    static func tensors(_ url: URL) throws -> [String: [Float]] {
        try SafetensorsFile.read(contentsOf: url).tensors.mapValues(\.values)
    }

    @Test func lossDecreasesWhenOverfittingTwoSlices() throws {
        let folder = try Folder("train-overfit")
        try Self.writeDataset(into: folder.sub("data"))
        var configuration = Self.tiny
        configuration.dropout = 0
        var options = Self.options(iterations: 30)
        options.learningRate = 2e-3
        options.shift = 0
        options.viewChoices = nil
        options.accelerationChoices = nil
        let trainer = try Trainer(
            dataset: try Dataset(folder: folder.sub("data")), configuration: configuration, options: options,
            runFolder: folder.sub("run"))
        var totals: [Float] = []
        for _ in 0..<30 { totals.append(try trainer.step()[0].value) }
        let first = totals.prefix(3).reduce(0, +) / 3
        let last = totals.suffix(3).reduce(0, +) / 3
        #expect(totals.allSatisfy { $0.isFinite })
        #expect(last < 0.6 * first, "loss \(first) → \(last): \(totals)")
    }

    /// 4 + resume + 4 iterations equal 8 iterations bit for bit: weights, BatchNorm statistics, Adam
    /// moments and counts, every stream (dropout 0.1, shifts, per-sample views and accelerations, the coin).
    @Test func resumedRunEqualsUninterruptedRun() throws {
        let folder = try Folder("train-resume")
        try Self.writeDataset(into: folder.sub("data"), trainSlices: 3)
        let dataset = try Dataset(folder: folder.sub("data"))
        var options = Self.options(iterations: 8)
        options.validateEvery = 3
        let whole = try Trainer(
            dataset: dataset, configuration: Self.tiny, options: options, runFolder: folder.sub("whole"))
        let wholeSummary = try whole.run()
        #expect(wholeSummary.iteration == 8 && wholeSummary.ending == .finished)

        options.iterations = 4
        let firstHalf = try Trainer(
            dataset: dataset, configuration: Self.tiny, options: options, runFolder: folder.sub("split"))
        _ = try firstHalf.run()
        let resumed = try Trainer(resuming: folder.sub("split"), dataset: dataset) { $0.iterations = 8 }
        #expect(resumed.iteration == 4)
        let summary = try resumed.run()
        #expect(summary.iteration == 8 && summary.iterationsThisSession == 4)

        for name in [TrainingCheckpoint.modelFileName, TrainingCheckpoint.stateFileName] {
            let a = try Self.tensors(folder.sub("whole").appendingPathComponent(name))
            let b = try Self.tensors(folder.sub("split").appendingPathComponent(name))
            #expect(a.keys.sorted() == b.keys.sorted(), "\(name)")
            for (key, values) in a where b[key] != values { Issue.record("\(name): \(key) differs") }
        }
        var stateA = try TrainingCheckpoint.read(folder: folder.sub("whole")).state
        var stateB = try TrainingCheckpoint.read(folder: folder.sub("split")).state
        stateA.trainingSeconds = 0
        stateB.trainingSeconds = 0
        #expect(stateA == stateB)
        #expect(stateA.networkGenerators.count == 9, "embedding dropout + 4 streams per block")
        // The logs hold the same iterations (validation at 3 and 6 in both).
        let logA = try String(
            contentsOf: folder.sub("whole").appendingPathComponent("validation.jsonl"), encoding: .utf8)
        let logB = try String(
            contentsOf: folder.sub("split").appendingPathComponent("validation.jsonl"), encoding: .utf8)
        func iterations(_ log: String) -> [Int] {
            log.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["iteration"] as? Int
            }
        }
        #expect(iterations(logA) == [3, 6] && iterations(logB) == [3, 6])
        // A resumed run may not change what decides the trajectory.
        #expect(throws: TrainingError.self) {
            _ = try Trainer(resuming: folder.sub("split"), dataset: dataset) { $0.learningRate = 1e-3 }
        }
    }

    @Test func timeBudgetStopsWithACheckpoint() throws {
        let folder = try Folder("train-budget")
        try Self.writeDataset(into: folder.sub("data"))
        let trainer = try Trainer(
            dataset: try Dataset(folder: folder.sub("data")), configuration: Self.tiny,
            options: Self.options(iterations: 100_000), runFolder: folder.sub("run"))
        // How long it ran depends on the machine's load, so only the ending and the checkpoint are asserted.
        let summary = try trainer.run(timeBudget: 1.5)
        #expect(summary.ending == .timeBudget)
        #expect(summary.iteration >= 1 && summary.iteration < 100_000)
        let saved = try TrainingRun(folder: folder.sub("run"))
        #expect(saved.iteration == summary.iteration)
        let resumed = try Trainer(resuming: folder.sub("run"), dataset: try Dataset(folder: folder.sub("data")))
        #expect(resumed.iteration == summary.iteration)
        // A budget already spent runs no iteration and still ends with a checkpoint.
        let spent = try resumed.run(timeBudget: 0)
        #expect(spent.ending == .timeBudget && spent.iteration == summary.iteration && spent.iterationsThisSession == 0)
    }

    @Test func checkpointLoadsIntoAFreshNetwork() throws {
        let folder = try Folder("train-load")
        try Self.writeDataset(into: folder.sub("data"))
        var options = Self.options(iterations: 3)
        options.validateEvery = 3
        let trainer = try Trainer(
            dataset: try Dataset(folder: folder.sub("data")), configuration: Self.tiny, options: options,
            runFolder: folder.sub("run"))
        let summary = try trainer.run()
        #expect(summary.lastValidation?.contains("MSL-CT MAE") == true)
        let fresh = try MSLNetwork(configuration: Self.tiny, seed: 99)
        try fresh.load(checkpoint: folder.sub("run").appendingPathComponent(TrainingCheckpoint.modelFileName))
        var generator = SeededGenerator(seed: 5)
        let ct = Tensor.uniform([2, 1, 32, 32], low: 0, high: 1, generator: &generator)
        let mr = Tensor.uniform([2, 1, 32, 32], low: 0, high: 1, generator: &generator)
        func outputs(_ network: MSLNetwork) throws -> [[Float]] {
            let reconstructor = MSLReconstructor(network: network)
            return reconstructor.decode(try reconstructor.encode(ct: ct, mr: mr), lambdas: [0, 0.5, 1]).map(\.values)
        }
        #expect(try outputs(fresh) == outputs(trainer.network))
        let record = try String(
            contentsOf: folder.sub("run").appendingPathComponent(TrainingCheckpoint.validationLogFileName),
            encoding: .utf8)
        #expect(record.contains("\"iteration\":3") && record.contains("\"ssim\""))
    }

    @Test func ablationsTrainTheirOwnTerms() throws {
        let folder = try Folder("train-ablation")
        try Self.writeDataset(into: folder.sub("data"))
        let dataset = try Dataset(folder: folder.sub("data"))
        for (inputs, crossDomain, names) in [
            (TrainingOptions.Inputs.both, true, ["total", "rec", "single", "align", "fusion"]),
            (.both, false, ["total", "ct", "mr"]), (.ctOnly, true, ["total", "ct"]), (.mrOnly, true, ["total", "mr"]),
        ] {
            var options = Self.options(iterations: 1)
            options.inputs = inputs
            options.crossDomain = crossDomain
            let trainer = try Trainer(
                dataset: dataset, configuration: Self.tiny, options: options,
                runFolder: folder.sub("\(inputs)-\(crossDomain)"))
            let terms = try trainer.step()
            #expect(terms.map(\.name) == names)
            #expect(terms.allSatisfy { $0.value.isFinite && $0.value > 0 })
            let record = try TrainingValidation(dataset: dataset, count: 4).run(
                network: trainer.network, samples: trainer.samples, options: options, iteration: 1, batchSize: 2)
            #expect((record.ct != nil) == (inputs != .mrOnly) && (record.mr != nil) == (inputs != .ctOnly))
            #expect(trainer.network.isTraining)
        }
    }

    @Test func invalidOptionsAreRefused() throws {
        var options = TrainingOptions()
        #expect(options.problems.isEmpty)
        options.learningRate = 0
        options.batchSize = 0
        options.beta1 = 1
        options.viewChoices = []
        options.simulation.acceleration = 0.5
        options.inputs = .ctOnly
        options.crossDomain = false
        let problems = options.problems
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains { $0.contains("batch size 0") })
        #expect(problems.contains { $0.contains("single-modality already") })
        #expect(TrainingOptions().problems(inputSize: 8).contains { $0.contains("shift 8") })

        let folder = try Folder("train-invalid")
        try Self.writeDataset(into: folder.sub("data"))
        let dataset = try Dataset(folder: folder.sub("data"))
        #expect(throws: TrainingError.invalidOptions(problems)) {
            _ = try Trainer(dataset: dataset, configuration: Self.tiny, options: options, runFolder: folder.sub("a"))
        }
        // The dataset is 32²; the compact network takes 128².
        #expect {
            _ = try Trainer(
                dataset: dataset, configuration: .compact, options: TrainingOptions(), runFolder: folder.sub("b"))
        } throws: { "\($0)".contains("holds 32×32 slices; the network takes 128×128") }
        // A run folder is never overwritten; resuming an empty folder names the missing file.
        _ = try Trainer(
            dataset: dataset, configuration: Self.tiny, options: Self.options(iterations: 1), runFolder: folder.sub("c")
        ).run()
        #expect {
            _ = try Trainer(
                dataset: dataset, configuration: Self.tiny, options: TrainingOptions(), runFolder: folder.sub("c"))
        } throws: { "\($0)".contains("already holds a training run") }
        #expect { _ = try Trainer(resuming: folder.sub("d"), dataset: dataset) } throws: {
            "\($0)".contains("training-state.safetensors: no such file")
        }
    }

    @Test func shiftReflectsAndSamplerKeepsPartialBatches() {
        // 4×4 ramp shifted by (+1, −2) with shift 2: out(y, x) = in(r(y − 2 + 0), r(x − 2 + 3)).
        let image = (0..<16).map(Float.init)
        let moved = TrainingSamples.reflectShifted(image, size: 4, shift: 2, offsetX: 3, offsetY: 0)
        #expect(Array(moved[0..<4]) == [9, 10, 11, 10])  // row r(−2) = 2, columns 1, 2, 3, r(4) = 2
        #expect(TrainingSamples.reflectShifted(image, size: 4, shift: 2, offsetX: 2, offsetY: 2) == image)

        var sampler = EpochSampler()
        var generator = SeededGenerator(seed: 3)
        let batches = (0..<4).map { _ in sampler.next(size: 2, count: 3, generator: &generator) }
        #expect(batches.map(\.count) == [2, 1, 2, 1])
        #expect(Set(batches[0] + batches[1]) == [0, 1, 2] && Set(batches[2] + batches[3]) == [0, 1, 2])
        #expect(sampler.epoch == 2)
    }
}
