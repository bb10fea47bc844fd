import Foundation
import Imaging

/// Builds the `TissueAtlas` of a real head from two templates in MNI space: Colin27 (`ch2`, a sharp 1 mm
/// full-head T1 of one person, and `ch2bet`, its brain) and the MNI CT template with its grey/white/CSF
/// priors (2 mm, many heads averaged; vendored under `Templates/mni-ct-2mm`, BSD-2).
///
/// The T1 gives the anatomy's detail, the CT template says where bone and air are (the two are dark alike
/// in a T1). On Colin27's 1 mm grid:
/// - head: T1 above the background, holes filled slice by slice; outside it, air;
/// - brain (`ch2bet` > 0): grey/white/CSF by partial volume between the class intensities, which are
///   measured where the template priors are confident (median T1 of GM and WM, 10th percentile of CSF);
/// - elsewhere in the head: sinus air where the CT template is air and the T1 dark; cortical bone where
///   the T1 is black and the CT template allows bone (above ~0 HU); diploë (marrow) where the T1 is
///   neither black nor fat-bright, in the template's bone core (above ~150 HU) within 2 mm of cortex; the eyes (spheres of 11 mm radius at MNI (±35.5, 62, −38), measured as the darkest 10 mm balls of the
///   orbits in ch2); skin within 2 mm of the head surface; fat where the T1 is bright; dark tissue next to
///   the brain is CSF; the rest muscle.
/// All class boundaries are smooth ramps, so tissues mix at their borders.
public enum TemplateAtlas {
    /// The default template locations: Colin27 from Debian's `mricron-data`, the CT template bundled.
    public struct Sources: Sendable {
        public var colin27: String
        public var colin27Brain: String
        public var ctTemplateFolder: String

        public init(colin27: String, colin27Brain: String, ctTemplateFolder: String) {
            self.colin27 = colin27
            self.colin27Brain = colin27Brain
            self.ctTemplateFolder = ctTemplateFolder
        }

        public static var standard: Sources {
            Sources(
                colin27: "/usr/share/mricron/templates/ch2.nii.gz",
                colin27Brain: "/usr/share/mricron/templates/ch2bet.nii.gz",
                ctTemplateFolder: Bundle.module.resourceURL!.appendingPathComponent("Templates/mni-ct-2mm").path)
        }
    }

    /// The eye centres in MNI RAS mm, measured on ch2, and their radius.
    static let eyeCentresRAS: [SIMD3<Double>] = [SIMD3(35.5, 62, -38), SIMD3(-35.5, 62, -38)]
    static let eyeRadiusMM: Double = 11

