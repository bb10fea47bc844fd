import Foundation
import Imaging

/// Renders a subject as a scanner would see it: CT in HU, spin-echo MR signal, or the ground-truth label
/// map, on any grid in a scanner's patient coordinates.
///
/// Each voxel averages the tissue fractions at points spread through its slice thickness (one per mm, so
/// thick slices show partial volume), then mixes the tissues' values by those fractions:
/// - CT: Σ fₖ·HUₖ plus a smooth texture (value noise of 3 mm correlation scaled by Σ fₖ·σₖ) plus white
///   quantum noise of `ctNoiseHU`;
/// - MR: Σ fₖ·Sₖ with Sₖ the spin-echo signal at the subject's TR/TE, a 3 % texture, a smooth bias field
///   exp(polynomial), times `mrSignalScale`, then Rician noise |s + σ(n₁ + i·n₂)| with σ =
///   `noiseFraction` of the white-matter signal;
/// - labels: the tissue with the largest fraction (`Tissue.label`).
/// Noise is a pure function of the seed and voxel index, so renders are bitwise reproducible.
public struct PhantomRenderer: Sendable {
    public enum Output: String, Sendable, CaseIterable {
        case ct, mr, labels
    }

    /// Stored MR values are the relative signal times this (white matter ≈ 1000 in a T1).
    public static let mrSignalScale: Double = 3000

    public let anatomy: SubjectAnatomy

    public init(anatomy: SubjectAnatomy) { self.anatomy = anatomy }

    /// `output` on `geometry`, for the head placed by `pose` (subject anatomy → patient coordinates).
    public func render(_ output: Output, on geometry: Geometry, pose: RigidPose) -> Volume {
        let parameters = anatomy.parameters
        let centre = anatomy.atlas.landmarks.headCentre
        // Patient → anatomy: the inverse of the pose (a rotation, so the transpose).
        let toPatient = pose.anatomyToPatient(centre: centre)
        let r = toPatient.matrix
        let toAnatomy = LinearMap(rows: (r.column0, r.column1, r.column2), offset: -toPatient.offsetMM, offsetFirst: true)
        let mixing = Mixing(parameters: parameters)
        let thickness = geometry.spacingMM.z
        let subSamples = max(1, Int((thickness / 1.0).rounded(.up)))
        let normal = geometry.direction.column2 * thickness
        let texture = ValueNoise(seed: parameters.seed, stream: 10, spacingMM: 3)
        let size = geometry.size
        var voxels = [Float](repeating: 0, count: geometry.voxelCount)
        let buffer = UnsafeSendable(voxels.withUnsafeMutableBufferPointer { $0.baseAddress! })
        parallelFor(size.y * size.z) { rows in
            for row in rows {
                let j = row % size.y
                let k = row / size.y
                let rowStart = geometry.physicalPoint(ofIndex: SIMD3(0, j, k))
                let step = geometry.direction.column0 * geometry.spacingMM.x
                for i in 0..<size.x {
                    let centrePoint = rowStart + Double(i) * step
                    var anatomyFractions = SIMD16<Float>.zero
                    var lesionFractions = SIMD8<Float>.zero
                    for s in 0..<subSamples {
                        let shift = (Double(s) + 0.5) / Double(subSamples) - 0.5
                        let p = toAnatomy.apply(centrePoint + shift * normal)
                        let f = anatomy.fractions(at: p)
                        anatomyFractions += f.anatomy
                        lesionFractions += f.lesions
                    }
                    anatomyFractions /= Float(subSamples)
                    lesionFractions /= Float(subSamples)
                    let index = geometry.offset(i: i, j: j, k: k)
                    let subjectPoint = toAnatomy.apply(centrePoint)
                    switch output {
                    case .labels:
                        buffer.value[index] = Float(Self.label(anatomyFractions, lesionFractions))
                    case .ct:
                        let (noise, _) = CounterNoise.normalPair(parameters.seed, 20, UInt64(index))
                        buffer.value[index] = mixing.hounsfield(
                            anatomyFractions, lesionFractions, texture: texture.value(at: subjectPoint))
                            + noise * Float(parameters.ctNoiseHU)
                    case .mr:
                        let signal = mixing.signal(anatomyFractions, lesionFractions, texture: texture.value(at: subjectPoint))
                            * mixing.bias(at: subjectPoint - centre)
                        let (n1, n2) = CounterNoise.normalPair(parameters.seed, 30, UInt64(index))
                        let sigma = mixing.noiseSigma
                        let real = signal + sigma * n1
                        let imaginary = sigma * n2
                        buffer.value[index] = (real * real + imaginary * imaginary).squareRoot()
                    }
                }
            }
        }
        return try! Volume(geometry: geometry, voxels: voxels)  // one value per voxel by construction
    }

