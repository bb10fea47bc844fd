import CFFTW
import Dispatch
import Foundation

/// Discrete Fourier transforms on FFTW's single-precision API (`fftwf_*`).
///
/// Conventions are numpy's for an array of shape (height, width): `forward` is `numpy.fft.fft2`
/// (unnormalised), `inverse` is `numpy.fft.ifft2` (scaled by 1/(W·H)), so `inverse(forward(x)) = x`
/// and Parseval reads Σ|X|² = W·H·Σ|x|². Index u runs along x (columns), v along y (rows).
/// Every function may be called from any thread: plans come from a locked cache and run with
/// FFTW's thread-safe new-array execute functions on per-call buffers, so a result does not
/// depend on which thread computed it.
public enum FFT {
    /// The unnormalised 2-D DFT, X[v,u] = Σ_{y,x} x[y,x]·exp(−2πi(u·x/W + v·y/H)) (numpy `fft2`).
    /// Calls `fftwf_execute_dft` with an FFTW_FORWARD plan.
    public static func forward(_ image: ComplexImage) -> ComplexImage {
        transform(image, sign: FFTW_FORWARD)
    }

    /// The inverse 2-D DFT, x[y,x] = (1/(W·H))·Σ_{v,u} X[v,u]·exp(+2πi(u·x/W + v·y/H)) (numpy
    /// `ifft2`). Calls `fftwf_execute_dft` with an FFTW_BACKWARD plan, then divides by W·H.
    public static func inverse(_ image: ComplexImage) -> ComplexImage {
        var result = transform(image, sign: FFTW_BACKWARD)
        let count = Float(image.width * image.height)
        for i in result.values.indices { result.values[i] /= count }
        return result
    }

    private static func transform(_ image: ComplexImage, sign: Int32) -> ComplexImage {
        guard image.width > 0, image.height > 0 else { return image }
        let plan = FFTPlanCache.plan(.complex2D(width: image.width, height: image.height, sign: sign))
        let buffer = FFTWBuffer(floatCount: image.values.count)
        buffer.load(image.values)
        buffer.withComplex { fftwf_execute_dft(plan.raw, $0, $0) }
        return ComplexImage(width: image.width, height: image.height, values: buffer.array())
    }

    /// Filters each row of a row-major `rowCount`×`rowLength` array by a real frequency response,
    /// in place (FBP's ramp filtering of projections).
    ///
    /// Per row: zero-pad to `paddedLength` (≥ `rowLength`; pad to ≥ 2·rowLength − 1 to make the
    /// circular convolution linear), real DFT R[k] (`fftwf_execute_dft_r2c`), multiply bin
    /// k = 0…paddedLength/2 by `response[k]`, inverse real DFT (`fftwf_execute_dft_c2r`), divide
    /// by `paddedLength`, keep the first `rowLength` samples. Equivalently the row is circularly
    /// convolved (period `paddedLength`) with the kernel whose DFT is the Hermitian extension of
    /// `response`. Rows are filtered in parallel; each row's result is independent of the split.
    public static func filterRows(
        _ rows: inout [Float], rowLength: Int, rowCount: Int, paddedLength: Int, response: [Float]
    ) {
        precondition(rowLength >= 0 && rowCount >= 0, "FFT.filterRows: negative size \(rowCount)×\(rowLength)")
        precondition(
            rows.count == rowLength * rowCount,
            "FFT.filterRows: \(rowCount) rows of \(rowLength) need \(rowLength * rowCount) floats, got \(rows.count)")
        precondition(
            paddedLength >= max(rowLength, 1), "FFT.filterRows: paddedLength \(paddedLength) < rowLength \(rowLength)")
        let bins = paddedLength / 2 + 1
        precondition(
            response.count == bins,
            "FFT.filterRows: response needs paddedLength/2+1 = \(bins) bins, got \(response.count)")
        guard rowLength > 0, rowCount > 0 else { return }
        let forwardPlan = FFTPlanCache.plan(.realForward(length: paddedLength))
        let inversePlan = FFTPlanCache.plan(.realInverse(length: paddedLength))
        let chunks = min(rowCount, ProcessInfo.processInfo.activeProcessorCount)
        rows.withUnsafeMutableBufferPointer { rows in
            // Each chunk reads and writes only its own rows, and concurrentPerform returns after all.
            let base = RowsPointer(address: rows.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let real = FFTWBuffer(floatCount: paddedLength)
                let spectrum = FFTWBuffer(floatCount: 2 * bins)
                let scale = Float(paddedLength)
                for row in (rowCount * chunk / chunks)..<(rowCount * (chunk + 1) / chunks) {
                    let line = base.address + row * rowLength
                    real.pointer.update(from: line, count: rowLength)
                    (real.pointer + rowLength).initialize(repeating: 0, count: paddedLength - rowLength)
                    spectrum.withComplex { fftwf_execute_dft_r2c(forwardPlan.raw, real.pointer, $0) }
                    for k in 0..<bins {
                        spectrum.pointer[2 * k] *= response[k]
                        spectrum.pointer[2 * k + 1] *= response[k]
                    }
                    spectrum.withComplex { fftwf_execute_dft_c2r(inversePlan.raw, $0, real.pointer) }
                    for i in 0..<rowLength { line[i] = real.pointer[i] / scale }
                }
            }
        }
    }
}

/// The base of the rows `filterRows` works on, carried into its parallel chunks.
///
/// `@unchecked Sendable`: chunks touch disjoint rows, and the array outlives them because
/// `concurrentPerform` returns only after every chunk has finished.
private struct RowsPointer: @unchecked Sendable {
    let address: UnsafeMutablePointer<Float>
}
