import ArgumentParser
import Dataset
import Foundation
import Graphics
import Imaging
import Physics
import Tensor

/// `msl dataset show`: a montage of random dataset slices beside their simulated sparse acquisitions.
struct DatasetShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Write a montage of random dataset slices and their simulated sparse acquisitions.",
        discussion: """
            Draws --count slices of one part of the dataset (seeded) and writes one 8-bit greyscale \
            PNG with a row per slice and four columns: CT (network scale), the sparse-view CT FBP \
            simulated from it, MR, and the zero-filled undersampled MR, each N×N and windowed to \
            [0, 1]. The simulations use the authors' sensor models (as msl simulate) on the model \
            grid's pixel size (field of view / N).
            """
    )

    @Argument(help: ArgumentHelp("Dataset folder (written by msl dataset prepare).", valueName: "dataset-folder"))
    var dataset: String

    @Option(help: ArgumentHelp("Montage PNG to write (its folder is created if missing).", valueName: "file.png"))
    var out: String

    @Option(help: "Slices to show, one row each.")
    var count = 6

    @Option(help: "Part of the split to draw from.")
    var part = DatasetPart.train

    @Option(help: "Seed of the slice draw.")
    var seed: UInt64 = 0

    @Option(help: "CT views of the sparse-view simulation.")
    var views = 64

    @Option(help: "MR acceleration of the undersampling simulation.")
    var acceleration = 4.0

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard views >= 1 else { throw ValidationError("--views must be at least 1") }
        guard acceleration.isFinite, acceleration >= 1 else { throw ValidationError("--acceleration must be ≥ 1") }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("\(out): is a folder; give --out a PNG file name")
        }
        try validateDataset()
    }

    /// The cheap checks of the dataset folder (its manifest only; `run` opens and verifies every file): it exists,
    /// holds a manifest, and the part has patients.
    func validateDataset() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dataset, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(dataset): no such folder; give a folder written by msl dataset prepare")
        }
        let manifestURL = URL(fileURLWithPath: dataset).appendingPathComponent(DatasetManifest.fileName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw ValidationError(
                "\(dataset): no \(DatasetManifest.fileName), so not a dataset (or its writing did not finish); "
                    + "prepare it with msl dataset prepare")
        }
        // An unreadable manifest is left to `run`, whose reader says exactly what is wrong.
        guard let data = try? Data(contentsOf: manifestURL),
            let manifest = try? JSONDecoder().decode(DatasetManifest.self, from: data)
        else { return }
        if manifest.split[part].isEmpty {
            let sizes = DatasetPart.allCases.map { "\($0.rawValue) \(manifest.split[$0].count)" }
            throw ValidationError(
                "\(dataset): the \(part.rawValue) part has no patients (patients: \(sizes.joined(separator: ", "))); "
                    + "choose another --part")
        }
    }

    func run() throws {
        let opened = try Dataset(folder: URL(fileURLWithPath: dataset))
        let candidates = opened.slices(in: part)
        guard !candidates.isEmpty else {
            throw CommandLineError("\(dataset): the \(part.rawValue) part has no slices; choose another --part")
        }
        let chosen = Self.draw(min(count, candidates.count), of: candidates.count, seed: seed).map { candidates[$0] }

        var simulation = SensorSimulation()
        simulation.views = views
        simulation.acceleration = acceleration
        let n = opened.modelSize
        let spacing = opened.manifest.fieldOfViewMM / Double(n)
        var rows: [[Image2D]] = []
        var sourceIndices: [Int] = []
        for reference in chosen {
            let slice = try opened.slice(reference)
            sourceIndices.append(slice.sourceIndex)
            let ct = Image2D(width: n, height: n, pixels: slice.ct, spacingMM: SIMD2(spacing, spacing))
            let mr = Image2D(width: n, height: n, pixels: slice.mr, spacingMM: SIMD2(spacing, spacing))
            var attenuation = ct
            attenuation.pixels = ct.pixels.map(HounsfieldScale.attenuation(fromNetworkValue:))
            var sparse = try simulation.simulateCT(attenuation: attenuation).reconstruction
            sparse.pixels = sparse.pixels.map(HounsfieldScale.networkValue(fromAttenuation:))
            rows.append([ct, sparse, mr, try simulation.simulateMR(mr).zeroFilled])
        }
        let montage = Montage.grid(rows.map { $0.map { Montage.Tile($0, window: 0...1) } }, gap: 0)
        let url = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try RasterImage(montage, window: 0...1).writePNG(to: url)
        } catch {
            throw CommandLineError("\(out): cannot write the montage: \(error.localizedDescription)")
        }

        let fewer = chosen.count < count ? " (the \(part.rawValue) part has only \(candidates.count) slices)" : ""
        print(
            "wrote \(out): \(montage.width)×\(montage.height), \(chosen.count) row(s)\(fewer) of \(n)×\(n) tiles; "
                + "columns: CT, sparse-view CT FBP (\(views) views), MR, zero-filled MR (\(Self.number(acceleration))×)"
        )
        for (row, reference) in chosen.enumerated() {
            print(
                "  row \(row + 1): patient \(reference.patient), slice \(reference.index) "
                    + "(CT slice \(sourceIndices[row]))")
        }
    }

    /// `k` distinct positions in 0..<n drawn by a partial Fisher–Yates shuffle with `SeededGenerator`, returned
    /// ascending (unbiased bounded draws by rejection, so the choice depends only on n, k and the seed).
    static func draw(_ k: Int, of n: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var positions = Array(0..<n)
        for i in 0..<k {
            let bound = UInt64(n - i)
            let threshold = (0 &- bound) % bound
            var raw = generator.next()
            while raw < threshold { raw = generator.next() }
            positions.swapAt(i, i + Int(raw % bound))
        }
        return positions[0..<k].sorted()
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension DatasetPart: ExpressibleByArgument {}
