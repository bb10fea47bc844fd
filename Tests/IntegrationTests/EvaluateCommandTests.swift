import Foundation
import Testing

/// `msl evaluate` as a user runs it (real processes): a tiny model trained and packaged with its card by the
/// command line, evaluated on a tiny dataset's two test subjects; the index, tables, figures and the record
/// that names the model and dataset by their hashes.
@Suite struct EvaluateCommandTests {
    @Test func evaluatesAPackagedModelAndRecordsWhatItRanOn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-evaluate-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try TrainCommandTests.writeDataset(into: data, test: true)
        let run = root.appendingPathComponent("run")
        let model = root.appendingPathComponent("model/tiny.safetensors")
        let trained = try CommandLineTests.run([
            "train", "--data", data.path, "--out", run.path, "--preset", "tiny", "--iterations", "2", "--batch-size", "2",
            "--views", "32", "--validate-every", "0",
        ])
        #expect(trained.status == 0, "stderr: \(trained.errors)")
        let packaged = try CommandLineTests.run(["model", "card", "--run", run.path, "--out", model.path, "--views", "32"])
        #expect(packaged.status == 0, "stderr: \(packaged.errors)")

        let out = root.appendingPathComponent("evaluation")
        // Relative paths, run from `root`: the record keeps each model's path as given, ablations included.
        let outcome = try CommandLineTests.run([
            "evaluate", "--model", "model/tiny.safetensors", "--single-modality-model", "model/tiny.safetensors",
            "--data", data.path, "--out", out.path, "--experiments", "lambda-sweep,lambda-map", "--lambda-map-slices", "1",
            "--lambda-map-iterations", "2",
        ], in: root)
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.errors.contains("slice 3/3"), "progress: \(outcome.errors)")
        #expect(outcome.output.contains("## λ sweep (paper Fig. 2B)") && outcome.output.contains("## λ-map optimisation"))
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(Set(names).isSuperset(of: ["README.md", "evaluation.json", "lambda-sweep.csv", "lambda-map-montage.png"]))
        #expect(!names.contains { $0.hasPrefix("cross-modal") }, "only the experiments asked for")

        let record = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("evaluation.json"))) as? [String: Any])
        let provenance = try #require(record["provenance"] as? [String: Any])
        let card = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: model.deletingPathExtension().appendingPathExtension("json")))
                as? [String: Any])
        #expect((provenance["model"] as? [String: Any])?["sha256"] as? String == card["modelSHA256"] as? String)
        #expect((provenance["model"] as? [String: Any])?["path"] as? String == "model/tiny.safetensors")
        let ablation = (provenance["ablations"] as? [String: Any])?["single-modality model"] as? [String: Any]
        #expect(ablation?["path"] as? String == "model/tiny.safetensors")
        // The card's retraining command writes to a folder named like the run it packaged.
        let retrain = try #require((card["training"] as? [String: Any])?["command"] as? String)
        #expect(retrain.contains("--out out/run "), "\(retrain)")
        let dataset = try #require(provenance["dataset"] as? [String: Any])
        #expect(dataset["subjects"] as? [String] == ["C", "D"])
        #expect((dataset["manifestSHA256"] as? String)?.count == 64)
        // The base acquisition comes from the model's training options (32 views here).
        let settings = try #require(record["settings"] as? [String: Any])
        #expect((settings["simulation"] as? [String: Any])?["views"] as? Int == 32)
    }

    @Test(arguments: [
        (["evaluate", "--data", "d", "--out", "o", "--experiments", "lambda-sweep,nope"], "unknown experiment 'nope'"),
        (["evaluate", "--data", "d", "--out", "o", "--slices", "0"], "--slices must be at least 1"),
        (["evaluate", "--out", "o"], "Missing expected argument '--data <data>'"),
    ])
    func invalidUsageExitsWith64(arguments: [String], message: String) throws {
        let outcome = try CommandLineTests.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains(message), "stderr: \(outcome.errors)")
    }

    @Test func aMissingDatasetIsAnErrorNamingIt() throws {
        let outcome = try CommandLineTests.run(["evaluate", "--data", "/nonexistent-set", "--out", "/tmp/msl-evaluate-none"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("/nonexistent-set"), "stderr: \(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/msl-evaluate-none"))
    }
}
