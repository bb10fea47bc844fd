import Imaging

/// The sparse acquisitions of DESIGN.md §3, as one configuration value whose defaults are the
/// authors' (`reference/msl-authors-code.md` §2): a 64-view fan-beam CT sinogram with its FBP in
/// μ units, and 4× Cartesian-undersampled single-coil MR k-space with its zero-filled image.
///
/// CT images come in μ (cm⁻¹) with their pixel spacing in mm; the scan is scaled to the image
/// (`FanBeamGeometry`'s rules) and the line integrals use the real pixel size. MR images come
/// on the [0, 1] scale (min–max normalised); k-space is unnormalised, as the authors'.
public struct SensorSimulation: Sendable, Codable, Equatable {
    /// Beam shape of the CT scan.
    public enum Beam: String, Sendable, Codable, CaseIterable {
        case fan, parallel
    }

    /// Views over the scan (fan: [0, 2π); parallel: [0, π)).
    public var views = 64
    /// Detector bins; nil scales the authors' 640 with the image size.
    public var detectorBins: Int?
    public var beam = Beam.fan
    /// Fan-beam FBP weighting: exact, or the authors' unweighted ODL variant.
    public var fbpMode = FBPMode.exact
    public var filter = FBPFilter.Window.ramLak
    /// Blank-scan photons I₀ per detector cell; nil for a noise-free sinogram (the authors').
    public var photons: Double?
    /// Electronic noise σ_e in counts (used with `photons`).
    public var electronicNoise = 0.0
    public var ctNoiseSeed: UInt32 = 0

    public var mask = KSpaceMask.Kind.authors
    public var acceleration = 4.0
    public var centerFraction = 0.1
    public var maskSeed: UInt32 = 1337
    /// Complex Gaussian noise σ per real/imaginary component on sampled k-space (0: none).
    public var mrNoiseSigma = 0.0
    public var mrNoiseSeed: UInt32 = 0

    public init() {}

    /// A CT acquisition: the (possibly noisy) sinogram of line integrals and its FBP in μ (cm⁻¹).
    public struct CTAcquisition: Sendable {
        public let sinogram: Image2D
        public let reconstruction: Image2D
    }

    /// An MR acquisition: the mask, masked k-space (fftshifted) and the zero-filled magnitude.
    public struct MRAcquisitionResult: Sendable {
        public let mask: KSpaceMask
        public let kSpace: ComplexImage
        public let zeroFilled: Image2D
    }

    /// Projects `attenuation` (μ in cm⁻¹, square pixels) and reconstructs it by FBP.
    public func simulateCT(attenuation image: Image2D) throws -> CTAcquisition {
        guard abs(image.spacingMM.x - image.spacingMM.y) <= 1e-6 * image.spacingMM.x else {
            throw PhysicsError.invalidParameter(
                name: "pixel spacing", value: "\(image.spacingMM.x)×\(image.spacingMM.y) mm",
                requirement: "the CT projector needs square pixels; resample the slice first")
        }
        let pixelSizeCM = image.spacingMM.x / 10
        var sinogram: Image2D
        let fbp: FilteredBackProjection
        switch beam {
        case .fan:
            let geometry = try FanBeamGeometry(
                imageWidth: image.width, imageHeight: image.height, pixelSizeCM: pixelSizeCM, views: views,
                detectorBins: detectorBins)
            sinogram = try FanBeamProjector(geometry: geometry).forward(image)
            fbp = try FilteredBackProjection(geometry: geometry, filter: FBPFilter(filter), mode: fbpMode)
        case .parallel:
            let geometry = try ParallelBeamGeometry(
                imageWidth: image.width, imageHeight: image.height, pixelSizeCM: pixelSizeCM, views: views,
                detectorBins: detectorBins)
            sinogram = try ParallelBeamProjector(geometry: geometry).forward(image)
            fbp = try FilteredBackProjection(geometry: geometry, filter: FBPFilter(filter))
        }
        if let photons {
            sinogram = try SinogramNoise(
                blankScanPhotons: photons, electronicNoiseCounts: electronicNoise, seed: ctNoiseSeed
            ).apply(to: sinogram)
        }
        var reconstruction = try fbp.reconstruct(sinogram)
        reconstruction.spacingMM = image.spacingMM
        reconstruction.originMM = image.originMM
        return CTAcquisition(sinogram: sinogram, reconstruction: reconstruction)
    }

    /// Undersamples `image` (on the [0, 1] scale) in k-space and reconstructs it zero-filled.
    public func simulateMR(_ image: Image2D) throws -> MRAcquisitionResult {
        let mask = try KSpaceMask(
            kind: self.mask, width: image.width, height: image.height, acceleration: acceleration,
            centerFraction: centerFraction, seed: maskSeed)
        let acquisition = try MRAcquisition(mask: mask, noiseSigma: mrNoiseSigma, noiseSeed: mrNoiseSeed)
        let kSpace = try acquisition.kSpace(of: image)
        var zeroFilled = MRAcquisition.zeroFilledImage(kSpace)
        zeroFilled.spacingMM = image.spacingMM
        zeroFilled.originMM = image.originMM
        return MRAcquisitionResult(mask: mask, kSpace: kSpace, zeroFilled: zeroFilled)
    }
}

extension SensorSimulation {
    enum CodingKeys: String, CodingKey {
        case views, detectorBins, beam, fbpMode, filter, photons, electronicNoise, ctNoiseSeed
        case mask, acceleration, centerFraction, maskSeed, mrNoiseSigma, mrNoiseSeed
    }

    /// Decodes a configuration in which every key is optional: a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SensorSimulation()
        views = try c.decodeIfPresent(Int.self, forKey: .views) ?? d.views
        detectorBins = try c.decodeIfPresent(Int.self, forKey: .detectorBins) ?? d.detectorBins
        beam = try c.decodeIfPresent(Beam.self, forKey: .beam) ?? d.beam
        fbpMode = try c.decodeIfPresent(FBPMode.self, forKey: .fbpMode) ?? d.fbpMode
        filter = try c.decodeIfPresent(FBPFilter.Window.self, forKey: .filter) ?? d.filter
        photons = try c.decodeIfPresent(Double.self, forKey: .photons) ?? d.photons
        electronicNoise = try c.decodeIfPresent(Double.self, forKey: .electronicNoise) ?? d.electronicNoise
        ctNoiseSeed = try c.decodeIfPresent(UInt32.self, forKey: .ctNoiseSeed) ?? d.ctNoiseSeed
        mask = try c.decodeIfPresent(KSpaceMask.Kind.self, forKey: .mask) ?? d.mask
        acceleration = try c.decodeIfPresent(Double.self, forKey: .acceleration) ?? d.acceleration
        centerFraction = try c.decodeIfPresent(Double.self, forKey: .centerFraction) ?? d.centerFraction
        maskSeed = try c.decodeIfPresent(UInt32.self, forKey: .maskSeed) ?? d.maskSeed
        mrNoiseSigma = try c.decodeIfPresent(Double.self, forKey: .mrNoiseSigma) ?? d.mrNoiseSigma
        mrNoiseSeed = try c.decodeIfPresent(UInt32.self, forKey: .mrNoiseSeed) ?? d.mrNoiseSeed
    }
}

extension FBPMode: Codable {}
extension FBPFilter.Window: Codable {}
