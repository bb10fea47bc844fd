import Foundation
import Testing

@testable import Imaging

/// The golden values written by `Fixtures/make_metric_fixtures.py` (scikit-image, scipy, numpy):
/// `metric_fixtures.json` plus raw little-endian float32 images.
struct ImagingFixture {
    let document: [String: Any]

    init() throws {
        let url = try Self.url("metric_fixtures", "json")
        guard let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw ImagingError.invalidParameter(
                name: "fixture", value: "metric_fixtures.json", expected: "a JSON object")
        }
        self.document = document
    }

    static func url(_ name: String, _ ext: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else {
            throw ImagingError.invalidParameter(
                name: "fixture", value: "\(name).\(ext)", expected: "a file in the test bundle")
        }
        return url
    }

    /// An image entry {file, width, height} read from its .bin file.
    func image(_ entry: Any?, spacingMM: SIMD2<Double> = .one, originMM: SIMD2<Double> = .zero) throws -> Image2D {
        let entry = try #require(entry as? [String: Any])
        let file = try #require(entry["file"] as? String)
        let (width, height) = (try #require(entry["width"] as? Int), try #require(entry["height"] as? Int))
        let data = try Data(contentsOf: Self.url(String(file.dropLast(4)), "bin"))
        try #require(data.count == 4 * width * height)
        let pixels = data.withUnsafeBytes { raw in
            (0..<width * height).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
            }
        }
        return Image2D(width: width, height: height, pixels: pixels, spacingMM: spacingMM, originMM: originMM)
    }

    /// A named input image ("base", "noisy", "shifted", "inverted", "mask").
    func image(named name: String) throws -> Image2D {
        try image((document["images"] as? [String: Any])?[name])
    }

    /// The expected values of one metric case ("noisy", "shifted", "inverted", "noisy_masked").
    func metricCase(_ name: String) throws -> [String: Any] {
        try #require((document["metrics"] as? [String: Any])?[name] as? [String: Any])
    }

    /// The resampling case.
    var resampling: [String: Any] { document["resampling"] as? [String: Any] ?? [:] }
}

/// |a − b| ≤ atol + rtol·|b| (b is the reference).
func isClose(_ a: Double, _ b: Double, rtol: Double = 1e-4, atol: Double = 0) -> Bool {
    if a == b { return true }
    return abs(a - b) <= atol + rtol * abs(b)
}

/// Numbers from a JSON array.
func doubles(_ value: Any?) throws -> [Double] { try #require(value as? [Double]) }
