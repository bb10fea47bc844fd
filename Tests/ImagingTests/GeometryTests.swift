import Foundation
import Testing

@testable import Imaging

@Suite struct GeometryTests {
    /// An oblique, left-handed-free geometry: rotated about all three axes, anisotropic spacing.
    static func oblique() throws -> Geometry {
        let rotation = AffineTransform(eulerAnglesRadians: SIMD3(0.3, -0.2, 0.9)).matrix
        return try Geometry(
            size: SIMD3(20, 16, 7), originMM: SIMD3(-120.5, 33.25, 410), spacingMM: SIMD3(0.7, 0.8, 2.5),
            direction: rotation, frameOfReferenceUID: "1.2.3")
    }

    @Test func physicalPointFollowsTheDefinition() throws {
        let g = try Self.oblique()
        let d = g.direction
        let expected = g.originMM + 3 * 0.7 * d.column0 + 2 * 0.8 * d.column1 + 5 * 2.5 * d.column2
        #expect((g.physicalPoint(ofIndex: SIMD3(3, 2, 5)) - expected).maxAbsolute < 1e-12)
        #expect(g.physicalPoint(ofIndex: .zero) == g.originMM)
    }

    @Test func worldIndexRoundTripOnObliqueGeometry() throws {
        let g = try Self.oblique()
        var worst = 0.0
        for n in 0..<50 {
            let index = SIMD3(Double(n % 7) * 2.9 - 1.3, Double(n % 5) * 3.1 - 0.4, Double(n % 3) * 2.2 + 0.1)
            let back = g.continuousIndex(ofPhysicalPoint: g.physicalPoint(ofContinuousIndex: index))
            worst = max(worst, (back - index).maxAbsolute)
        }
        #expect(worst < 1e-10)
    }

    @Test func nearlyOrthonormalCosinesUseTheExactInverse() throws {
        // DICOM prints cosines to ~6 digits: accept, and still invert exactly (not by transpose).
        let d = Matrix3(columns: (SIMD3(1, 2e-6, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)))
        let g = try Geometry(size: SIMD3(4, 4, 4), spacingMM: SIMD3(1, 1, 1), direction: d)
        let point = SIMD3(100.0, 50.0, 25.0)
        #expect(
            (g.physicalPoint(ofContinuousIndex: g.continuousIndex(ofPhysicalPoint: point)) - point).maxAbsolute < 1e-10)
        let transposeIndex = d.transpose * point
        #expect((g.continuousIndex(ofPhysicalPoint: point) - transposeIndex).maxAbsolute > 1e-5)
    }

    @Test func leftHandedDirectionsAreValid() throws {
        let flipped = Matrix3(diagonal: SIMD3(1, 1, -1))
        let g = try Geometry(size: SIMD3(2, 2, 3), direction: flipped)
        #expect(g.physicalPoint(ofIndex: SIMD3(0, 0, 2)) == SIMD3(0, 0, -2))
    }

    @Test(arguments: [
        ("zero spacing", SIMD3(1, 1, 1), SIMD3(1.0, 0, 1), Matrix3.identity, SIMD3<Double>.zero),
        ("negative spacing", SIMD3(1, 1, 1), SIMD3(1.0, 1, -2), Matrix3.identity, SIMD3<Double>.zero),
        ("empty size", SIMD3(4, 0, 1), SIMD3(1.0, 1, 1), Matrix3.identity, SIMD3<Double>.zero),
        ("scaled direction", SIMD3(1, 1, 1), SIMD3(1.0, 1, 1), Matrix3(diagonal: SIMD3(2, 1, 1)), SIMD3<Double>.zero),
        (
            "sheared direction", SIMD3(1, 1, 1), SIMD3(1.0, 1, 1),
            Matrix3(columns: (SIMD3(1, 0, 0), SIMD3(0.1, 1, 0), SIMD3(0, 0, 1))), SIMD3<Double>.zero
        ),
        (
            "degenerate direction", SIMD3(1, 1, 1), SIMD3(1.0, 1, 1),
            Matrix3(columns: (SIMD3(1, 0, 0), SIMD3(1, 0, 0), SIMD3(0, 0, 1))), SIMD3<Double>.zero
        ),
        ("NaN origin", SIMD3(1, 1, 1), SIMD3(1.0, 1, 1), Matrix3.identity, SIMD3(.nan, 0, 0)),
    ])
    func invalidGeometriesThrow(
        label: String, size: SIMD3<Int>, spacing: SIMD3<Double>, direction: Matrix3, origin: SIMD3<Double>
    ) {
        #expect(throws: ImagingError.self, "\(label)") {
            try Geometry(size: size, originMM: origin, spacingMM: spacing, direction: direction)
        }
    }

    @Test func containsIsHalfOpenAsITK() throws {
        let g = try Geometry(size: SIMD3(4, 3, 1))
        #expect(g.contains(continuousIndex: SIMD3(-0.5, -0.5, -0.5)))
        #expect(g.contains(continuousIndex: SIMD3(3.4999, 2.4999, 0.4999)))
        #expect(!g.contains(continuousIndex: SIMD3(3.5, 0, 0)))
        #expect(!g.contains(continuousIndex: SIMD3(0, -0.5001, 0)))
        #expect(!g.contains(continuousIndex: SIMD3(.nan, 0, 0)))
    }

    @Test func sliceGeometryStartsAtThatSlice() throws {
        let g = try Self.oblique()
        let slice = try g.slice(4)
        #expect(slice.size == SIMD3(20, 16, 1))
        #expect((slice.originMM - g.physicalPoint(ofIndex: SIMD3(0, 0, 4))).maxAbsolute < 1e-12)
        #expect(throws: ImagingError.sliceOutOfRange(index: 7, count: 7)) { try g.slice(7) }
    }

    @Test func codableRoundTripAndValidatingDecode() throws {
        let g = try Self.oblique()
        let data = try JSONEncoder().encode(g)
        #expect(try JSONDecoder().decode(Geometry.self, from: data) == g)
        let text = try #require(String(data: data, encoding: .utf8))
        let broken = text.replacingOccurrences(of: "\"spacing_mm\":[0.7", with: "\"spacing_mm\":[-0.7")
        #expect(broken != text)
        #expect(throws: ImagingError.self) { try JSONDecoder().decode(Geometry.self, from: Data(broken.utf8)) }
    }

    @Test func extentAndCentre() throws {
        let g = try Geometry(size: SIMD3(10, 4, 1), originMM: SIMD3(1, 2, 3), spacingMM: SIMD3(0.5, 2, 3))
        #expect(g.extentMM == SIMD3(5, 8, 3))
        #expect((g.centerMM - SIMD3(1 + 4.5 * 0.5, 2 + 1.5 * 2, 3)).maxAbsolute < 1e-12)
        #expect(g.voxelCount == 40)
    }
}
