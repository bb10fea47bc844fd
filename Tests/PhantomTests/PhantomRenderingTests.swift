import Foundation
import Imaging
import Testing

@testable import Phantom

/// The procedural head is built once for all tests (a fraction of a second at 2 mm).
let proceduralAtlas: TissueAtlas = try! ProceduralAtlas.build()

/// Three axial slabs through the procedural head (ventricles, sinus, eyes), 0.6 mm pixels, 1 mm slices.
func probeGeometry() throws -> Geometry {
    try Geometry(size: SIMD3(270, 330, 1), originMM: SIMD3(-81, -99, 15), spacingMM: SIMD3(0.6, 0.6, 1))
}

func render(_ output: PhantomRenderer.Output, seed: UInt64, weighting: MRWeighting = .t1, lesions: LesionMode = .all, z: Double = 15)
    throws -> (Volume, SubjectParameters)
{
    let parameters = SubjectParameters(
        seed: seed, options: PhantomOptions(weighting: weighting, lesions: lesions), atlas: proceduralAtlas)
    var pose = parameters.ctPose
    pose.anglesDegrees = .zero  // axial slabs through known anatomy
    pose.translationMM = .zero
    let renderer = PhantomRenderer(anatomy: SubjectAnatomy(atlas: proceduralAtlas, parameters: parameters))
    let g = try probeGeometry()
    let geometry = try Geometry(size: g.size, originMM: SIMD3(g.originMM.x, g.originMM.y, z), spacingMM: g.spacingMM)
    return (renderer.render(output, on: geometry, pose: pose), parameters)
}

/// Mean value per tissue over pure voxels: those whose fractions (evaluated as the renderer does for a
/// 1 mm slice with the head unrotated at the isocentre) are at least 99 % one tissue, so partial volume
/// shifts a mean by at most 1 % of the largest HU difference.
func tissueMeans(values: Volume, parameters: SubjectParameters, atlas: TissueAtlas = proceduralAtlas)
    -> [Tissue: (mean: Double, count: Int)]
{
    let anatomy = SubjectAnatomy(atlas: atlas, parameters: parameters)
    let g = values.geometry
    var sums: [Tissue: (Double, Int)] = [:]
    for v in 0..<g.voxelCount {
        let f = anatomy.fractions(at: g.physicalPoint(ofIndex: g.index(ofOffset: v)) + atlas.landmarks.headCentre)
        let label = PhantomRenderer.label(f.anatomy, f.lesions)
        let share = label < 11 ? f.anatomy[label] : f.lesions[label - 11]
        guard share >= 0.99, let tissue = Tissue(rawValue: label) else { continue }
        let (s, n) = sums[tissue] ?? (0, 0)
        sums[tissue] = (s + Double(values.voxels[v]), n + 1)
    }
    return sums.mapValues { ($0.0 / Double($0.1), $0.1) }
}

@Suite struct PhantomRenderingTests {
    @Test func sameSeedIsBitwiseIdenticalAndOtherSeedsDiffer() throws {
        for output in PhantomRenderer.Output.allCases {
            let (a, _) = try render(output, seed: 7)
            let (b, _) = try render(output, seed: 7)
            let (c, _) = try render(output, seed: 8)
            #expect(a.voxels.map(\.bitPattern) == b.voxels.map(\.bitPattern), "\(output)")
            #expect(a.voxels != c.voxels, "\(output)")
        }
        #expect(
            SubjectParameters(seed: 3, options: PhantomOptions(), atlas: proceduralAtlas)
                == SubjectParameters(seed: 3, options: PhantomOptions(), atlas: proceduralAtlas))
    }

    /// Every tissue the slabs cut, lesions included, has its mean CT value inside the stated range (with a
    /// margin for the averaged texture and noise: three standard errors, counting the 3 mm texture
    /// correlation as one independent sample per 25 voxels).
    @Test(arguments: [11, 12, 13] as [UInt64])
    func ctTissuesAreWithinTheirStatedHounsfieldRanges(seed: UInt64) throws {
        var seen: Set<Tissue> = []
        for z in [15.0, -5, -40] {
            let (ct, parameters) = try render(.ct, seed: seed, z: z)
            for (tissue, (mean, count)) in tissueMeans(values: ct, parameters: parameters) where count >= 20 {
                let stated = TissueProperties.standard(tissue).hounsfieldRange
                let sd = parameters.tissues[tissue.rawValue].textureHU + parameters.ctNoiseHU
                let margin = 3 * sd / (Double(count) / 25).squareRoot().clamped(to: 1...1e9) + 0.01 * 2800
                #expect(
                    mean >= stated.lowerBound - margin && mean <= stated.upperBound + margin,
                    "\(tissue): mean \(mean) HU over \(count) voxels, stated \(stated)")
                seen.insert(tissue)
            }
        }
        for tissue in [Tissue.air, .skin, .fat, .corticalBone, .diploe, .csf, .greyMatter, .whiteMatter, .eye, .sinus] {
            #expect(seen.contains(tissue), "the slabs show \(tissue)")
        }
    }

    @Test(arguments: [21, 22, 23] as [UInt64])
    func mrContrastFollowsTheWeighting(seed: UInt64) throws {
        func means(_ weighting: MRWeighting) throws -> [Tissue: Double] {
            let (mr, parameters) = try render(.mr, seed: seed, weighting: weighting, lesions: .none)
            return tissueMeans(values: mr, parameters: parameters).mapValues(\.mean)
        }
        let t1 = try means(.t1)
        let t2 = try means(.t2)
        let wm = try #require(t1[.whiteMatter]), gm = try #require(t1[.greyMatter]), csf = try #require(t1[.csf])
        #expect(wm > gm && gm > csf, "T1: WM \(wm), GM \(gm), CSF \(csf)")
        let wm2 = try #require(t2[.whiteMatter]), gm2 = try #require(t2[.greyMatter]), csf2 = try #require(t2[.csf])
        #expect(csf2 > gm2 && gm2 > wm2, "T2: CSF \(csf2), GM \(gm2), WM \(wm2)")
        let bone = try #require(t1[.corticalBone])
        #expect(bone < 0.25 * wm, "cortical bone is dark in MR: \(bone) vs WM \(wm)")
        let (ct, parameters) = try render(.ct, seed: seed, lesions: .none)
        let ctMeans = tissueMeans(values: ct, parameters: parameters)
        #expect(try #require(ctMeans[.corticalBone]).mean > 1000, "and bright in CT")
    }

    /// The subject → atlas map inverts (lesion centres are reported through the inverse), and a voxel's
    /// fractions, anatomy and lesions together, sum to 1.
    @Test func anatomyMapsBackAndForth() throws {
        let parameters = SubjectParameters(seed: 5, options: PhantomOptions(), atlas: proceduralAtlas)
        let anatomy = SubjectAnatomy(atlas: proceduralAtlas, parameters: parameters)
        for q in [SIMD3<Double>(10, -20, 30), SIMD3(-40, 30, -10), SIMD3(0, 0, 0)] {
            let p = anatomy.subjectPoint(ofAtlasPoint: q)
            let back = anatomy.atlasPoint(of: p)
            #expect(((back - q) * (back - q)).sum().squareRoot() < 1e-4)
        }
        let f = anatomy.fractions(at: SIMD3(0, 0, 0))
        #expect(abs(f.anatomy.sum() + f.lesions.sum() - 1) < 1e-4)
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(range.upperBound, Swift.max(range.lowerBound, self)) }
}
