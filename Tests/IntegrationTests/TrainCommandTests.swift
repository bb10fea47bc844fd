import Foundation
import Imaging
import Testing

@testable import Dataset

/// `msl train` as a user runs it (a real process) on a tiny 32² dataset: the run folder's files, a resumed
/// run, the time budget, and the exit statuses of bad usage.
@Suite struct TrainCommandTests {
    /// A 32² dataset of a few disc "heads": patient T (train, 3 slices) and V (validation, 1 slice); with
    /// `test`, patients C (2 slices) and D (1 slice) as its test split.
    static func writeDataset(into folder: URL, test: Bool = false) throws {
        let n = 32
        let split = try PatientSplit(train: ["T"], validation: ["V"], test: test ? ["C", "D"] : [])
        var writer = try DatasetWriter(
            folder: folder, options: DatasetPreparationOptions(modelSize: n, fieldOfViewMM: 256), seed: 1, split: split)
        let tested: [(String, [Double])] = test ? [("C", [10.5, 12.5]), ("D", [11])] : []
        for (id, radii) in [("T", [10.0, 11, 12]), ("V", [11.5])] + tested {
            var ct: [Float] = []
            var mr: [Float] = []
            var mask: [Float] = []
            for radius in radii {
                for y in 0..<n {
                    for x in 0..<n {
                        let r = ((Double(x) - 15.5) * (Double(x) - 15.5) + (Double(y) - 15.5) * (Double(y) - 15.5))
                            .squareRoot()
                        ct.append(r < radius - 1.5 ? 0.34 : r < radius ? 0.85 : 0)
                        mr.append(r < radius - 1.5 ? 0.6 : r < radius ? 0.1 : 0)
                        mask.append(r < radius ? 1 : 0)
                    }
                }
            }
            try writer.write(
                PreparedPatient(
                    id: id, modelSize: n, ct: ct, mr: mr, mask: mask, sliceIndices: Array(0..<radii.count),
                    registration: .alreadyAligned,
                    normalisation: IntensityNormalisation(
                        ctFillHounsfield: -1000, mrFill: 0, mrScaling: MinMaxScaling(minimum: 0, maximum: 1)),
                    source: "TrainCommandTests"))
        }
        try writer.finish()
    }

    static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func trainsResumesAndStopsOnItsBudget() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-train-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try Self.writeDataset(into: data)
        let run = root.appendingPathComponent("run")

        let outcome = try CommandLineTests.run([
            "train", "--data", data.path, "--out", run.path, "--preset", "tiny", "--iterations", "6", "--batch-size",
            "2",
            "--views", "24,32", "--checkpoint-every", "3", "--validate-every", "3",
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output.contains("finished: iteration 6/6"), "stdout: \(outcome.output)")
        #expect(outcome.errors.contains("iteration 6/6  loss "), "stderr: \(outcome.errors)")
        #expect(outcome.errors.contains("validation at iteration 3 (1 slices): MSL-CT MAE"))
        for name in [
            "model.safetensors", "training-state.safetensors", "training-state.json", "validation.jsonl", "loss.jsonl",
        ] {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent(name).path), "\(name)")
        }
        let state = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("training-state.json")))
                as? [String: Any])
        #expect(state["iteration"] as? Int == 6)
        #expect(state["preset"] as? String == "tiny")
        #expect((state["datasetManifestSHA256"] as? String)?.count == 64)
        #expect(((state["options"] as? [String: Any])?["viewChoices"] as? [Int]) == [24, 32])
        #expect(state["threads"] as? Int == 2)
        let validation = try Self.jsonLines(run.appendingPathComponent("validation.jsonl"))
        #expect(validation.map { $0["iteration"] as? Int } == [3, 6])
        #expect(validation.allSatisfy { (($0["ct"] as? [String: Double])?["ssim"]) != nil && $0["mr"] != nil })

        // Resume to 8 iterations on one thread; the options stay the run's, the checkpoint records the threads.
        let resumed = try CommandLineTests.run(["train", "--resume", run.path, "--iterations", "8", "--threads", "1"])
        #expect(resumed.status == 0, "stderr: \(resumed.errors)")
        #expect(resumed.errors.contains("resuming \(run.path) at iteration 6"))
        #expect(resumed.output.contains("finished: iteration 8/8"))
        let resumedState = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("training-state.json")))
                as? [String: Any])
        #expect(resumedState["threads"] as? Int == 1)
        let changed = try CommandLineTests.run(["train", "--resume", run.path, "--lr", "0.01"])
        #expect(changed.status == 64)
        #expect(changed.errors.contains("--lr cannot change when resuming"))

        // A budget far below the iterations asked for: stops with a checkpoint, and says so.
        let budget = try CommandLineTests.run([
            "train", "--resume", run.path, "--iterations", "100000", "--time-budget", "2",
        ])
        #expect(budget.status == 0, "stderr: \(budget.errors)")
        #expect(budget.output.contains("time budget reached: iteration "), "stdout: \(budget.output)")
        let after = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("training-state.json")))
                as? [String: Any])
        let iteration = try #require(after["iteration"] as? Int)
        #expect(iteration > 8 && iteration < 100_000)
    }

    @Test(arguments: [
        (["train", "--out", "/tmp/x"], "give --data DATASET"),
        (["train", "--data", "/nonexistent", "--out", "/tmp/x"], "/nonexistent: no manifest.json"),
        (["train", "--resume", "/nonexistent"], "/nonexistent: no training-state.safetensors"),
        (["train", "--resume", "/tmp/r", "--seed", "3"], "--seed cannot change when resuming"),
        (
            ["train", "--data", "/tmp/d", "--out", "/tmp/x", "--inputs", "ct", "--no-cross-domain"],
            "single-modality already"
        ),
        (
            ["train", "--data", "/tmp/d", "--out", "/tmp/x", "--acceleration", "4,0.5"],
            "MR acceleration 0.5 must be ≥ 1"
        ),
        (["train", "--data", "/tmp/d", "--out", "/tmp/x", "--time-budget", "0"], "--time-budget must be a positive"),
        (["train", "--data", "/tmp/d", "--out", "/tmp/x", "--threads", "0"], "--threads must be at least 1"),
    ])
    func invalidUsageExitsWith64(arguments: [String], message: String) throws {
        let outcome = try CommandLineTests.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains(message), "stderr: \(outcome.errors)")
    }

    /// A dataset whose slices do not fit the preset: exit 64, naming both sizes; no run folder is left.
    @Test func presetMustFitTheDataset() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-train-size-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeDataset(into: root.appendingPathComponent("data"))
        let run = root.appendingPathComponent("run")
        let outcome = try CommandLineTests.run([
            "train", "--data", root.appendingPathComponent("data").path, "--out", run.path, "--iterations", "1",
        ])
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains("holds 32×32 slices; the network takes 128×128"), "stderr: \(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: run.path))
    }
}
