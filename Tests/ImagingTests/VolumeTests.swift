import Testing

@testable import Imaging

@Suite struct VolumeTests {
    static func ramp() throws -> Volume {
        let g = try Geometry(size: SIMD3(4, 3, 2), originMM: SIMD3(5, 6, 7), spacingMM: SIMD3(0.5, 0.75, 3))
        return try Volume(geometry: g, voxels: (0..<24).map(Float.init))
    }

    @Test func voxelsAreXFastest() throws {
        var v = try Self.ramp()
        #expect(v[1, 0, 0] == 1 && v[0, 1, 0] == 4 && v[0, 0, 1] == 12 && v[3, 2, 1] == 23)
        v[2, 1, 1] = -1
        #expect(v.voxels[2 + 4 * (1 + 3 * 1)] == -1)
    }

    @Test func voxelCountMustMatch() throws {
        let g = try Geometry(size: SIMD3(2, 2, 2))
        #expect(throws: ImagingError.countMismatch(expected: 8, actual: 7, what: "Volume voxels")) {
            try Volume(geometry: g, voxels: Array(repeating: 0, count: 7))
        }
    }

    @Test func sliceCarriesPixelsSpacingAndInPlaneOrigin() throws {
        let v = try Self.ramp()
        let s = try v.slice(z: 1)
        #expect(s.width == 4 && s.height == 3)
        #expect(s.pixels == (12..<24).map(Float.init))
        #expect(s.spacingMM == SIMD2(0.5, 0.75))
        #expect(s.originMM == SIMD2(5, 6))
        #expect(throws: ImagingError.self) { try v.slice(z: 2) }
    }

    @Test func slicesRebuildTheVolume() throws {
        let v = try Self.ramp()
        #expect(try Volume(geometry: v.geometry, slices: v.slices) == v)
        var w = v
        try w.setSlice(z: 0, to: Image2D(width: 4, height: 3, repeating: 9))
        #expect(w[3, 2, 0] == 9 && w[0, 0, 1] == 12)
        #expect(throws: ImagingError.self) { try w.setSlice(z: 0, to: Image2D(width: 3, height: 3, repeating: 0)) }
        #expect(throws: ImagingError.self) { try Volume(geometry: v.geometry, slices: [v.slices[0]]) }
    }
}
