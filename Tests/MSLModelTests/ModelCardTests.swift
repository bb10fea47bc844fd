import Digest
import Foundation
import Imaging
import Physics
import Tensor
import Testing

@testable import Dataset
@testable import MSLModel

/// The shipped-model path: a run read back (`TrainingRun`), its retraining command, the per-subject test
/// table (`SplitEvaluation`) and the model card that guards the weights by their SHA-256.
@Suite struct ModelCardTests {
    typealias Folder = TrainingTests.Folder

    /// A tiny run of 4 iterations on the test dataset (patients C and D in its test split).
    static func trainedRun(_ folder: Folder) throws -> (run: TrainingRun, dataset: Dataset) {
        try TrainingTests.writeDataset(into: folder.sub("data"), test: true)
        let dataset = try Dataset(folder: folder.sub("data"))
        var options = TrainingTests.options(iterations: 4)
        options.validateEvery = 2
        let trainer = try Trainer(
            dataset: dataset, configuration: TrainingTests.tiny, options: options, runFolder: folder.sub("run"),
            preset: "tiny")
        _ = try trainer.run()
        return (try TrainingRun(folder: folder.sub("run")), dataset)
    }

    @Test func runReadsBackWithItsValidationsAndRetrainingCommand() throws {
        let folder = try Folder("card-run")
        let (run, _) = try Self.trainedRun(folder)
        #expect(run.iteration == 4)
        #expect(run.preset == "tiny")
        #expect(run.validations.map(\.iteration) == [2, 4])
        #expect(run.validations.allSatisfy { $0.ct != nil && $0.mr != nil })
        #expect(run.trainingSeconds > 0)
        // Every trajectory option that differs from the defaults, and nothing else; the thread count when it is not
        // the default (ThreadingTests may change the engine's count while this suite runs).
        let threads = try #require(run.threads)
        #expect([1, 2].contains(threads))
        #expect(
            run.reproductionCommand(data: "D", out: "O")
                == "msl train --data D --out O --preset tiny --iterations 4 --batch-size 2 --views 24,32 "
                + "--acceleration 2.0,4.0" + (threads == Engine.defaultThreadCount ? "" : " --threads \(threads)"))
    }

    @Test func splitEvaluationMeasuresEverySubjectAgainstTheRightTarget() throws {
        let folder = try Folder("card-split")
        let (_, dataset) = try Self.trainedRun(folder)
        let network = try MSLNetwork(configuration: TrainingTests.tiny, seed: 3)
        var simulation = SensorSimulation()
        simulation.views = 32
        let evaluation = try SplitEvaluation(network: network, dataset: dataset, simulation: simulation, batchSize: 1)
        #expect(evaluation.subjects.map(\.patient) == ["C", "D"])
        #expect(evaluation.subjects.map(\.slices) == [2, 1])
        #expect(evaluation.subjects.allSatisfy { Set($0.quality.keys) == Set(SplitEvaluation.Method.allCases) })

        // The FBP row, measured here from the simulation directly: patient D's one slice.
        let n = dataset.modelSize
        let slice = try dataset.slice(patient: "D", index: 0)
        let spacing = dataset.manifest.fieldOfViewMM / Double(n)
        let attenuation = Image2D(
            width: n, height: n, pixels: slice.ct.map(HounsfieldScale.attenuation(fromNetworkValue:)),
            spacingMM: SIMD2(spacing, spacing))
        let fbp = try simulation.simulateCT(attenuation: attenuation).reconstruction.pixels.map {
            min(1, max(0, HounsfieldScale.networkValue(fromAttenuation: $0)))
        }
        let expected = try ImageQuality(fbp, reference: slice.ct, size: n)
        let measured = try #require(evaluation.subjects[1].quality[.fbp])
        #expect(abs(measured.mae - expected.mae) < 1e-9 && abs(measured.ssim - expected.ssim) < 1e-9)
        // The zero-filled row is measured against the MR, not the CT.
        let zeroFilled = try #require(evaluation.subjects[1].quality[.zeroFilled])
        let mrInput = try simulation.simulateMR(
            Image2D(width: n, height: n, pixels: slice.mr, spacingMM: SIMD2(spacing, spacing))
        ).zeroFilled.pixels.map { min(1, max(0, $0)) }
        #expect(abs(zeroFilled.mae - (try ImageQuality(mrInput, reference: slice.mr, size: n)).mae) < 1e-9)

        // Means are over subjects (not slices).
        let c = try #require(evaluation.subjects[0].quality[.mslCT])
        let d = try #require(evaluation.subjects[1].quality[.mslCT])
        #expect(abs(try #require(evaluation.means[.mslCT]).mae - (c.mae + d.mae) / 2) < 1e-12)
        // An untrained network beats no baseline, and the goals say so per subject.
        #expect(evaluation.unmetGoals().contains { $0.hasPrefix("C: MSL-CT does not beat FBP") })
        // An ablation is judged on what it was trained for: its single-modality paths, not the fused one.
        var ablation = TrainingOptions()
        ablation.crossDomain = false
        let ablationGoals = evaluation.unmetGoals(trainedWith: ablation)
        #expect(ablationGoals.contains { $0.hasPrefix("C: MSL-CT (CT only) does not beat FBP") })
        #expect(!ablationGoals.contains { $0.contains("MSL-CT does not beat") || $0.contains("MSL-MR does not beat") })
        var ctOnly = TrainingOptions()
        ctOnly.inputs = .ctOnly
        let ctOnlyGoals = evaluation.unmetGoals(trainedWith: ctOnly)
        #expect(!ctOnlyGoals.isEmpty && ctOnlyGoals.allSatisfy { $0.contains("MSL-CT (CT only) does not beat FBP") })
        let table = evaluation.markdownTable()
        #expect(table.contains("| D | MSL-MR (MR only) |"))
        #expect(table.contains("| **mean of 2** | FBP |"))
        #expect(!table.contains("untrained"))
        // A CT-only model's card marks the outputs it never learned; its CT path and the baselines stay plain.
        let ctOnlyTable = evaluation.markdownTable(trainedWith: ctOnly)
        #expect(ctOnlyTable.contains("| D | MSL-MR (MR only) (untrained) |"))
        #expect(ctOnlyTable.contains("| D | MSL-CT (untrained) |"))
        #expect(ctOnlyTable.contains("| D | MSL-CT (CT only) |") && ctOnlyTable.contains("| D | zero-filled |"))
    }

    @Test func cardGuardsTheWeightsByTheirHash() throws {
        let folder = try Folder("card-hash")
        let network = try MSLNetwork(configuration: TrainingTests.tiny, seed: 5)
        let model = folder.sub("tiny.safetensors")
        try SafetensorsFile.write(network.stateDict(), to: model)
        let data = try Data(contentsOf: model)
        let card = ModelCard(
            modelFile: "tiny.safetensors", modelSHA256: SHA256.hex(SHA256.hash(data)), preset: "tiny",
            configuration: TrainingTests.tiny, parameters: network.parameterCount(),
            dataset: .init(command: "made in a test", manifestSHA256: "", seed: 1, modelSize: 32, fieldOfViewMM: 256),
            training: .init(command: "none", iterations: 0, seconds: 0, threads: 1, options: TrainingOptions()),
            validation: nil, test: nil, software: "msl test")
        try card.encoded().write(to: ModelCard.url(forModel: model))
        #expect(ModelCard.url(forModel: model).lastPathComponent == "tiny.json")

        let (loaded, readCard) = try ModelCard.loadNetwork(model)
        #expect(readCard.modelSHA256 == card.modelSHA256)
        let input = Tensor(shape: [1, 1, 32, 32], values: (0..<1024).map { Float($0 % 7) / 7 })
        network.eval()
        let expected = MSLReconstructor(network: network)
        let actual = MSLReconstructor(network: loaded)
        let a = expected.decode(try expected.encode(ct: input, mr: input), lambdas: [0.3])[0].values
        let b = actual.decode(try actual.encode(ct: input, mr: input), lambdas: [0.3])[0].values
        #expect(a == b)

        // One flipped byte in the weights: refused, naming the file and both hashes.
        var damaged = data
        damaged[damaged.count - 1] ^= 0x01
        try damaged.write(to: model)
        let error = #expect(throws: MSLError.self) { try ModelCard.read(forModel: model) }
        #expect("\(error!)".contains(model.path) && "\(error!)".contains(card.modelSHA256))
        // No card: refused.
        try FileManager.default.removeItem(at: ModelCard.url(forModel: model))
        #expect(throws: MSLError.self) { try ModelCard.read(forModel: model) }
    }
}
