import Foundation
import Testing

/// The `msl` executable as a user runs it: help texts verbatim, exit statuses, and one real
/// (small) benchmark run that writes its JSON report.
@Suite struct CommandLineTests {
    /// The built `msl` binary, next to the test bundle in the build products folder.
    static var executable: URL {
        let products = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?
            .deletingLastPathComponent() ?? Bundle.main.bundleURL
        return products.appendingPathComponent("msl")
    }

    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    /// Every help text, verbatim, against the reviewed snapshots in Fixtures/help (regenerate
    /// with `msl … --help > Tests/IntegrationTests/Fixtures/help/NAME.txt` after a deliberate
    /// change, and read the diff).
    @Test(arguments: [
        ("root", []), ("simulate", ["simulate"]), ("bench", ["bench"]), ("bench-engine", ["bench", "engine"]),
        ("bench-physics", ["bench", "physics"]), ("bench-dicom", ["bench", "dicom"]),
        ("register", ["register"]), ("bench-registration", ["bench", "registration"]), ("bench-msl", ["bench", "msl"]),
        ("dataset", ["dataset"]), ("dataset-prepare", ["dataset", "prepare"]), ("dataset-show", ["dataset", "show"]),
        ("dataset-reference", ["dataset", "reference"]), ("phantom", ["phantom"]), ("train", ["train"]),
        ("process", ["process"]), ("demo", ["demo"]), ("model", ["model"]), ("model-card", ["model", "card"]),
        ("model-show", ["model", "show"]), ("daemon", ["daemon"]), ("status", ["status"]), ("jobs", ["jobs"]),
        ("requeue", ["requeue"]), ("release", ["release"]), ("config", ["config"]), ("config-check", ["config", "check"]),
        ("evaluate", ["evaluate"]),
    ])
    func helpText(snapshot: String, command: [String]) throws {
        let outcome = try Self.run(command + ["--help"])
        #expect(outcome.status == 0)
        let url = try #require(Bundle.module.url(forResource: snapshot, withExtension: "txt", subdirectory: "Fixtures/help"))
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(outcome.output == expected)
    }

