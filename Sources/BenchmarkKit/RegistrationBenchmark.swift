import Foundation
import Imaging
import Registration

/// `msl bench registration`: a head volume registered onto itself after a known rigid offset,
/// by msl (default and `authors` presets) and by SimpleITK (`Benchmarks/registration_reference.py`:
/// the authors' settings and a best-practice set-up) on the same experiment in the same run.
///
/// The experiment: moving = fixed resampled through T (ITK Euler3D about the image centre);
/// registration should find T⁻¹ as the fixed→moving map. TRE = mean distance over every 7th head
/// voxel (fixed intensity > threshold) between the found map and T⁻¹, in mm.
public struct RegistrationBenchmark {
    public struct Row: Codable, Sendable {
        public let name: String
        public let seconds: Double
        public let treMM: Double
        public let iterations: Int
    }

    public struct Report: Codable, Sendable {
        public let fixed: String
        public let anglesDegrees: [Double]
        public let translationMM: [Double]
        public let referenceVersion: String?
        public let note: String?
        public let rows: [Row]

        public func table() -> String {
            var lines = [
                "\(fixed) onto itself after rotation \(anglesDegrees) ° and translation \(translationMM) mm"
                    + (referenceVersion.map { "; SimpleITK \($0)" } ?? "")
            ]
            if let note { lines.append(note) }
            lines += TextTable.render(
                header: ["method", "seconds", "TRE mm", "iterations"],
                rows: rows.map {
                    [$0.name, TextTable.number($0.seconds, "%.2f"), TextTable.number($0.treMM, "%.3f"), "\($0.iterations)"]
                })
            return lines.joined(separator: "\n")
        }
    }

    struct Reference: Decodable {
        struct Result: Decodable {
            let name: String
            let seconds: Double
            let tre_mm: Double
            let iterations: Int
        }
        let version: String
        let results: [Result]
    }

    public let fixedPath: String
    public let anglesDegrees: SIMD3<Double>
    public let translationMM: SIMD3<Double>
    public let threshold: Float
    public let threads: Int
    public let referenceScript: String?

    public init(
        fixedPath: String, anglesDegrees: SIMD3<Double>, translationMM: SIMD3<Double>, threshold: Float = 30,
        threads: Int, referenceScript: String?
    ) {
        self.fixedPath = fixedPath
        self.anglesDegrees = anglesDegrees
        self.translationMM = translationMM
        self.threshold = threshold
        self.threads = threads
        self.referenceScript = referenceScript
    }

    public func run(progress: (String) -> Void) throws -> Report {
        let fixed = try NIfTI.decode(Data(contentsOf: URL(fileURLWithPath: fixedPath)))
        let size = fixed.geometry.size
        let centre = fixed.geometry.physicalPoint(
            ofContinuousIndex: SIMD3(Double(size.x - 1) / 2, Double(size.y - 1) / 2, Double(size.z - 1) / 2))
        let offset = Imaging.AffineTransform(
            eulerAnglesRadians: anglesDegrees * (Double.pi / 180), translationMM: translationMM, centerMM: centre)
        let moving = resample(fixed, onto: fixed.geometry, transform: offset, interpolation: .linear, fill: 0)
        let truth = try offset.inverted()
        var points: [SIMD3<Double>] = []
        var index = 0
        for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
            defer { index += 1 }
            if fixed.voxels[index] > threshold, index % 7 == 0 {
                points.append(fixed.geometry.physicalPoint(ofIndex: SIMD3(i, j, k)))
            }
        } } }
        func tre(_ found: Imaging.AffineTransform) -> Double {
            points.reduce(0.0) { total, p in
                let d = found.apply(to: p) - truth.apply(to: p)
                return total + (d * d).sum().squareRoot()
            } / Double(max(points.count, 1))
        }

        var rows: [Row] = []
        for (name, configuration) in [("msl_default", RegistrationConfiguration()), ("msl_authors", RegistrationConfiguration.authors)] {
            progress("\(name) …")
            var configuration = configuration
            configuration.qualityGuard.enabled = false  // the benchmark reports TRE, whatever the guard says
            let start = Stopwatch.now()
            let result = try register(fixed: fixed, moving: moving, configuration: configuration)
            let seconds = Stopwatch.now() - start
            rows.append(Row(name: name, seconds: seconds, treMM: tre(result.transform), iterations: result.iterations))
        }

        var version: String?
        var note: String?
        if let referenceScript {
            progress("SimpleITK (\(referenceScript)) …")
            let arguments = ["--fixed", fixedPath, "--threads", "\(threads)", "--threshold", "\(threshold)", "--angles"]
                + [anglesDegrees.x, anglesDegrees.y, anglesDegrees.z].map { "\($0)" } + ["--translation"]
                + [translationMM.x, translationMM.y, translationMM.z].map { "\($0)" }
            switch ReferenceScript.decode(Reference.self, from: referenceScript, arguments: arguments) {
            case .success(let reference):
                version = reference.version
                rows += reference.results.map { Row(name: $0.name, seconds: $0.seconds, treMM: $0.tre_mm, iterations: $0.iterations) }
            case .failure(let reason): note = "SimpleITK skipped: \(reason)"
            }
        } else {
            note = "SimpleITK skipped: --no-reference"
        }
        return Report(
            fixed: fixedPath, anglesDegrees: [anglesDegrees.x, anglesDegrees.y, anglesDegrees.z],
            translationMM: [translationMM.x, translationMM.y, translationMM.z], referenceVersion: version, note: note,
            rows: rows)
    }
}
