import Testing

@testable import Pipeline

/// `GlobPattern` and `PlaneClassification`: the two small matchers the rules are built on.
@Suite struct SelectionGlobTests {
    @Test(arguments: [
        ("*t1*", "Phantom MR T1 SE", true),
        ("*t1*", "t1_mprage_sag_p2_iso", true),
        ("*t1*", "T2 TSE", false),
        ("*T1*", "anat-t1w", true),
        ("t1*", "Phantom MR T1 SE", false),
        ("t1*", "T1 post", true),
        ("t?", "T1", true),
        ("t?", "T12", false),
        ("t?", "T", false),
        ("?", "", false),
        ("", "", true),
        ("", "x", false),
        ("*", "", true),
        ("*", "anything at all", true),
        ("**", "x", true),
        ("a*b*c", "aXbYbZc", true),
        ("a*b*c", "aXbYbZ", false),
        ("*abc", "ababc", true),
        ("head*2.5 mm", "Head 1 / 2.5 mm", true),
        ("*flair*", "T1 FLAIR", true),
        ("ÄB*", "äbc", true),
    ])
    func globMatching(pattern: String, text: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(text) == expected, "'\(pattern)' vs '\(text)'")
    }

    @Test(arguments: [
        (SIMD3<Double>(1, 0, 0), SIMD3<Double>(0, 1, 0), SliceOrientation.axial, SliceOrientation.axial, 0.0),
        (SIMD3(1, 0, 0), SIMD3(0, 0, -1), .coronal, .coronal, 0.0),
        (SIMD3(0, 1, 0), SIMD3(0, 0, -1), .sagittal, .sagittal, 0.0),
        // The real GE CT: rows along x, columns tilted 18.5° out of the axial plane.
        (SIMD3(1, 0, 0), SIMD3(0, 0.9483237, -0.3173047), .oblique, .axial, 18.5),
        (SIMD3(1, 0, 0), SIMD3(0, 0.9876883, -0.1564345), .axial, .axial, 9.0),
        (SIMD3(1, 0, 0), SIMD3(0, 0.9851093, -0.1719291), .axial, .axial, 9.9),
        (SIMD3(1, 0, 0), SIMD3(0, 0.9845032, -0.1753667), .oblique, .axial, 10.1),
        (SIMD3(1, 0, 0), SIMD3(0, 0.9816272, -0.1908090), .oblique, .axial, 11.0),
    ])
    func planes(
        row: SIMD3<Double>, column: SIMD3<Double>, orientation: SliceOrientation, nearest: SliceOrientation,
        degrees: Double
    ) throws {
        let plane = try #require(PlaneClassification(row: row, column: column))
        #expect(plane.orientation == orientation)
        #expect(plane.nearestPlane == nearest)
        #expect(abs(plane.degreesFromNearestPlane - degrees) < 0.05, "\(plane.degreesFromNearestPlane)")
    }

    @Test func parallelCosinesHaveNoPlane() {
        #expect(PlaneClassification(row: SIMD3(1, 0, 0), column: SIMD3(1, 0, 0)) == nil)
        #expect(PlaneClassification(row: SIMD3(.nan, 0, 0), column: SIMD3(0, 1, 0)) == nil)
    }

    @Test func planesPrintTheirAngle() throws {
        let tilted = try #require(PlaneClassification(row: SIMD3(1, 0, 0), column: SIMD3(0, 0.9483237, -0.3173047)))
        #expect(tilted.description == "oblique (18.5° from axial)")
        #expect(PlaneClassification(row: SIMD3(1, 0, 0), column: SIMD3(0, 1, 0))?.description == "axial")
    }
}
