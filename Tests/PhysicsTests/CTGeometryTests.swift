import Foundation
import Testing

@testable import Physics

@Suite struct CTGeometryTests {
    @Test func fanBeamDefaultsAreTheAuthors() throws {
        let g = try FanBeamGeometry()
        let reso = 512.0 / 416.0 * 0.03
        #expect(g.imageWidth == 384 && g.imageHeight == 384 && g.views == 64 && g.detectorBins == 640)
        #expect(abs(g.pixelSizeCM - 0.0369231) < 1e-7)
        #expect(abs(g.sourceToIsocentreCM - 1075 * reso) < 1e-12)
        #expect(abs(g.isocentreToDetectorCM - 1075 * reso) < 1e-12)
        #expect(abs(g.magnification - 2) < 1e-15)
        let sx = 384 * reso
        #expect(abs(g.detectorLengthCM - 2 * (2 * sx * sx).squareRoot()) < 1e-12)
        #expect(abs(g.binSpacingCM - 0.062661) < 1e-6)
        // ODL uniform_partition: cell midpoints.
        #expect(abs(g.viewAngle(0) - Double.pi / 64) < 1e-15)
        #expect(abs(g.viewAngle(63) - 2 * Double.pi * 63.5 / 64) < 1e-12)
        #expect(abs(g.binCentre(0) - (-g.detectorLengthCM / 2 + g.binSpacingCM / 2)) < 1e-12)
        #expect(abs(g.binCentre(320) - g.binSpacingCM / 2) < 1e-12)
        #expect(try FanBeamGeometry.authors() == g)
    }

    @Test func fanBeamOrientationFollowsODL() throws {
        // ODL FanBeamGeometry defaults: at θ = 0 the source is at (0, −D_so), the detector centre at
        // (0, D_dd) and the detector axis (1, 0); the centre bin's ray runs along +y.
        let g = try FanBeamGeometry(views: 4, detectorBins: 2, angularRangeRadians: 4 * 1e-9)
        let ray = g.ray(view: 0, bin: 1)
        #expect(abs(ray.origin.x) < 1e-6 && abs(ray.origin.y + g.sourceToIsocentreCM) < 1e-6)
        #expect(ray.direction.y > 0.99 && ray.direction.x > 0)
    }

    @Test func otherSizesScaleWithTheFieldOfView() throws {
        let g = try FanBeamGeometry(imageWidth: 256, imageHeight: 256, pixelSizeCM: 0.09570312, views: 720)
        let side = 256 * 0.09570312
        #expect(g.detectorBins == 427)
        #expect(abs(g.sourceToIsocentreCM - 1075.0 / 384.0 * side) < 1e-12)
        #expect(abs(g.isocentreToDetectorCM - g.sourceToIsocentreCM) < 1e-12)
        #expect(abs(g.detectorLengthCM - 2 * (2 * side * side).squareRoot()) < 1e-12)
        let p = try ParallelBeamGeometry(imageWidth: 96, imageHeight: 64, pixelSizeCM: 0.1)
        #expect(p.detectorBins == 160 && p.views == 64)
        #expect(abs(p.detectorLengthCM - (9.6 * 9.6 + 6.4 * 6.4).squareRoot()) < 1e-12)
        #expect(abs(p.angularRangeRadians - Double.pi) < 1e-15)
    }

    @Test func invalidGeometriesThrowNamingTheParameter() {
        func name(_ body: () throws -> Void) -> String? {
            do { try body() } catch let PhysicsError.invalidParameter(name, _, _) { return name } catch { return "?" }
            return nil
        }
        #expect(name { _ = try FanBeamGeometry(views: 0) } == "views")
        #expect(name { _ = try FanBeamGeometry(imageWidth: 0) } == "imageWidth")
        #expect(name { _ = try FanBeamGeometry(pixelSizeCM: -1) } == "pixelSizeCM")
        #expect(name { _ = try FanBeamGeometry(detectorBins: 0) } == "detectorBins")
        #expect(name { _ = try FanBeamGeometry(sourceToIsocentreCM: 5) } == "sourceToIsocentreCM")
        #expect(name { _ = try FanBeamGeometry(angularRangeRadians: 7) } == "angularRangeRadians")
        #expect(name { _ = try ParallelBeamGeometry(detectorLengthCM: .nan) } == "detectorLengthCM")
        #expect(name { _ = try FilteredBackProjection(geometry: try FanBeamGeometry(angularRangeRadians: 3)) }
            == "angularRangeRadians")
        #expect(name { _ = try FilteredBackProjection(geometry: try FanBeamGeometry(), filter: FBPFilter(.hann, frequencyScaling: 0)) }
            == "frequencyScaling")
    }

    /// The detector map of each view sends a point to the bin whose ray passes through it.
    @Test(arguments: [true, false]) func detectorMapAgreesWithTheRays(fan: Bool) throws {
        let geometry: any CTScanGeometry =
            fan ? try FanBeamGeometry(views: 7) : try ParallelBeamGeometry(views: 7, angularRangeRadians: 2 * Double.pi)
        var random = MersenneTwister(seed: 7)
        for view in 0..<geometry.views {
            let map = geometry.detectorMap(view: view)
            for _ in 0..<10 {
                let p = SIMD2(random.nextDouble() - 0.5, random.nextDouble() - 0.5) * 14
                let t = map.binIndex(at: p)
                // Interpolate the ray between the two bins around t and measure its distance to p.
                let lower = Int(t.rounded(.down))
                let a = geometry.ray(view: view, bin: lower), b = geometry.ray(view: view, bin: lower + 1)
                let f = t - Double(lower)
                let origin = a.origin + f * (b.origin - a.origin)
                var direction = a.direction + f * (b.direction - a.direction)
                direction /= (direction * direction).sum().squareRoot()
                let offset = p - origin
                let distance = abs(offset.x * direction.y - offset.y * direction.x)
                // Interpolating directions linearly bends the fan by O(Δγ²): far below a micrometre.
                #expect(distance < 1e-5, "view \(view) point \(p): ray misses by \(distance) cm")
            }
        }
    }
}