    /// Reads the templates and builds the atlas (a few seconds on 2 cores).
    ///
    /// - Throws: `PhantomError.template` naming the file that is missing or unreadable, or whose grid
    ///   does not match.
    public static func build(from sources: Sources = .standard) throws -> TissueAtlas {
        let t1 = try read(sources.colin27, hint: "install Debian's mricron-data (Scripts/setup does)")
        let brainImage = try read(sources.colin27Brain, hint: "install Debian's mricron-data (Scripts/setup does)")
        guard brainImage.geometry.size == t1.geometry.size else {
            throw PhantomError.template(path: sources.colin27Brain, reason: "its grid differs from \(sources.colin27)")
        }
        let folder = sources.ctTemplateFolder
        func onT1Grid(_ name: String) throws -> [Float] {
            let path = (folder as NSString).appendingPathComponent(name)
            return resample(try read(path, hint: "the CT template ships with msl"), onto: t1.geometry)
        }
        let cormack = try onT1Grid("scct.nii.gz")
        let priorGrey = try onT1Grid("scgrey.nii.gz")
        let priorWhite = try onT1Grid("scwhite.nii.gz")
        let priorCSF = try onT1Grid("sccsf.nii.gz")
        let hu = cormack.map(hounsfield(fromCormack:))
        let brain = brainImage.voxels.map { $0 > 0 }

        let intensities = classIntensities(t1: t1.voxels, brain: brain, grey: priorGrey, white: priorWhite, csf: priorCSF)
        let g = t1.geometry
        let head = headMask(t1)
        let depth = DistanceTransform.distances(to: head.map { !$0 }, size: g.size, spacingMM: g.spacingMM)
        let nearBrain = DistanceTransform.distances(to: brain, size: g.size, spacingMM: g.spacingMM)
        let eyes = eyeCentresRAS.map { SIMD3(-$0.x, -$0.y, $0.z) }

        let count = g.voxelCount
        let eyeCentres = eyes
        // Pass 1: cortical bone, T1-black where the CT template allows bone; its neighbourhood is where
        // diploë may be.
        let cortical = (0..<count).map { v -> Float in
            guard head[v], !brain[v] else { return 0 }
            let p = g.physicalPoint(ofIndex: g.index(ofOffset: v))
            let eye = smoothstep(Float(eyeCentres.map { simd_length($0 - p) }.min()! - eyeRadiusMM), 1, -1)
            let air = smoothstep(hu[v], -150, -400)
            let black = smoothstep(t1.voxels[v], 0.45 * intensities.grey, 0.3 * intensities.grey)
            return black * smoothstep(hu[v], -20, 80) * (1 - air) * (1 - eye)
        }
        let nearCortical = DistanceTransform.distances(to: cortical.map { $0 > 0.5 }, size: g.size, spacingMM: g.spacingMM)
        var fractions = [Float](repeating: 0, count: Tissue.anatomical.count * count)
        let buffer = UnsafeSendable(fractions.withUnsafeMutableBufferPointer { $0.baseAddress! })
        parallelFor(g.voxelCount, minimumChunk: 4096) { range in
            for v in range {
                func put(_ tissue: Tissue, _ value: Float) { buffer.value[tissue.rawValue * count + v] += value }
                guard head[v] else {
                    put(.air, 1)
                    continue
                }
                let intensity = t1.voxels[v]
                if brain[v] {
                    let (csf, grey, white) = intensities.partialVolume(intensity)
                    put(.csf, csf)
                    put(.greyMatter, grey)
                    put(.whiteMatter, white)
                    continue
                }
                let p = g.physicalPoint(ofIndex: g.index(ofOffset: v))
                let dark = smoothstep(intensity, 0.75 * intensities.grey, 0.5 * intensities.grey)
                let bright = smoothstep(intensity, 1.15 * intensities.white, 1.4 * intensities.white)
                let air = smoothstep(hu[v], -150, -400) * smoothstep(intensity, 0.6 * intensities.grey, 0.3 * intensities.grey)
                let eyeDistance = eyeCentres.map { simd_length($0 - p) }.min()! - eyeRadiusMM
                let eye = smoothstep(Float(eyeDistance), 1, -1) * (1 - air)
                let compact = cortical[v] * (1 - air) * (1 - eye)
                // Marrow: not black, not fat-bright, in the template's bone core, within 2 mm of cortex.
                let marrow = (1 - compact) * (1 - air) * (1 - eye) * (1 - bright)
                    * smoothstep(hu[v], 120, 220) * smoothstep(nearCortical[v], 2.5, 1.5)
                let rest = (1 - air) * (1 - eye) * (1 - compact) * (1 - marrow)
                let skin = smoothstep(depth[v], 2.5, 1.5) * rest
                let soft = rest - skin
                let nearBrainWeight = smoothstep(nearBrain[v], 5, 3)
                put(.sinus, air)
                put(.eye, eye)
                put(.corticalBone, compact)
                put(.diploe, marrow)
                put(.skin, skin)
                put(.fat, soft * bright)
                put(.csf, soft * (1 - bright) * dark * nearBrainWeight)
                put(.muscle, soft * (1 - bright) * (1 - dark * nearBrainWeight))
            }
        }
        let bone = (0..<count).map {
            fractions[Tissue.corticalBone.rawValue * count + $0] + fractions[Tissue.diploe.rawValue * count + $0] > 0.5
        }
        let outsideBone = DistanceTransform.distances(to: bone, size: g.size, spacingMM: g.spacingMM)
        let landmarks = Self.landmarks(geometry: g, head: head, brain: brain, csf: Array(fractions[Tissue.csf.rawValue * count..<(Tissue.csf.rawValue + 1) * count]))
        return TissueAtlas(
            geometry: g, landmarks: landmarks, fractions: fractions,
            distanceOutsideBoneMM: outsideBone)
    }

    // MARK: - Steps

