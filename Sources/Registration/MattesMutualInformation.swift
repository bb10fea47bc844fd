import Dispatch
import Foundation
import Imaging

/// Mattes mutual information (Mattes et al., IEEE TMI 22(1), 2003) between a fixed and a moving volume under a
/// parametric transform, with its analytic gradient, as ITK `MattesMutualInformationImageToImageMetricv4`.
///
/// Each image's intensity range [min, max] (over the whole image) is split into B − 4 bins of width
/// w = (max − min)/(B − 4), with 2 padding bins on each side: an intensity v has the continuous bin coordinate
/// ξ(v) = (v − min)/w + 2. A fixed sample adds to the fixed bin ⌊ξ⌋ (zero-order B-spline window, clamped to
/// [2, B − 3]); a moving sample adds β³(m − ξ) to each moving bin m of the four around ξ (cubic B-spline Parzen
/// window, start ⌊ξ⌋ − 1 with ⌊ξ⌋ clamped to [2, B − 3]). With p = joint histogram / N (N = samples that map
/// inside the moving image) and marginals p_f, p_m:
///
///     value = −Σ p(f,m)·ln(p(f,m) / (p_f(f)·p_m(m)))                 (nats; lower is better)
///     ∂value/∂μ = (1/(N·w)) Σ_s [Σ_m β³′(m − ξ_s)·ln(p(f_s,m)/(p_f·p_m))] · ∇M(T(x_s)) · ∂T/∂μ(x_s)
///
/// (p_f does not depend on μ and Σ_m β³ = 1, so the derivative of the marginal terms vanishes.) The moving
/// image is read with trilinear interpolation and ∇M is the exact gradient of that interpolant (in mm⁻¹),
/// so the analytic gradient matches finite differences of `value` away from voxel faces.
struct MattesMutualInformation: Sendable {
    /// Bins per image (B), including 2 padding bins on each side.
    let bins: Int
    let fixedSamples: FixedSamples
    let moving: LinearImage
    let fixedMinimum: Double
    let fixedBinWidth: Double
    let movingMinimum: Double
    let movingBinWidth: Double
    /// Fixed bin of each sample.
    let fixedBins: [Int32]

    /// Chunks the samples are split into: fixed (not per core), so sums add in the same order on any machine.
    static let chunkCount = 16

    /// One evaluation.
    struct Evaluation: Sendable {
        /// −MI (nats).
        var value: Double
        /// ∂value/∂μ, empty when not requested.
        var gradient: [Double]
        /// Samples that mapped inside the moving image.
        var validSamples: Int
    }

    init(fixed: Volume, moving: Volume, samples: FixedSamples, bins: Int) {
        self.bins = bins
        self.fixedSamples = samples
        self.moving = LinearImage(moving)
        let (fMin, fMax) = Self.range(fixed.voxels)
        let (mMin, mMax) = Self.range(moving.voxels)
        let usable = Double(bins - 4)
        fixedMinimum = fMin
        fixedBinWidth = max(fMax - fMin, 1e-12) / usable
        movingMinimum = mMin
        movingBinWidth = max(mMax - mMin, 1e-12) / usable
        let (lo, hi) = (fMin, fixedBinWidth)
        fixedBins = samples.values.map { v in
            Int32(min(bins - 3, max(2, Int(((Double(v) - lo) / hi + 2).rounded(.down)))))
        }
    }

