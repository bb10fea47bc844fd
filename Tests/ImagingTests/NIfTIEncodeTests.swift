import Foundation
import Testing

@testable import Imaging

@Suite struct NIfTIEncodeTests {
    /// An oblique volume written and read back: same geometry (to float32 precision) and voxels.
    @Test func roundTrip() throws {
        let angle = 0.3
        let direction = Matrix3(columns: (SIMD3(cos(angle), sin(angle), 0), SIMD3(-sin(angle), cos(angle), 0), SIMD3(0, 0, 1)))
        let geometry = try Geometry(
            size: SIMD3(5, 4, 3), originMM: SIMD3(-90.5, 120.25, -30), spacingMM: SIMD3(0.7, 0.8, 2.5), direction: direction)
        let volume = try Volume(geometry: geometry, voxels: (0..<60).map { Float($0) * 1.5 - 7 })
        let decoded = try NIfTI.decode(NIfTI.encode(volume))
        #expect(decoded.voxels == volume.voxels)
        #expect(decoded.geometry.size == geometry.size)
        for p in [SIMD3<Double>(0, 0, 0), SIMD3(4, 3, 2), SIMD3(1.5, 2, 0.5)] {
            let a = decoded.geometry.physicalPoint(ofContinuousIndex: p)
            let b = geometry.physicalPoint(ofContinuousIndex: p)
            #expect(abs(a.x - b.x) < 1e-4 && abs(a.y - b.y) < 1e-4 && abs(a.z - b.z) < 1e-4)
        }
    }
}