    /// The class with the largest fraction (anatomy lanes 0–10, then lesions 11–16).
    static func label(_ anatomy: SIMD16<Float>, _ lesions: SIMD8<Float>) -> Int {
        var best = 0
        var bestValue: Float = -1
        for c in 0..<11 where anatomy[c] > bestValue {
            best = c
            bestValue = anatomy[c]
        }
        for c in 0..<6 where lesions[c] > bestValue {
            best = 11 + c
            bestValue = lesions[c]
        }
        return best
    }

    /// The subject's per-tissue values as vectors in the fractions' lanes.
    struct Mixing: Sendable {
        var hu = (SIMD16<Float>.zero, SIMD8<Float>.zero)
        var textureHU = (SIMD16<Float>.zero, SIMD8<Float>.zero)
        var signal = (SIMD16<Float>.zero, SIMD8<Float>.zero)
        let noiseSigma: Float
        let bias: [Double]

        init(parameters: SubjectParameters) {
            let mr = parameters.mr
            for tissue in Tissue.allCases {
                let t = parameters.tissues[tissue.rawValue]
                let s = Float(
                    SpinEcho.signal(
                        protonDensity: t.protonDensity, t1MS: t.t1MS, t2MS: t.t2MS,
                        repetitionTimeMS: mr.repetitionTimeMS, echoTimeMS: mr.echoTimeMS) * PhantomRenderer.mrSignalScale)
                let h = Float(parameters.tissueHU[tissue.rawValue])
                let lane = tissue.rawValue
                if lane < 11 {
                    hu.0[lane] = h
                    textureHU.0[lane] = Float(t.textureHU)
                    signal.0[lane] = s
                } else {
                    hu.1[lane - 11] = h
                    textureHU.1[lane - 11] = Float(t.textureHU)
                    signal.1[lane - 11] = s
                }
            }
            noiseSigma = Float(mr.noiseFraction) * signal.0[Tissue.whiteMatter.rawValue]
            bias = mr.biasCoefficients
        }

        func hounsfield(_ a: SIMD16<Float>, _ l: SIMD8<Float>, texture: Float) -> Float {
            (a * hu.0).sum() + (l * hu.1).sum() + texture * ((a * textureHU.0).sum() + (l * textureHU.1).sum())
        }

        func signal(_ a: SIMD16<Float>, _ l: SIMD8<Float>, texture: Float) -> Float {
            ((a * signal.0).sum() + (l * signal.1).sum()) * (1 + 0.03 * texture)
        }

        /// exp of the quadratic polynomial in (p − centre)/100 mm.
        func bias(at d: SIMD3<Double>) -> Float {
            let u = d / 100
            let b = bias
            let linear = b[0] * u.x + b[1] * u.y + b[2] * u.z
            let squares = b[3] * u.x * u.x + b[4] * u.y * u.y + b[5] * u.z * u.z
            let products = b[6] * u.x * u.y + b[7] * u.x * u.z + b[8] * u.y * u.z
            return Float(exp(linear + squares + products))
        }
    }
}