    @Test(arguments: [
        (["bench", "engine", "--only", "nope"], "unknown layer(s) nope"),
        (["bench", "engine", "--threads", "0"], "--threads must be at least 1"),
        (["bench", "engine", "--repeats", "0"], "--repeats must be at least 1"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        (["simulate", "--out", "/tmp/x"], "give --ct, --mr or both"),
        (["bench", "dicom", "--series", "x"], "--series must look like NAME=FOLDER"),
        (["register", "--fixed", "a", "--moving", "b", "--out", "c", "--preset", "fast"], "--preset must be default or authors"),
        (["bench", "registration", "--fixed", "/nonexistent.nii"], "/nonexistent.nii: no such file"),
        (["bench", "dicom", "--series", "a=/nonexistent"], "/nonexistent: no such folder (series a)"),
        (["simulate", "--ct", "a.f32", "--ct-size", "12", "--out", "/tmp/x"], "--ct-size must look like 384x384"),
        (["simulate", "--mr", "a.f32", "--mr-type", "int64", "--out", "/tmp/x"], "int64"),
        (["process", "/tmp/x"], "give --out DIR (or --explain)"),
        (["model", "card", "--run", "r", "--out", "m.bin"], "--out must name a .safetensors file"),
    ])
    func invalidUsageExitsWith64(arguments: [String], message: String) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains(message), "stderr: \(outcome.errors)")
    }

    /// One small real run: the 7×7 layer, one repeat, no PyTorch. Checks the table and the JSON.
    @Test func benchEngineWritesItsReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("msl-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("out/engine.json")
        let outcome = try Self.run([
            "bench", "engine", "--only", "conv7x7_1to64_384", "--repeats", "1", "--warmup", "0", "--no-torch",
            "--output", report.path,
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output.contains("PyTorch anchor skipped: --no-torch"))
        #expect(outcome.output.contains("conv7x7_1to64_384"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        let rows = json?["rows"] as? [[String: Any]]
        #expect(rows?.count == 1)
        let row = rows?.first
        #expect(row?["name"] as? String == "conv7x7_1to64_384")
        #expect((row?["forwardGFLOPS"] as? Double ?? 0) > 0)
        #expect((json?["sgemmGFLOPS"] as? Double ?? 0) > 0)
        #expect(row?["torchForwardGFLOPS"] == nil)
        // The engine shortens OpenBLAS's idle spin unless the environment sets it (Engine.openBLASPool).
        let spin = ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"].flatMap { Int($0) } ?? 4
        #expect(json?["openBLASThreadTimeout"] as? Int == spin)
        #expect(outcome.output.contains("OpenBLAS workers sleep after 2^\(spin) idle cycles"))
    }

    /// A small CT and MR slice through `msl simulate`: every output file, sane values, and
    /// errors that name the file.
    @Test func simulateWritesEveryOutput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("msl-simulate-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A 64² water disc in air (HU), and an MR-like ramp.
        let size = 64
        var hounsfield = [Float](repeating: -1000, count: size * size)
        var mr = [Float](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let r = ((Double(x) - 31.5) * (Double(x) - 31.5) + (Double(y) - 31.5) * (Double(y) - 31.5)).squareRoot()
                if r < 24 { hounsfield[y * size + x] = 0 }
                mr[y * size + x] = Float(x + 2 * y)
            }
        }
        let ct = directory.appendingPathComponent("ct.f32")
        let mrFile = directory.appendingPathComponent("mr.f32")
        try Data(hounsfield.withUnsafeBytes { Array($0) }).write(to: ct)
        // The MR file: an 8-byte header, then two 64×32 int16 slices; slice 1 is the lower half.
        let mrSamples = mr.map { Int16($0) }
        try Data([UInt8](repeating: 0xAB, count: 8) + mrSamples.withUnsafeBytes { Array($0) }).write(to: mrFile)
        let out = directory.appendingPathComponent("out")
        let outcome = try Self.run(["simulate", "--ct", ct.path, "--ct-spacing", "2", "--mr", mrFile.path, "--mr-type", "int16", "--mr-offset", "8",
            "--mr-size", "64x32", "--mr-slice", "1", "--out", out.path])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        for name in ["ct_attenuation", "ct_sinogram", "ct_fbp", "mr_input", "mr_mask", "mr_zero_filled"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name).f32").path), "\(name).f32")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name).png").path), "\(name).png")
        }
        let fbp = try Data(contentsOf: out.appendingPathComponent("ct_fbp.f32")).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(fbp.count == size * size)
        // The disc centre reconstructs near water (0.192 cm⁻¹) even from 64 views.
        let centre = fbp[32 * size + 32]
        #expect(abs(centre - 0.192) < 0.192 * 0.05, "centre μ \(centre)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("simulation.json"))) as? [String: Any]
        let settings = json?["settings"] as? [String: Any]
        #expect(settings?["views"] as? Int == 64)
        #expect(settings?["mask"] as? String == "authors")
        let images = json?["images"] as? [String: [String: Double]]
        #expect(images?["ct_sinogram"]?["height"] == 64)

        // A file whose size does not match --size: the message names it and both counts.
        let mrInput = try Data(contentsOf: out.appendingPathComponent("mr_input.f32")).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(mrInput.count == 64 * 32)
        // Slice 1 starts at image row 32: value x + 2·32 before scaling, min 64, max 63 + 2·63 = 189.
        #expect(abs(mrInput[1] - 1 / 125) < 1e-6 && mrInput.last == 1)

        // A slice beyond the file's end: the message names the file and what it holds.
        let bad = try Self.run(["simulate", "--ct", ct.path, "--ct-size", "64x64", "--ct-slice", "1", "--out", out.path])
        #expect(bad.status == 1)
        #expect(bad.errors.contains(ct.path) && bad.errors.contains("1 whole 64x64 float32 slice(s)"), "stderr: \(bad.errors)")
        let missing = try Self.run(["simulate", "--mr", "/nonexistent/mr.f32", "--out", out.path])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("/nonexistent/mr.f32: cannot read"), "stderr: \(missing.errors)")
    }

    /// The CT template registered onto itself: identity, every output written; a compressed
    /// input gets a clear error naming the file.
    @Test func registerWritesMatrixVolumeAndPicture() throws {
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/templates/mni-ct-2mm/scct.nii").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("msl-register-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try Self.run(["register", "--fixed", template, "--moving", template, "--out", out.path])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("registration.json"))) as? [String: Any]
        let matrix = try #require(json?["fixedToMoving"] as? [Double])
        let identity: [Double] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        #expect(zip(matrix, identity).allSatisfy { abs($0 - $1) < 0.05 }, "\(matrix)")
        for name in ["moving_on_fixed.nii", "checkerboard.png"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let compressed = try Self.run(["register", "--fixed", "/tmp/x.nii.gz", "--moving", template, "--out", out.path])
        #expect(compressed.status == 1)
        #expect(compressed.errors.contains("no such file") || compressed.errors.contains("decompress"))
    }
}

/// `msl config check` as an operator runs it: a good file passes with a summary, a misspelt key fails naming it.
@Suite struct ConfigCheckCommandTests {
    @Test func goodAndBadConfigurations() throws {
        let harness = try DaemonHarness(label: "config-check")
        let good = try CommandLineTests.run(["config", "check", harness.configFile.path])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("valid (1 inbox(es), 1 worker(s), 0 export destination(s))"))
        let bad = harness.root.appendingPathComponent("bad.toml")
        try "[workers]\njobz = 1\n".write(to: bad, atomically: true, encoding: .utf8)
        let outcome = try CommandLineTests.run(["config", "check", bad.path])
        #expect(outcome.status == 1)
        #expect(outcome.output == "error: \(bad.path): workers.jobz: unknown key (see Config/msl.toml for every key)\n")
        let daemon = try CommandLineTests.run(["daemon", "--config", bad.path])
        #expect(daemon.status == 2)
        #expect(daemon.errors.contains("workers.jobz: unknown key"))
    }
}
