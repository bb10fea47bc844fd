import Foundation
import Testing

@testable import Imaging
@testable import Registration

@Suite struct InitializationTests {
    @Test func momentsAlignIntensityCentroids() throws {
        let fixed = try RegistrationErrorTests.blob(size: 40)
        let moving = try RegistrationErrorTests.blob(size: 40, center: SIMD3(6, -4, 3))
        var config = RegistrationConfiguration()
        config.initialization = .moments
        let start = initialParameters(fixed: fixed, moving: moving, config: config, initial: nil)
        #expect((start.centerMM - centroid(fixed)).maxAbsolute < 1e-12)
        #expect((start.translationMM - SIMD3(6, -4, 3)).maxAbsolute < 0.05, "\(start.translationMM)")
        #expect(start.parameters.prefix(3).allSatisfy { $0 == 0 })
    }

    @Test func geometryAlignsGridCentres() throws {
        let fixed = try RegistrationErrorTests.blob()
        let moving = try Volume(
            geometry: Geometry(size: SIMD3(10, 12, 14), originMM: SIMD3(5, -7, 2), spacingMM: SIMD3(1, 2, 3)),
            repeating: 1)
        var config = RegistrationConfiguration()
        config.transform = .affine
        let start = initialParameters(fixed: fixed, moving: moving, config: config, initial: nil)
        #expect(start.centerMM == fixed.geometry.centerMM)
        #expect((start.affine.apply(to: fixed.geometry.centerMM) - moving.geometry.centerMM).maxAbsolute < 1e-12)
        #expect(Array(start.parameters.prefix(9)) == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    }

    @Test(arguments: RegistrationConfiguration.TransformKind.allCases)
    func explicitInitialTransformIsKeptExactly(_ kind: RegistrationConfiguration.TransformKind) throws {
        let fixed = try RegistrationErrorTests.blob()
        var config = RegistrationConfiguration()
        config.transform = kind
        let given: Imaging.AffineTransform =
            kind == .translation
            ? .translation(SIMD3(1, 2, 3))
            : Imaging.AffineTransform(
                eulerAnglesRadians: SIMD3(0.1, -0.2, 0.3), translationMM: SIMD3(1, 2, 3), centerMM: SIMD3(-4, 5, 6))
        let start = initialParameters(fixed: fixed, moving: fixed, config: config, initial: given)
        for p in [SIMD3(0.0, 0, 0), SIMD3(30, -20, 10)] {
            #expect((start.affine.apply(to: p) - given.apply(to: p)).maxAbsolute < 1e-9)
        }
    }
}
