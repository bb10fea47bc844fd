import Foundation
import Testing

@testable import Physics

/// The golden values `Fixtures/mr_make_fixtures.py` wrote (numpy, float64 stored as float32).
enum MRFixture {
    struct Values: Decodable {
        struct Size: Decodable {
            let width: Int
            let height: Int
        }
        struct ZeroFilled: Decodable {
            let width: Int
            let height: Int
            let centerFraction: Double
            let acceleration: Double
            let seed: UInt32
            let columns: [Int]
            let noiseSigma: Double
            let noiseSeed: UInt32
        }
        struct RandomState: Decodable {
            let randomSample: [Double]
            let standardNormal: [Double]
            let randintBounds: [Int]
            let randint: [Int]
        }
        struct ColumnMask: Decodable {
            let columnCount: Int
            let centerFraction: Double
            let acceleration: Double
            let seed: UInt32
            let columns: [Int]
        }
        let fft: Size
        let zeroFilled: ZeroFilled
        let randomState1337: RandomState
        let authorsMasks: [ColumnMask]
        let equispacedMasks: [ColumnMask]
    }

    /// `mr_fixtures.json`.
    static func values() throws -> Values {
        try FixtureFiles.json(Values.self, "mr_fixtures")
    }

    /// A raw little-endian float32 file `mr_<name>.f32`.
    static func floats(_ name: String) throws -> [Float] { try FixtureFiles.floats("mr_\(name)") }

    /// Expects |a − b| ≤ atol + rtol·|b| element-wise, naming the first few failures.
    static func expectClose(
        _ actual: [Float], _ expected: [Float], rtol: Float = 1e-5, atol: Float = 1e-5, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, "\(what): count", sourceLocation: sourceLocation)
        var failures = 0
        for (i, (a, b)) in zip(actual, expected).enumerated() where !(abs(a - b) <= atol + rtol * abs(b)) {
            failures += 1
            if failures <= 5 { Issue.record("\(what)[\(i)] = \(a), expected \(b)", sourceLocation: sourceLocation) }
        }
        #expect(failures == 0, "\(what): \(failures) of \(actual.count) differ", sourceLocation: sourceLocation)
    }
}