    static func read(_ path: String, hint: String) throws -> Volume {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PhantomError.template(path: path, reason: "cannot be read (\(hint))")
        }
        do {
            return try NIfTI.decode(data)
        } catch {
            throw PhantomError.template(path: path, reason: "\(error)")
        }
    }

    /// `volume` linearly interpolated at the voxel centres of `geometry` (0 outside).
    static func resample(_ volume: Volume, onto geometry: Geometry) -> [Float] {
        let interpolator = VolumeInterpolator(volume, interpolation: .linear)
        var out = [Float](repeating: 0, count: geometry.voxelCount)
        let buffer = UnsafeSendable(out.withUnsafeMutableBufferPointer { $0.baseAddress! })
        parallelFor(geometry.size.z) { slices in
            for k in slices {
                for j in 0..<geometry.size.y {
                    for i in 0..<geometry.size.x {
                        let p = geometry.physicalPoint(ofIndex: SIMD3(i, j, k))
                        buffer.value[geometry.offset(i: i, j: j, k: k)] = interpolator.value(atPhysicalPoint: p) ?? 0
                    }
                }
            }
        }
        return out
    }

    /// The CT template's Cormack units C back to HU (`../shared/data/README.md`): v = C for C ≤ 900,
    /// (C + 9000)/11 up to 3100, (C − 900)/2 above; HU = v − 1024.
    static func hounsfield(fromCormack c: Float) -> Float {
        let v = c <= 900 ? c : c <= 3100 ? (c + 9000) / 11 : (c - 900) / 2
        return v - 1024
    }

    /// The head: T1 above a twentieth of its 99th percentile (the background of ch2 is near 0), with the
    /// holes of every axial slice filled (sinuses, airways and dark bone inside the outline).
    static func headMask(_ t1: Volume) -> [Bool] {
        let threshold = percentile(t1.voxels, 0.99) / 20
        let size = t1.geometry.size
        let plane = size.x * size.y
        var mask = [Bool](repeating: false, count: t1.voxels.count)
        for k in 0..<size.z {
            let slice = (0..<plane).map { t1.voxels[k * plane + $0] > threshold }
            let filled = HoleFilling.filled(slice, width: size.x, height: size.y)
            mask.replaceSubrange(k * plane..<(k + 1) * plane, with: filled)
        }
        return mask
    }

    struct ClassIntensities {
        let csf: Float
        let grey: Float
        let white: Float

        /// CSF/GM/WM fractions of a brain voxel of T1 `x`: pure below the CSF and above the WM
        /// intensity, linear mixtures of the two neighbouring classes between.
        func partialVolume(_ x: Float) -> (Float, Float, Float) {
            if x <= csf { return (1, 0, 0) }
            if x >= white { return (0, 0, 1) }
            if x <= grey {
                let t = (x - csf) / (grey - csf)
                return (1 - t, t, 0)
            }
            let t = (x - grey) / (white - grey)
            return (0, 1 - t, t)
        }
    }

    static func classIntensities(t1: [Float], brain: [Bool], grey: [Float], white: [Float], csf: [Float]) -> ClassIntensities {
        func confident(_ prior: [Float]) -> [Float] {
            (0..<t1.count).compactMap { brain[$0] && prior[$0] > 0.85 ? t1[$0] : nil }
        }
        return ClassIntensities(
            csf: percentile(confident(csf), 0.10), grey: percentile(confident(grey), 0.5),
            white: percentile(confident(white), 0.5))
    }

    static func percentile(_ values: [Float], _ q: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
    }

    /// Ventricles: the CSF-weighted centroid of a central box (MNI |x| < 25, −45 < y < 25, 0 < z < 35 mm);
    /// head and brain: their bounding boxes.
    static func landmarks(geometry g: Geometry, head: [Bool], brain: [Bool], csf: [Float]) -> AtlasLandmarks {
        var weighted = SIMD3<Double>.zero
        var total = 0.0
        var headBox = BoundingBox()
        var brainBox = BoundingBox()
        for k in 0..<g.size.z {
            for j in 0..<g.size.y {
                for i in 0..<g.size.x {
                    let v = g.offset(i: i, j: j, k: k)
                    let p = g.physicalPoint(ofIndex: SIMD3(i, j, k))
                    if head[v] { headBox.add(p) }
                    guard brain[v] else { continue }
                    brainBox.add(p)
                    // LPS: MNI's y (anterior) is −y here.
                    if abs(p.x) < 25, p.y > -25, p.y < 45, p.z > 0, p.z < 35 {
                        weighted += Double(csf[v]) * p
                        total += Double(csf[v])
                    }
                }
            }
        }
        return AtlasLandmarks(
            ventricleCentre: total > 0 ? weighted / total : brainBox.centre, ventricleRadiusMM: SIMD3(14, 22, 10),
            headCentre: headBox.centre, brainCentre: brainBox.centre, brainRadiusMM: brainBox.halfExtent)
    }
}

/// An axis-aligned box grown point by point.
struct BoundingBox {
    var low = SIMD3<Double>(repeating: .infinity)
    var high = SIMD3<Double>(repeating: -.infinity)
    mutating func add(_ p: SIMD3<Double>) {
        low = pointwiseMin(low, p)
        high = pointwiseMax(high, p)
    }
    var centre: SIMD3<Double> { (low + high) / 2 }
    var halfExtent: SIMD3<Double> { (high - low) / 2 }
}

func simd_length(_ v: SIMD3<Double>) -> Double { (v * v).sum().squareRoot() }
