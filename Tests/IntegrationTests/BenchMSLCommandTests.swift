import Foundation
import Testing

/// `msl bench msl` end to end on the golden tests' 32² network (the unlisted `tiny` preset), one
/// repeat, no PyTorch: every case is timed and reported with finite, positive numbers.
@Suite struct BenchMSLCommandTests {
    @Test func writesAFiniteReportForEveryCase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("msl-bench-msl-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("out/msl.json")
        let outcome = try CommandLineTests.run([
            "bench", "msl", "--presets", "tiny", "--repeats", "1", "--warmup", "0", "--no-torch", "--output", report.path,
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output.contains("PyTorch anchor skipped: --no-torch"))
        #expect(outcome.output.contains("tiny λ-map step"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        func positive(_ value: Any?) -> Bool {
            guard let number = value as? Double else { return false }
            return number.isFinite && number > 0
        }
        #expect(positive(json["sgemmGFLOPS"]))
        #expect((json["openBLASThreadTimeout"] as? Int ?? 0) >= 1)
        let presets = try #require(json["presets"] as? [[String: Any]])
        #expect(presets.count == 1)
        let tiny = try #require(presets.first)
        #expect(tiny["preset"] as? String == "tiny")
        #expect(positive(tiny["peakResidentBytes"]) && positive(tiny["parameters"]))
        #expect(tiny["torchPeakResidentBytes"] == nil)
        let rows = try #require(tiny["rows"] as? [[String: Any]])
        #expect(rows.compactMap { $0["name"] as? String }
            == ["encode", "decode", "encode_decode5", "lambda_map_step", "training_iteration"])
        for row in rows {
            for field in ["flop", "seconds", "gflops", "overSgemm", "batch"] {
                #expect(positive(row[field]), "\(row["name"] ?? "?") \(field): \(row[field] ?? "absent")")
            }
            #expect(row["torchSeconds"] == nil && row["speedup"] == nil)
        }
    }

    @Test(arguments: [
        (["bench", "msl", "--presets", "compact,huge"], "unknown preset(s) 'huge' in --presets; known: compact, paper"),
        (["bench", "msl", "--repeats", "0"], "--repeats must be at least 1"),
        (["bench", "msl", "--warmup=-1"], "--warmup must not be negative"),
    ])
    func invalidOptionsExitWith64(arguments: [String], message: String) throws {
        let outcome = try CommandLineTests.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains(message), "stderr: \(outcome.errors)")
    }
}
