import Imaging

/// How fan-beam FBP treats the divergent rays.
public enum FBPMode: String, Sendable, Equatable, CaseIterable {
    /// Exact FBP for a flat detector and a full 2π scan (Kak & Slaney §3.3.2, equispaced
    /// detectors): rescale the detector to the isocentre (p = u/M), pre-weight by
    /// D_so/√(D_so² + p²), ramp-filter in p with the spatial Ram-Lak kernel (zero-padded to an
    /// FFTW-friendly length ≥ 2N − 1) times 1/(2·2π), and backproject pixel by pixel with
    /// Δθ/U². The ½ of the full-scan formula is the 1/(2·range) of the filter.
    case exact
    /// The authors' preprocessing (reference/msl-authors-code.md §2.2; ODL's 2-D `fbp_op` with
    /// `padding=True`): zero-pad each projection to 2N − 1 samples, filter by the ramp |ξ| in
    /// detector coordinates (cm⁻¹ at the detector) times the window and 1/(2·2π) = 1/(4π) on
    /// ODL's half-sample-shifted frequency grid (`FBPFilter.odlResponse`), crop, then apply the
    /// ray transform's adjoint in ODL's weighted spaces, A* = (Δθ·Δu/Δ²)·Aᵀ (sinogram cells
    /// Δθ·Δu, pixels Δ²), with Aᵀ the exact transpose of our projector. No cosine or distance
    /// weights: exact only as the fan angle → 0.
    ///
    /// What it gives: a 5 cm water disc in the authors' geometry reads 0.19373 cm⁻¹ in its centre
    /// (+0.9%): −0.4% from the missing weights, +1.3% from ODL's filter, whose DC gain exceeds
    /// the Ram-Lak kernel's. Real ODL 1.0.0 with ASTRA (CPU) gives 0.19369 on the same disc, and
    /// its filtered sinograms equal ours to 1.6e-6 (tests: `FBPAuthorsModeTests`). The authors
    /// ran ASTRA's CUDA backprojector, which is pixel-driven with weight 1/U instead of the
    /// transpose's ≈ 1/(U·cos γ) (γ the fan angle of the ray through the pixel): it reads lower
    /// by the view average of cos γ, 0 at the isocentre, ≈0.4% at 5 cm and ≈0.8% at 7 cm.
    case authors
}

/// Filtered backprojection for the fan-beam (DESIGN §3 default) and parallel-beam scans, in μ
/// units: the sinogram of line integrals (dimensionless) reconstructs to μ in cm⁻¹ (water 0.192).
///
/// Negative values are kept (the pipeline clips). Filtering runs on FFTW through
/// `FFT.filterRows`; the filter and its padding are fixed at construction.
public struct FilteredBackProjection: Sendable {
    /// The scan a reconstruction is for.
    public enum Scan: Sendable, Equatable {
        /// A flat-detector fan-beam scan.
        case fanBeam(FanBeamGeometry)
        /// A parallel-beam scan.
        case parallelBeam(ParallelBeamGeometry)
    }

    /// The scan this reconstruction inverts.
    public let scan: Scan
    /// Ramp window and cut-off.
    public let filter: FBPFilter
    /// `.exact` or `.authors` for fan beam; parallel beam is always `.exact` (ODL's parallel FBP is
    /// the same formula with the sampled ramp).
    public let mode: FBPMode
    /// Zero-padded projection length P given to `FFT.filterRows`.
    public let paddedLength: Int
    /// Filter response for bins k = 0…P/2 (cm⁻¹).
    let response: [Float]
    /// Per-bin pre-weights (fan-beam exact: D_so/√(D_so² + p_j²)); empty when none.
    let preWeights: [Float]