    static func range(_ values: [Float]) -> (Double, Double) {
        var lo = Float.infinity
        var hi = -Float.infinity
        for v in values {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return (Double(lo), Double(hi))
    }

    /// Cubic B-spline β³(u).
    @inline(__always) static func bspline3(_ u: Double) -> Double {
        let a = abs(u)
        if a < 1 { return (4 - 6 * a * a + 3 * a * a * a) / 6 }
        if a < 2 {
            let b = 2 - a
            return b * b * b / 6
        }
        return 0
    }

    /// dβ³/du.
    @inline(__always) static func bspline3Derivative(_ u: Double) -> Double {
        let a = abs(u)
        if a < 1 { return -2 * u + 1.5 * u * a }
        if a < 2 {
            let b = 2 - a
            return u < 0 ? 0.5 * b * b : -0.5 * b * b
        }
        return 0
    }

    /// The metric (and, when `gradient` is true, its derivative) at `transform`; nil when no sample maps
    /// inside the moving image.
    func evaluate(_ transform: ParametricTransform, gradient wantGradient: Bool) -> Evaluation? {
        let affine = transform.affine
        // Fixed physical x → moving continuous index n = L·x + b, L = P⁻¹A, b = P⁻¹(o − origin_m).
        let l = moving.physicalToIndex * affine.matrix
        let b = moving.physicalToIndex * (affine.offsetMM - moving.originMM)
        let lm = [l[0, 0], l[0, 1], l[0, 2], l[1, 0], l[1, 1], l[1, 2], l[2, 0], l[2, 1], l[2, 2]]
        let pinv = moving.physicalToIndex
        // ∇_y M = P⁻ᵀ ∇_n M.
        let gt = [
            pinv[0, 0], pinv[1, 0], pinv[2, 0], pinv[0, 1], pinv[1, 1], pinv[2, 1], pinv[0, 2], pinv[1, 2], pinv[2, 2],
        ]
        let count = fixedSamples.count
        let bins = self.bins
        let chunks = Self.chunkCount
        var terms = [Double](repeating: -1, count: count)
        var gradients = [Double](repeating: 0, count: wantGradient ? 3 * count : 0)
        var histograms = [Double](repeating: 0, count: chunks * bins * bins)
        var validCounts = [Int](repeating: 0, count: chunks)
        let (mMin, mWidth) = (movingMinimum, movingBinWidth)
        let image = moving
        terms.withUnsafeMutableBufferPointer { termBuffer in
            gradients.withUnsafeMutableBufferPointer { gradientBuffer in
                histograms.withUnsafeMutableBufferPointer { histogramBuffer in
                    validCounts.withUnsafeMutableBufferPointer { validBuffer in
                        let shared = SharedBuffers(
                            terms: termBuffer, gradients: gradientBuffer, histograms: histogramBuffer,
                            valid: validBuffer)
                        fixedSamples.points.withUnsafeBufferPointer { pointBuffer in
                            fixedBins.withUnsafeBufferPointer { binBuffer in
                                let inputs = SharedInputs(points: pointBuffer, fixedBins: binBuffer)
                                concurrentChunks(count, chunks: chunks) { chunk, range in
                                    let histogram = shared.histograms.baseAddress! + chunk * bins * bins
                                    var valid = 0
                                    for s in range {
                                        let x = inputs.points[3 * s]
                                        let y = inputs.points[3 * s + 1]
                                        let z = inputs.points[3 * s + 2]
                                        let n0 = lm[0] * x + lm[1] * y + lm[2] * z + b.x
                                        let n1 = lm[3] * x + lm[4] * y + lm[5] * z + b.y
                                        let n2 = lm[6] * x + lm[7] * y + lm[8] * z + b.z
                                        guard
                                            let sample = image.sample(n0, n1, n2, gradient: wantGradient)
                                        else { continue }
                                        let term = (sample.value - mMin) / mWidth + 2
                                        shared.terms[s] = term
                                        if wantGradient {
                                            shared.gradients[3 * s] =
                                                gt[0] * sample.gx + gt[1] * sample.gy + gt[2] * sample.gz
                                            shared.gradients[3 * s + 1] =
                                                gt[3] * sample.gx + gt[4] * sample.gy + gt[5] * sample.gz
                                            shared.gradients[3 * s + 2] =
                                                gt[6] * sample.gx + gt[7] * sample.gy + gt[8] * sample.gz
                                        }
                                        let start = min(bins - 3, max(2, Int(term.rounded(.down)))) - 1
                                        let row = Int(inputs.fixedBins[s]) * bins
                                        for m in start..<(start + 4) {
                                            histogram[row + m] += Self.bspline3(Double(m) - term)
                                        }
                                        valid += 1
                                    }
                                    shared.valid[chunk] = valid
                                }
                            }
                        }
                    }
                }
            }
        }
        let valid = validCounts.reduce(0, +)
        guard valid > 0 else { return nil }
        var joint = [Double](repeating: 0, count: bins * bins)
        for chunk in 0..<chunks {
            for c in 0..<(bins * bins) { joint[c] += histograms[chunk * bins * bins + c] }
        }
        let total = joint.reduce(0, +)
        var pf = [Double](repeating: 0, count: bins)
        var pm = [Double](repeating: 0, count: bins)
        for f in 0..<bins {
            for m in 0..<bins {
                let p = joint[f * bins + m] / total
                joint[f * bins + m] = p
                pf[f] += p
                pm[m] += p
            }
        }
        var logRatio = [Double](repeating: 0, count: bins * bins)
        var mi = 0.0
        for f in 0..<bins {
            for m in 0..<bins {
                let p = joint[f * bins + m]
                guard p > 0 else { continue }
                let r = log(p / (pf[f] * pm[m]))
                logRatio[f * bins + m] = r
                mi += p * r
            }
        }
        guard wantGradient else { return Evaluation(value: -mi, gradient: [], validSamples: valid) }

        // Σ w·g·xᵀ (9) and Σ w·g (3) per chunk; w_s = Σ_m β³′(m − ξ_s)·L(f_s, m).
        var partial = [Double](repeating: 0, count: chunks * 12)
        partial.withUnsafeMutableBufferPointer { partialBuffer in
            let out = UnsafeShared(partialBuffer)
            terms.withUnsafeBufferPointer { termBuffer in
                gradients.withUnsafeBufferPointer { gradientBuffer in
                    logRatio.withUnsafeBufferPointer { logBuffer in
                        fixedSamples.points.withUnsafeBufferPointer { pointBuffer in
                            fixedBins.withUnsafeBufferPointer { binBuffer in
                                let inputs = GradientInputs(
                                    terms: termBuffer, gradients: gradientBuffer, logRatio: logBuffer,
                                    points: pointBuffer, fixedBins: binBuffer)
                                concurrentChunks(count, chunks: chunks) { chunk, range in
                                    var acc = [Double](repeating: 0, count: 12)
                                    for s in range {
                                        let term = inputs.terms[s]
                                        guard term >= 0 else { continue }
                                        let start = min(bins - 3, max(2, Int(term.rounded(.down)))) - 1
                                        let row = Int(inputs.fixedBins[s]) * bins
                                        var w = 0.0
                                        for m in start..<(start + 4) {
                                            w += Self.bspline3Derivative(Double(m) - term) * inputs.logRatio[row + m]
                                        }
                                        let gx = w * inputs.gradients[3 * s]
                                        let gy = w * inputs.gradients[3 * s + 1]
                                        let gz = w * inputs.gradients[3 * s + 2]
                                        let x = inputs.points[3 * s]
                                        let y = inputs.points[3 * s + 1]
                                        let z = inputs.points[3 * s + 2]
                                        acc[0] += gx * x
                                        acc[1] += gx * y
                                        acc[2] += gx * z
                                        acc[3] += gy * x
                                        acc[4] += gy * y
                                        acc[5] += gy * z
                                        acc[6] += gz * x
                                        acc[7] += gz * y
                                        acc[8] += gz * z
                                        acc[9] += gx
                                        acc[10] += gy
                                        acc[11] += gz
                                    }
                                    for k in 0..<12 { out.buffer[chunk * 12 + k] = acc[k] }
                                }
                            }
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: 12)
        for chunk in 0..<chunks {
            for k in 0..<12 { sums[k] += partial[chunk * 12 + k] }
        }
        // value = −MI and ∂MI/∂ξ = −(1/N)·Σ_m β³′·L, so ∂value/∂y = +(1/(N·w))·w_s·∇M.
        let scale = 1 / (total * movingBinWidth)
        let s = SIMD3(sums[9], sums[10], sums[11]) * scale
        let c = transform.centerMM
        // G = Σ w g (x − c)ᵀ = Σ w g xᵀ − s cᵀ.
        var outer = [Double](repeating: 0, count: 9)
        for r in 0..<3 {
            for k in 0..<3 { outer[3 * r + k] = sums[3 * r + k] * scale - s[r] * c[k] }
        }
        return Evaluation(value: -mi, gradient: transform.gradient(outer: outer, sum: s), validSamples: valid)
    }
}

/// Buffers written by disjoint chunks of one parallel loop.
private struct SharedBuffers: @unchecked Sendable {
    let terms: UnsafeMutableBufferPointer<Double>
    let gradients: UnsafeMutableBufferPointer<Double>
    let histograms: UnsafeMutableBufferPointer<Double>
    let valid: UnsafeMutableBufferPointer<Int>
}

private struct SharedInputs: @unchecked Sendable {
    let points: UnsafeBufferPointer<Double>
    let fixedBins: UnsafeBufferPointer<Int32>
}

private struct GradientInputs: @unchecked Sendable {
    let terms: UnsafeBufferPointer<Double>
    let gradients: UnsafeBufferPointer<Double>
    let logRatio: UnsafeBufferPointer<Double>
    let points: UnsafeBufferPointer<Double>
    let fixedBins: UnsafeBufferPointer<Int32>
}

/// An output buffer whose chunks are written by disjoint iterations of one parallel loop.
struct UnsafeShared<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}

/// Runs `body(chunk, range)` for `chunks` contiguous parts of 0..<count on `DispatchQueue.concurrentPerform`.
func concurrentChunks(_ count: Int, chunks: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
    guard count > 0 else { return }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        body(chunk, count * chunk / chunks..<count * (chunk + 1) / chunks)
    }
}
