import Foundation
import Imaging
import Testing

@testable import Phantom

/// The atlas built from Colin27 (Debian mricron-data) and the bundled MNI CT template.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: TemplateAtlas.Sources.standard.colin27)))
struct TemplateAtlasTests {
    static let atlas: TissueAtlas = try! TemplateAtlas.build()

    /// MNI RAS millimetres → the atlas's LPS.
    static func fractions(ras: SIMD3<Double>) -> SIMD16<Float> { atlas.sample(at: SIMD3(-ras.x, -ras.y, ras.z)) }

    /// Known anatomy of the MNI head at textbook coordinates: the centrum semiovale is white matter, the
    /// lateral ventricle's body CSF, the eye's centre vitreous, the frontal bone at the vertex midline
    /// bone, the air in front of the face air.
    @Test func knownPointsHaveTheirTissue() {
        let cases: [(SIMD3<Double>, [Tissue], String)] = [
            (SIMD3(-26, -10, 32), [.whiteMatter], "left centrum semiovale"),
            (SIMD3(-4, 2, 18), [.csf], "left lateral ventricle"),
            (SIMD3(35.5, 62, -38), [.eye], "right eye"),
            (SIMD3(0, 0, 120), [.air], "above the vertex"),
            (SIMD3(0, 110, 0), [.air], "in front of the forehead"),
        ]
        for (point, tissues, name) in cases {
            let f = Self.fractions(ras: point)
            let share = tissues.map { f[$0.rawValue] }.reduce(0, +)
            #expect(share > 0.6, "\(name): \(tissues) fraction \(share)")
        }
        // Along the vertical midline above the brain there is skull before the air.
        let bone = stride(from: 60.0, through: 90, by: 0.5).map { z -> Float in
            let f = Self.fractions(ras: SIMD3(0, -20, z))
            return f[Tissue.corticalBone.rawValue] + f[Tissue.diploe.rawValue]
        }
        #expect(bone.max()! > 0.8)
    }

    /// A template subject's CT and T1 MR: bone bright in CT and dark in MR, WM > GM > CSF in the T1.
    @Test func templateSubjectHasRealisticContrast() throws {
        let parameters = SubjectParameters(seed: 4, options: PhantomOptions(lesions: .none), atlas: Self.atlas)
        var pose = parameters.ctPose
        pose.anglesDegrees = .zero
        pose.translationMM = .zero
        let renderer = PhantomRenderer(anatomy: SubjectAnatomy(atlas: Self.atlas, parameters: parameters))
        let centre = Self.atlas.landmarks.headCentre
        let geometry = try Geometry(
            size: SIMD3(240, 280, 1), originMM: SIMD3(-72, -84, 20) - centre, spacingMM: SIMD3(0.6, 0.6, 1))
        let ct = tissueMeans(values: renderer.render(.ct, on: geometry, pose: pose), parameters: parameters, atlas: Self.atlas)
        let mr = tissueMeans(values: renderer.render(.mr, on: geometry, pose: pose), parameters: parameters, atlas: Self.atlas)
        let wm = try #require(mr[.whiteMatter]).mean, gm = try #require(mr[.greyMatter]).mean
        let csf = try #require(mr[.csf]).mean
        #expect(wm > gm && gm > csf, "T1: WM \(wm), GM \(gm), CSF \(csf)")
        #expect(try #require(ct[.corticalBone]).mean > 1000)
        #expect(try #require(mr[.corticalBone]).mean < 0.25 * wm)
        for tissue in [Tissue.greyMatter, .whiteMatter, .csf, .fat] {
            let stated = TissueProperties.standard(tissue).hounsfieldRange
            let mean = try #require(ct[tissue]).mean
            #expect(mean > stated.lowerBound - 3 && mean < stated.upperBound + 3, "\(tissue) \(mean) HU")
        }
    }
}
