import Foundation
import Testing

@testable import Imaging

@Suite struct AffineTransformTests {
    static let a = AffineTransform(
        matrix: Matrix3(rows: (SIMD3(1.1, 0.2, -0.1), SIMD3(0.05, 0.9, 0.3), SIMD3(-0.2, 0.1, 1.2))),
        translationMM: SIMD3(3, -4, 5), centerMM: SIMD3(10, 20, -30))
    static let b = AffineTransform(
        eulerAnglesRadians: SIMD3(0.2, -0.4, 0.7), translationMM: SIMD3(-1, 2, 0.5), centerMM: SIMD3(-5, 0, 8))
    static let points = [SIMD3(0.0, 0, 0), SIMD3(12.5, -7, 3), SIMD3(-100, 40, 250)]

    @Test func centredFormAndOffsetFormAgree() {
        let t = Self.a
        #expect((t.apply(to: t.centerMM) - (t.centerMM + t.translationMM)).maxAbsolute < 1e-12)
        for p in Self.points {
            #expect((t.apply(to: p) - (t.matrix * p + t.offsetMM)).maxAbsolute < 1e-9)
        }
    }

    @Test func compositionAppliesInnerFirst() {
        let composed = Self.a.composed(after: Self.b)
        for p in Self.points {
            #expect((composed.apply(to: p) - Self.a.apply(to: Self.b.apply(to: p))).maxAbsolute < 1e-9)
        }
        #expect(
            AffineTransform.identity.composed(after: Self.a).apply(to: Self.points[1])
                == Self.a.apply(to: Self.points[1]))
    }

    @Test func inverseUndoes() throws {
        for t in [Self.a, Self.b] {
            let inverse = try t.inverted()
            for p in Self.points {
                #expect((inverse.apply(to: t.apply(to: p)) - p).maxAbsolute < 1e-9)
            }
        }
        let singular = AffineTransform(matrix: Matrix3(diagonal: SIMD3(1, 0, 1)))
        #expect(throws: ImagingError.self) { try singular.inverted() }
    }

    @Test func eulerOrderIsZXYAsITK() {
        let (ax, ay, az) = (0.3, -0.5, 1.1)
        let t = AffineTransform(eulerAnglesRadians: SIMD3(ax, ay, az))
        // Rotate a vector about y, then x, then z, by hand.
        var v = SIMD3(1.0, 2.0, 3.0)
        v = SIMD3(cos(ay) * v.x + sin(ay) * v.z, v.y, -sin(ay) * v.x + cos(ay) * v.z)
        v = SIMD3(v.x, cos(ax) * v.y - sin(ax) * v.z, sin(ax) * v.y + cos(ax) * v.z)
        v = SIMD3(cos(az) * v.x - sin(az) * v.y, sin(az) * v.x + cos(az) * v.y, v.z)
        #expect((t.apply(to: SIMD3(1, 2, 3)) - v).maxAbsolute < 1e-12)
        // A quarter turn about z takes L (+x) to P (+y).
        let quarter = AffineTransform(eulerAnglesRadians: SIMD3(0, 0, .pi / 2))
        #expect((quarter.apply(to: SIMD3(1, 0, 0)) - SIMD3(0, 1, 0)).maxAbsolute < 1e-12)
        #expect(abs(t.matrix.determinant - 1) < 1e-12)
    }

    @Test func eulerParametersRoundTrip() {
        let parameters = Self.b.eulerParameters
        let expected = [0.2, -0.4, 0.7, -1, 2, 0.5]
        #expect(zip(parameters, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(parameters)")
    }

    @Test func matrixInverseAndDeterminant() throws {
        let m = Self.a.matrix
        let inverse = try #require(m.inverse)
        #expect((m * inverse).maxAbsoluteDifference(to: .identity) < 1e-12)
        #expect(abs(Matrix3(diagonal: SIMD3(2, 3, 4)).determinant - 24) < 1e-12)
        #expect(Matrix3(columns: (SIMD3(1, 2, 3), SIMD3(2, 4, 6), SIMD3(0, 0, 1))).inverse == nil)
    }
}