    /// Fan-beam FBP. Throws `PhysicsError.invalidParameter` for a frequency scaling outside
    /// (0, 1], or in `.exact` mode for a scan that is not a full 2π turn (short scans need Parker
    /// weights, which are not implemented).
    public init(geometry: FanBeamGeometry, filter: FBPFilter = .ramLak, mode: FBPMode = .exact) throws {
        try filter.validate()
        scan = .fanBeam(geometry)
        self.filter = filter
        self.mode = mode
        let bins = geometry.detectorBins
        switch mode {
        case .exact:
            guard abs(geometry.angularRangeRadians - 2 * Double.pi) < 1e-9 else {
                throw PhysicsError.invalidParameter(
                    name: "angularRangeRadians", value: "\(geometry.angularRangeRadians)",
                    requirement: "exact fan-beam FBP needs a full turn, 2π")
            }
            paddedLength = FBPFilter.friendlyLength(atLeast: 2 * bins - 1)
            let isocentrePitch = geometry.binSpacingCM / geometry.magnification
            response = filter.exactResponse(
                paddedLength: paddedLength, sampleSpacingCM: isocentrePitch,
                angularRange: geometry.angularRangeRadians)
            let distance = geometry.sourceToIsocentreCM
            preWeights = (0..<bins).map { bin in
                let p = geometry.binCentre(bin) / geometry.magnification
                return Float(distance / (distance * distance + p * p).squareRoot())
            }
        case .authors:
            paddedLength = FBPFilter.friendlyLength(atLeast: 2 * bins - 1)
            response = filter.odlResponse(
                binCount: bins, paddedLength: paddedLength, sampleSpacingCM: geometry.binSpacingCM,
                angularRange: geometry.angularRangeRadians)
            preWeights = []
        }
    }

    /// Parallel-beam FBP (exact for a range of π or 2π): spatial Ram-Lak ramp × window × 1/(2·range),
    /// zero-padded to an FFTW-friendly length ≥ 2N − 1, then Σ_k Δθ·q_k(s_k(p)). Throws
    /// `PhysicsError.invalidParameter` for a frequency scaling outside (0, 1].
    public init(geometry: ParallelBeamGeometry, filter: FBPFilter = .ramLak) throws {
        try filter.validate()
        scan = .parallelBeam(geometry)
        self.filter = filter
        mode = .exact
        paddedLength = FBPFilter.friendlyLength(atLeast: 2 * geometry.detectorBins - 1)
        response = filter.exactResponse(
            paddedLength: paddedLength, sampleSpacingCM: geometry.binSpacingCM,
            angularRange: geometry.angularRangeRadians)
        preWeights = []
    }

    /// Reconstructs μ (cm⁻¹) on the geometry's W×H grid from a V×N sinogram of line integrals.
    /// Throws `PhysicsError.sizeMismatch` when the sinogram is not V rows × N columns.
    public func reconstruct(_ sinogram: Image2D) throws -> Image2D {
        switch scan {
        case .fanBeam(let geometry):
            try geometry.checkSinogram(sinogram, "sinogram to reconstruct")
            let filtered = filtered(sinogram, bins: geometry.detectorBins, views: geometry.views)
            switch mode {
            case .exact:
                let pixels = CTPixelBackprojector.backproject(filtered, geometry: geometry, distanceWeighted: true)
                return image(pixels, geometry)
            case .authors:
                var filteredImage = sinogram
                filteredImage.pixels = filtered
                var result = try RayProjector(geometry: geometry).adjoint(filteredImage)
                let scale = Float(
                    geometry.angularStepRadians * geometry.binSpacingCM / (geometry.pixelSizeCM * geometry.pixelSizeCM))
                for index in result.pixels.indices { result.pixels[index] *= scale }
                return result
            }
        case .parallelBeam(let geometry):
            try geometry.checkSinogram(sinogram, "sinogram to reconstruct")
            let filtered = filtered(sinogram, bins: geometry.detectorBins, views: geometry.views)
            let pixels = CTPixelBackprojector.backproject(filtered, geometry: geometry, distanceWeighted: false)
            return image(pixels, geometry)
        }
    }

    /// Pre-weighted, zero-padded, ramp-filtered projections (V×N, row-major).
    func filtered(_ sinogram: Image2D, bins: Int, views: Int) -> [Float] {
        var rows = sinogram.pixels
        if !preWeights.isEmpty {
            for view in 0..<views {
                for bin in 0..<bins { rows[view * bins + bin] *= preWeights[bin] }
            }
        }
        FFT.filterRows(&rows, rowLength: bins, rowCount: views, paddedLength: paddedLength, response: response)
        return rows
    }

    private func image(_ pixels: [Float], _ geometry: some CTScanGeometry) -> Image2D {
        Image2D(
            width: geometry.imageWidth, height: geometry.imageHeight, pixels: pixels,
            spacingMM: geometry.imageSpacingMM, originMM: geometry.imageOriginMM)
    }
}
