import Foundation
import Imaging
import Testing

@testable import Dataset

@Suite struct HeadMaskTests {
    /// 32×28×4: slices 0 and 2 constant (0 and 5), slices 1 and 3 a bright ellipse head with a dark hole inside.
    static func volume() throws -> Volume {
        let size = SIMD3(32, 28, 4)
        var volume = Volume(geometry: try Geometry(size: size))
        for k in [1, 3] {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    let r = pow((Double(i) - 15.5) / 12, 2) + pow((Double(j) - 13.5) / 10, 2)
                    let hole = pow((Double(i) - 15.5) / 4, 2) + pow((Double(j) - 13.5) / 3, 2) <= 1
                    volume[i, j, k] = r <= 1 ? (hole ? 8 : 200 + Float(i)) : Float((i * 7 + j * 3) % 5)
                }
            }
        }
        for j in 0..<size.y { for i in 0..<size.x { volume[i, j, 2] = 5 } }
        return volume
    }

    @Test func fillsTheHoleAndLeavesConstantSlicesEmpty() throws {
        let volume = try Self.volume()
        let mask = HeadMask(mr: volume)
        #expect(mask.size == volume.size)
        #expect(mask.voxels.count == volume.voxels.count)
        #expect(mask.foregroundCount(slice: 0) == 0)
        #expect(mask.foregroundCount(slice: 2) == 0)
        #expect(mask.thresholds[2] >= 5)
        let offset = { (i: Int, j: Int, k: Int) in volume.geometry.offset(i: i, j: j, k: k) }
        for k in [1, 3] {
            // The hole is below the threshold but enclosed: filled.
            #expect(Double(volume[15, 13, k]) < mask.thresholds[k])
            #expect(mask.voxels[offset(15, 13, k)])
            #expect(mask.voxels[offset(4, 13, k)])
            // Background corners stay outside.
            #expect(!mask.voxels[offset(0, 0, k)])
            #expect(!mask.voxels[offset(31, 27, k)])
            // Exactly the ellipse: mask = value > threshold, then holes filled.
            for j in 0..<28 {
                for i in 0..<32 {
                    let inside = pow((Double(i) - 15.5) / 12, 2) + pow((Double(j) - 13.5) / 10, 2) <= 1
                    #expect(mask.voxels[offset(i, j, k)] == inside)
                }
            }
        }
        #expect(mask.foregroundFraction(slice: 1) > 0.3)
        #expect(mask.foregroundFraction(slice: 1) < 0.5)
    }

    /// A slice of noise only (above the head) has a speckled Li mask of its own; the volume floor empties it
    /// and leaves the head slices as they were.
    @Test func noiseOnlySlicesAreEmpty() throws {
        var volume = try Self.volume()
        let size = volume.size
        for j in 0..<size.y { for i in 0..<size.x { volume[i, j, 0] = Float((i * 7 + j * 3) % 5) } }
        let plane = size.x * size.y
        let own = HeadMask.sliceMask(volume.voxels[0..<plane], width: size.x, height: size.y)
        #expect(own.mask.contains(true), "without the floor the noise slice has foreground")
        let mask = HeadMask(mr: volume)
        #expect(mask.foregroundCount(slice: 0) == 0)
        #expect(mask.foregroundCount(slice: 1) == HeadMask.sliceMask(volume.voxels[plane..<(2 * plane)], width: size.x, height: size.y).mask.filter { $0 }.count)
    }

    @Test func partsInitialiserChecksCounts() {
        #expect(throws: DatasetError.self) {
            try HeadMask(size: SIMD3(2, 2, 2), voxels: [true], thresholds: [0, 0])
        }
    }
}
