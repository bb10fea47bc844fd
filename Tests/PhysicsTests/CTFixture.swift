import Foundation
import Testing

@testable import Physics

/// The golden values `Fixtures/ct_make_fixtures.py` (scikit-image, numpy) and
/// `Fixtures/ct_make_odl_fixtures.py` (ODL with ASTRA) wrote.
enum CTFixture {
    struct Values: Decodable {
        struct Parallel: Decodable {
            let size: Int
            let views: Int
            let thetaDegrees: [Double]
        }
        struct Noise: Decodable {
            let views: Int
            let bins: Int
            let blankScanPhotons: Double
            let electronicNoiseCounts: Double
            let seed: UInt32
            let poissonCounts: [Int]
            let poissonMeans: [Double]
            let poissonDraws: [Int]
        }
        let parallel: Parallel
        let noise: Noise
    }

    struct ODLValues: Decodable {
        let size: Int
        let pixelSizeCM: Double
        let views: Int
        let bins: Int
        let detectorLengthCM: Double
        let sourceToIsocentreCM: Double
        let isocentreToDetectorCM: Double
    }

    /// `ct_fixtures.json`.
    static func values() throws -> Values {
        try FixtureFiles.json(Values.self, "ct_fixtures")
    }

    /// `ct_odl_fixtures.json`.
    static func odlValues() throws -> ODLValues {
        try FixtureFiles.json(ODLValues.self, "ct_odl_fixtures")
    }

    /// A raw little-endian float32 file `ct_<name>.f32`.
    static func floats(_ name: String) throws -> [Float] { try FixtureFiles.floats("ct_\(name)") }

    /// Largest |a − b| over the indices where `mask` is true.
    static func maxAbsoluteDifference(_ a: [Float], _ b: [Float], mask: [Bool]? = nil) -> Double {
        var worst = 0.0
        for index in a.indices where mask?[index] ?? true {
            worst = max(worst, abs(Double(a[index]) - Double(b[index])))
        }
        return worst
    }
}
