import Foundation
import Imaging
import Testing

/// `msl dataset prepare` and `msl dataset show` as a user runs them, on two tiny synthetic patients written as
/// NIfTI pairs (one gzip-compressed): the manifest, split and files, the montage's size, and the exit statuses
/// of bad input.
@Suite struct DatasetCommandTests {
    /// Model grid of the test datasets: 32² over the volumes' 192 mm.
    static let modelSize = 32

    /// A temporary folder holding patients p1 (`p1_ct.nii`, `p1_t1.nii`) and p2 (`p2_ct.nii.gz`, `p2_mr.nii`),
    /// heads on a `size` grid of `spacingMM` voxels.
    static func makeInputs(
        _ name: String, size: SIMD3<Int> = SIMD3(48, 48, 16), spacingMM: Double = 4
    ) throws -> (root: URL, input: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-dataset-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        let input = root.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for (id, mr, scale) in [("p1", "t1", 1.0), ("p2", "mr", 0.9)] {
            try writeHead(
                ctFile: input.appendingPathComponent("\(id)_ct.nii"),
                mrFile: input.appendingPathComponent("\(id)_\(mr).nii"),
                size: size, spacingMM: spacingMM, scale: scale)
        }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = [input.appendingPathComponent("p2_ct.nii").path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        try Data("not an input".utf8).write(to: input.appendingPathComponent("notes.txt"))
        return (root, input)
    }

    /// A head on a grid centred on the origin: an ellipsoid (semi-axes 70, 80, 24 mm) with a bright shell (CT 900
    /// HU, MR 260) around brain (CT 30 HU, MR 170 with a gentle gradient), in air (−1000 HU, MR 0); `scale`
    /// shrinks it.
    static func writeHead(ctFile: URL, mrFile: URL, size: SIMD3<Int>, spacingMM: Double, scale: Double) throws {
        let spacing = SIMD3(repeating: spacingMM)
        let origin = -(SIMD3(Double(size.x), Double(size.y), Double(size.z)) - 1) / 2 * spacing
        let geometry = try Geometry(size: size, originMM: origin, spacingMM: spacing)
        var ct = Volume(geometry: geometry, repeating: -1000)
        var mr = Volume(geometry: geometry, repeating: 0)
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    let p = geometry.physicalPoint(ofIndex: SIMD3(i, j, k)) / scale
                    let r = (p.x / 70) * (p.x / 70) + (p.y / 80) * (p.y / 80) + (p.z / 24) * (p.z / 24)
                    guard r <= 1 else { continue }
                    ct[i, j, k] = r > 0.64 ? 900 : 30
                    mr[i, j, k] = r > 0.64 ? 260 : Float(170 + 0.3 * p.y)
                }
            }
        }
        try NIfTI.encode(ct).write(to: ctFile)
        try NIfTI.encode(mr).write(to: mrFile)
    }

    static func manifest(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Width and height from a PNG's IHDR chunk, after checking the signature.
    static func pngSize(_ url: URL) throws -> (width: Int, height: Int) {
        let bytes = [UInt8](try Data(contentsOf: url))
        try #require(bytes.count > 24)
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        func bigEndian(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (bigEndian(16), bigEndian(20))
    }

    @Test func prepareWritesTheDatasetAndShowDrawsIt() throws {
        let (root, input) = try Self.makeInputs("prepare")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("dataset")
        let outcome = try CommandLineTests.run([
            "dataset", "prepare", input.path, "--out", out.path, "--model-size", "\(Self.modelSize)",
            "--field-of-view", "192", "--no-registration", "--seed", "3",
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output.contains("found 2 patient(s)"), "\(outcome.output)")
        #expect(outcome.output.contains("patient p1: kept ") && outcome.output.contains("patient p2: kept "))
        #expect(outcome.output.contains("no registration (scanner coordinates)"))
        #expect(outcome.output.contains("manifest: \(out.appendingPathComponent("manifest.json").path)"))

        // Two patients: one trains, one tests (the default split keeps at least one test patient).
        let manifest = try Self.manifest(out)
        #expect(manifest["model_size"] as? Int == Self.modelSize)
        #expect(manifest["seed"] as? Int == 3)
        let split = try #require(manifest["split"] as? [String: [String]])
        #expect(split["train"]?.count == 1 && split["validation"] == [] && split["test"]?.count == 1)
        #expect(Set((split["train"] ?? []) + (split["test"] ?? [])) == ["p1", "p2"])
        let patients = try #require(manifest["patients"] as? [[String: Any]])
        #expect(patients.map { $0["id"] as? String } == ["p1", "p2"])
        for patient in patients {
            let file = try #require(patient["file"] as? String)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
            // The head spans |z| ≤ 24 mm: 12 of 16 slices (fewer for the smaller p2).
            let slices = try #require(patient["slice_count"] as? Int)
            #expect(slices >= 8 && slices <= 14, "\(patient["id"] ?? "?"): \(slices) slices")
            let registration = patient["registration"] as? [String: Any]
            #expect(registration?["method"] as? String == "scanner_coordinates")
        }

        // A montage of three training slices: 4 columns × 3 rows of 32² tiles.
        let png = root.appendingPathComponent("pictures/montage.png")
        let shown = try CommandLineTests.run([
            "dataset", "show", out.path, "--out", png.path, "--count", "3", "--seed", "5",
        ])
        #expect(shown.status == 0, "stderr: \(shown.errors)")
        let size = try Self.pngSize(png)
        #expect(size.width == 4 * Self.modelSize && size.height == 3 * Self.modelSize, "\(size)")
        let trainID = split["train"]?.first ?? "?"
        #expect(shown.output.contains("row 3: patient \(trainID), slice "), "\(shown.output)")
        // The same seed draws the same slices.
        let again = try CommandLineTests.run([
            "dataset", "show", out.path, "--out", png.path, "--count", "3", "--seed", "5",
        ])
        #expect(again.output == shown.output)

        // An empty part is refused with the split's sizes.
        let empty = try CommandLineTests.run(["dataset", "show", out.path, "--out", png.path, "--part", "validation"])
        #expect(empty.status == 64)
        #expect(empty.errors.contains("the validation part has no patients"), "stderr: \(empty.errors)")

        // The folder now holds a dataset: refused without --force, replaced with it.
        let refused = try CommandLineTests.run([
            "dataset", "prepare", input.path, "--out", out.path, "--no-registration",
        ])
        #expect(refused.status == 64)
        #expect(refused.errors.contains("\(out.path): already holds a dataset"), "stderr: \(refused.errors)")
        #expect(refused.errors.contains("--force"))
        let replaced = try CommandLineTests.run([
            "dataset", "prepare", input.path, "--out", out.path, "--model-size", "16", "--field-of-view", "192",
            "--no-registration", "--train", "2", "--force",
        ])
        #expect(replaced.status == 0, "stderr: \(replaced.errors)")
        let replacedManifest = try Self.manifest(out)
        #expect(replacedManifest["model_size"] as? Int == 16)
        #expect((replacedManifest["split"] as? [String: [String]])?["train"] == ["p1", "p2"])
    }

    @Test func prepareRegistersTheMR() throws {
        // Registration needs more voxels than the other tests' grid: its coarsest level (shrink 4) wants 500
        // samples inside the head's overlap.
        let (root, input) = try Self.makeInputs("register", size: SIMD3(64, 64, 32), spacingMM: 3)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("dataset")
        let outcome = try CommandLineTests.run([
            "dataset", "prepare", input.path, "--out", out.path, "--model-size", "16", "--field-of-view", "192",
            "--train", "1", "--test", "1",
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output.contains("registration metric"), "\(outcome.output)")
        let patients = try #require(try Self.manifest(out)["patients"] as? [[String: Any]])
        #expect(patients.count == 2)
        for patient in patients {
            let registration = patient["registration"] as? [String: Any]
            #expect(registration?["method"] as? String == "registered")
        }
    }

    @Test func prepareRefusesAPatientWithoutMR() throws {
        let (root, input) = try Self.makeInputs("missing")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(
            at: input.appendingPathComponent("p1_ct.nii"), to: input.appendingPathComponent("p3_ct.nii"))
        let out = root.appendingPathComponent("dataset")
        let outcome = try CommandLineTests.run([
            "dataset", "prepare", input.path, "--out", out.path, "--no-registration",
        ])
        #expect(outcome.status == 64)
        #expect(
            outcome.errors.contains("p3_ct.nii") && outcome.errors.contains("p3_t1.nii[.gz]"),
            "stderr: \(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(arguments: [
        (["dataset", "prepare", "/nonexistent/in", "--out", "/tmp/x"], "/nonexistent/in: no such folder"),
        (
            ["dataset", "prepare", "/tmp", "--out", "/tmp/x", "--model-size", "4"],
            "--model-size 4: must be in 8...4096"
        ),
        (
            ["dataset", "prepare", "/tmp", "--out", "/tmp/x", "--train", "0.8", "--test", "30%"],
            "fractions add up to more than 1"
        ),
        (
            ["dataset", "prepare", "/tmp", "--out", "/tmp/x", "--train", "lots"],
            "The value 'lots' is invalid for '--train <size>'"
        ),
        (["dataset", "show", "/nonexistent/ds", "--out", "/tmp/x.png"], "/nonexistent/ds: no such folder"),
        (["dataset", "show", "/tmp", "--out", "/tmp/x.png", "--count", "0"], "--count must be at least 1"),
    ])
    func invalidUsageExitsWith64(arguments: [String], message: String) throws {
        let outcome = try CommandLineTests.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains(message), "stderr: \(outcome.errors)")
    }
}
