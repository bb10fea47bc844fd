import Foundation
import Imaging
import Physics
import Tensor

/// `msl bench physics`: time per 384² slice of the CT projector and FBP (fan and parallel beam,
/// 64 and 720 views) and of the MR forward model + zero-filled reconstruction, next to
/// scikit-image (`radon`/`iradon`) and ASTRA's CPU parallel-beam projector and FBP, timed in the
/// same run by `Benchmarks/physics_reference.py` on the same parallel geometry (⌈384·√2⌉ = 544
/// bins of one pixel, views at midpoints over [0, π)).
public struct PhysicsBenchmark {
    public struct Row: Codable, Sendable {
        public let name: String
        public let seconds: Double
        /// The same task in scikit-image and ASTRA, when measured, and our speed-up over each.
        public let scikitImageSeconds: Double?
        public let astraSeconds: Double?
        public let speedupOverScikitImage: Double?
        public let speedupOverAstra: Double?
    }

    public struct Report: Codable, Sendable {
        public let size: Int
        public let threads: Int
        public let repeats: Int
        public let referenceVersions: [String: String]?
        public let referenceNote: String?
        public let rows: [Row]
    }

    struct Reference: Decodable {
        struct Timing: Decodable {
            let name: String
            let seconds: Double
        }
        let versions: [String: String]
        let results: [Timing]
        let skipped: [String]
    }

    public let size = 384
    public let threads: Int
    public let repeats: Int
    public let referenceScript: String?

    public init(threads: Int, repeats: Int, referenceScript: String?) {
        self.threads = threads
        self.repeats = repeats
        self.referenceScript = referenceScript
    }

    public func run(progress: (String) -> Void) throws -> Report {
        Engine.threadCount = threads
        var reference: Reference?
        var note: String?
        if let referenceScript {
            progress("reference (\(referenceScript)) …")
            switch ReferenceScript.decode(
                Reference.self, from: referenceScript,
                arguments: ["--threads", "\(threads)", "--repeats", "\(repeats)", "--size", "\(size)"])
            {
            case .success(let measured):
                reference = measured
                if !measured.skipped.isEmpty { note = "partly skipped: " + measured.skipped.joined(separator: "; ") }
            case .failure(let reason): note = "reference skipped: \(reason)"
            }
        } else {
            note = "reference skipped: --no-reference"
        }
        func referenceSeconds(_ name: String) -> Double? { reference?.results.first { $0.name == name }?.seconds }

        let stopwatch = Stopwatch(warmup: 1, repeats: repeats)
        let phantom = Self.disc(size: size)
        var rows: [Row] = []
        func measure(_ name: String, scikitImage: String? = nil, astra: String? = nil, _ body: () throws -> Void) throws {
            progress("\(name) …")
            var failure: Error?
            let seconds = stopwatch.median {
                do { try body() } catch { failure = error }
            }
            if let failure { throw failure }
            let sk = scikitImage.flatMap(referenceSeconds)
            let astraTime = astra.flatMap(referenceSeconds)
            rows.append(
                Row(
                    name: name, seconds: seconds, scikitImageSeconds: sk, astraSeconds: astraTime,
                    speedupOverScikitImage: sk.map { $0 / seconds }, speedupOverAstra: astraTime.map { $0 / seconds }))
        }

        for views in [64, 720] {
            let fan = try FanBeamGeometry(imageWidth: size, imageHeight: size, views: views)
            let fanProjector = FanBeamProjector(geometry: fan)
            let fanSinogram = try fanProjector.forward(phantom)
            let fanFBP = try FilteredBackProjection(geometry: fan)
            try measure("fan_forward_\(views)") { _ = try fanProjector.forward(phantom) }
            try measure("fan_fbp_\(views)") { _ = try fanFBP.reconstruct(fanSinogram) }

            // The reference's geometry: one-pixel bins over the image diagonal, [0, π).
            let bins = Int((Double(size) * 2.0.squareRoot()).rounded(.up))
            let parallel = try ParallelBeamGeometry(
                imageWidth: size, imageHeight: size, views: views, detectorBins: bins,
                detectorLengthCM: Double(bins) * FanBeamGeometry.authorsPixelSizeCM)
            let parallelProjector = ParallelBeamProjector(geometry: parallel)
            let parallelSinogram = try parallelProjector.forward(phantom)
            let parallelFBP = try FilteredBackProjection(geometry: parallel)
            try measure("parallel_forward_\(views)", scikitImage: "skimage_radon_\(views)", astra: "astra_forward_\(views)") {
                _ = try parallelProjector.forward(phantom)
            }
            try measure("parallel_fbp_\(views)", scikitImage: "skimage_iradon_\(views)", astra: "astra_fbp_\(views)") {
                _ = try parallelFBP.reconstruct(parallelSinogram)
            }
        }
        let mask = try KSpaceMask(width: size, height: size)
        let acquisition = try MRAcquisition(mask: mask)
        try measure("mr_forward_zero_filled") { _ = try acquisition.zeroFilledImage(of: phantom) }

        return Report(
            size: size, threads: threads, repeats: repeats, referenceVersions: reference?.versions,
            referenceNote: note, rows: rows)
    }

    /// A water disc of radius 0.4·size in μ units (cm⁻¹), on the authors' pixel grid.
    static func disc(size: Int) -> Image2D {
        var image = Image2D(width: size, height: size, spacingMM: SIMD2(repeating: FanBeamGeometry.authorsPixelSizeCM * 10))
        let centre = Double(size - 1) / 2
        for y in 0..<size {
            for x in 0..<size where pow(Double(x) - centre, 2) + pow(Double(y) - centre, 2) < pow(0.4 * Double(size), 2) {
                image[x: x, y: y] = HounsfieldScale.waterAttenuationPerCM
            }
        }
        return image
    }
}

extension PhysicsBenchmark.Report {
    /// One row per task: our time, the references' and the speed-ups.
    public func table() -> String {
        let number = TextTable.number
        var lines = ["\(size)² slice, \(threads) thread(s), median of \(repeats)"
            + (referenceVersions.map { "; " + $0.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") } ?? "")]
        if let referenceNote { lines.append(referenceNote) }
        let header = ["task", "ours ms", "skimage ms", "× skimage", "astra ms", "× astra"]
        lines += TextTable.render(header: header, rows: rows.map { row in
            [
                row.name, number(row.seconds * 1000, "%.1f"), number(row.scikitImageSeconds.map { $0 * 1000 }, "%.1f"),
                number(row.speedupOverScikitImage, "%.1f"), number(row.astraSeconds.map { $0 * 1000 }, "%.1f"),
                number(row.speedupOverAstra, "%.2f"),
            ]
        })
        return lines.joined(separator: "\n")
    }
}
