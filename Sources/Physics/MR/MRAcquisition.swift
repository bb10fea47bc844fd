import Imaging

/// The MR sensor model (DESIGN §3): a single-coil Cartesian acquisition of a real magnitude image,
/// as the authors simulate it (processing_data.py L104-124, reference §2.3).
///
/// Forward: k = M ⊙ fftshift(F x) + n, with F the unnormalised 2-D DFT (`FFT.forward`, numpy
/// `fft2`), M the 0/1 `mask` in fftshifted k-space (DC at (W/2, H/2)) and n optional complex
/// Gaussian noise on sampled entries only. Unsampled entries are stored as exact zeros.
/// Zero-filled reconstruction: |F⁻¹ ifftshift(k)| with F⁻¹ scaled by 1/(W·H) (numpy `ifft2`);
/// the mask is not Hermitian-symmetric, so the complex image's magnitude is kept and no
/// re-normalisation follows (values can exceed 1 slightly through ringing).
/// Arithmetic is single precision (the authors used float64; differences are ~1e-6 relative).
public struct MRAcquisition: Sendable, Equatable {
    /// Which k-space samples are measured; its size is the image size.
    public var mask: KSpaceMask
    /// Standard deviation of the noise added to each real and each imaginary component of a
    /// sampled entry, in the units of the unnormalised k-space (image units × pixels). 0: none.
    public var noiseSigma: Double
    /// Seed of the noise stream (`MersenneTwister`, numpy legacy `RandomState`).
    public var noiseSeed: UInt32

    /// - Throws: `PhysicsError.invalidParameter` if `noiseSigma` is negative or not finite.
    public init(mask: KSpaceMask, noiseSigma: Double = 0, noiseSeed: UInt32 = 0) throws {
        guard noiseSigma.isFinite, noiseSigma >= 0 else {
            throw PhysicsError.invalidParameter(
                name: "noiseSigma", value: "\(noiseSigma)", requirement: "must be a finite number ≥ 0")
        }
        self.mask = mask
        self.noiseSigma = noiseSigma
        self.noiseSeed = noiseSeed
    }

    /// The measured k-space of `image`: M ⊙ fftshift(fft2(image)) + noise, in fftshifted order.
    ///
    /// Noise, when `noiseSigma` > 0: `MersenneTwister(seed: noiseSeed).nextStandardNormal()`
    /// draws, two per sampled entry in row-major order (real, then imaginary), times
    /// `noiseSigma` — numpy's `RandomState(noiseSeed).standard_normal((sampled, 2)) · σ`.
    /// - Throws: `PhysicsError.sizeMismatch` if the image is not the mask's size.
    public func kSpace(of image: Image2D) throws -> ComplexImage {
        guard image.width == mask.width, image.height == mask.height else {
            throw PhysicsError.sizeMismatch(
                what: "MR image", expected: "\(mask.width)×\(mask.height) (the mask)",
                actual: "\(image.width)×\(image.height)")
        }
        var kSpace = FFT.fftShift(FFT.forward(ComplexImage(image)))
        var random = MersenneTwister(seed: noiseSeed)
        for (i, sampled) in mask.samples.enumerated() {
            if !sampled {
                kSpace.values[2 * i] = 0
                kSpace.values[2 * i + 1] = 0
            } else if noiseSigma > 0 {
                kSpace.values[2 * i] += Float(noiseSigma * random.nextStandardNormal())
                kSpace.values[2 * i + 1] += Float(noiseSigma * random.nextStandardNormal())
            }
        }
        return kSpace
    }

    /// The zero-filled magnitude image of an fftshifted k-space: |ifft2(ifftshift(k))|.
    public static func zeroFilledImage(_ kSpace: ComplexImage) -> Image2D {
        FFT.inverse(FFT.ifftShift(kSpace)).magnitude()
    }

    /// The zero-filled image this acquisition gives for `image` (the network's MR input), with
    /// the image's spacing and origin.
    /// - Throws: `PhysicsError.sizeMismatch` if the image is not the mask's size.
    public func zeroFilledImage(of image: Image2D) throws -> Image2D {
        var result = Self.zeroFilledImage(try kSpace(of: image))
        result.spacingMM = image.spacingMM
        result.originMM = image.originMM
        return result
    }

    /// Data consistency: `estimate` with every sampled entry replaced by the measured one,
    /// k̂ ← (1 − M) ⊙ k̂ + M ⊙ k (hard projection onto the measurements, noiseless limit).
    /// Both k-spaces are fftshifted, as `kSpace(of:)` returns them.
    /// - Throws: `PhysicsError.sizeMismatch` if the sizes of estimate, measurement and mask differ.
    public static func enforceDataConsistency(
        _ estimate: ComplexImage, measured: ComplexImage, mask: KSpaceMask
    ) throws -> ComplexImage {
        for (what, image) in [("k-space estimate", estimate), ("measured k-space", measured)]
        where image.width != mask.width || image.height != mask.height {
            throw PhysicsError.sizeMismatch(
                what: what, expected: "\(mask.width)×\(mask.height) (the mask)",
                actual: "\(image.width)×\(image.height)")
        }
        var result = estimate
        for (i, sampled) in mask.samples.enumerated() where sampled {
            result.values[2 * i] = measured.values[2 * i]
            result.values[2 * i + 1] = measured.values[2 * i + 1]
        }
        return result
    }
}
