/// The invertible map between a slice's own grid and the network's square N×N model grid.
///
/// The model grid is a square field of view (FOV) of `fieldOfViewMM` on a side, centred on the slice's
/// centre, sampled by N×N pixels of spacing FOV/N: pixel (0, 0) sits at centre − (N − 1)/2·FOV/N.
/// A FOV larger than the slice pads (with `padValue`), a smaller one crops; both and the resize to N×N
/// happen in one resampling, so nothing is interpolated twice. The value records everything it did
/// (as MONAI's invertible transforms), so a network output on the model grid maps back exactly onto
/// the original slice grid with `inverse`, and the mapping can be stored with the job (`Codable`).
///
/// `forward` resamples the slice at the model pixel centres; when the model grid is coarser it first
/// smooths with a Gaussian of σ = (model spacing / slice spacing − 1)/2 pixels per axis (the
/// anti-aliasing of scikit-image's `resize`), so that e.g. 512² → 128² does not alias. `inverse`
/// resamples the model image at the slice's pixel centres; pixels outside the FOV get `padValue`.
public struct ModelGrid: Sendable, Equatable, Codable {
    /// The slice grid the mapping starts from and returns to.
    public let original: Grid2D
    /// The N×N model grid (in-plane mm, same frame as `original`).
    public let model: Grid2D
    /// Side of the square field of view (mm).
    public let fieldOfViewMM: Double
    /// Interpolation used both ways (`.linear` or `.cubicBSpline`; `.nearest` for label maps).
    public let interpolation: Interpolation
    /// Value outside the slice (forward padding) or outside the FOV (inverse cropping), e.g. 0 for air.
    public let padValue: Float
    /// Whether `forward` low-pass filters before sampling a coarser model grid.
    public let antiAliasing: Bool

    /// A mapping from `original` to a modelSize × modelSize grid.
    ///
    /// - Parameter fieldOfViewMM: side of the square FOV; nil = the larger of the slice's extents
    ///   (width·spacing.x, height·spacing.y), so the whole slice fits and the shorter side is padded.
    /// - Throws: `ImagingError.invalidParameter` for modelSize < 1 or a FOV that is not finite and > 0.
    public init(
        original: Grid2D, modelSize: Int, fieldOfViewMM: Double? = nil, interpolation: Interpolation = .linear,
        padValue: Float = 0, antiAliasing: Bool = true
    ) throws {
        guard modelSize >= 1 else {
            throw ImagingError.invalidParameter(name: "model size", value: "\(modelSize)", expected: "at least 1")
        }
        let fov = fieldOfViewMM ?? original.extentMM.max()
        guard fov.isFinite, fov > 0 else {
            throw ImagingError.invalidParameter(
                name: "field of view", value: "\(fov) mm", expected: "a finite size > 0")
        }
        let spacing = fov / Double(modelSize)
        let origin = original.centerMM - Double(modelSize - 1) / 2 * spacing
        self.original = original
        self.model = try Grid2D(
            width: modelSize, height: modelSize, spacingMM: SIMD2(repeating: spacing), originMM: origin)
        self.fieldOfViewMM = fov
        self.interpolation = interpolation
        self.padValue = padValue
        self.antiAliasing = antiAliasing
    }

    /// A mapping for `image`'s grid (see `init(original:modelSize:…)`).
    public init(
        for image: Image2D, modelSize: Int, fieldOfViewMM: Double? = nil, interpolation: Interpolation = .linear,
        padValue: Float = 0, antiAliasing: Bool = true
    ) throws {
        try self.init(
            original: image.grid, modelSize: modelSize, fieldOfViewMM: fieldOfViewMM, interpolation: interpolation,
            padValue: padValue, antiAliasing: antiAliasing)
    }

    /// The slice on the model grid (N×N, spacing FOV/N).
    ///
    /// - Throws: `ImagingError.incongruentGeometry` unless `image` lies on `original` (size, spacing and
    ///   origin within SimpleITK's tolerances).
    public func forward(_ image: Image2D) throws -> Image2D {
        try original.geometry.requireCongruent(with: image.grid.geometry)
        var source = image
        let sigma = (model.spacingMM / original.spacingMM - 1) / 2
        if antiAliasing, sigma.max() > 0 {
            let filter = GaussianFilter(sigma: SIMD2(max(0, sigma.x), max(0, sigma.y)), truncate: 4)
            let smoothed = filter.apply(image.pixels.map(Double.init), width: image.width, height: image.height)
            source.pixels = smoothed.map { Float($0) }
        }
        return resample(source, onto: model, interpolation: interpolation, fill: padValue)
    }

    /// A model-grid image (e.g. the network output) back on the original slice grid.
    ///
    /// Only the pixels are read: the image's own spacing and origin are ignored, since a network output
    /// carries none; it must be N×N.
    ///
    /// - Throws: `ImagingError.sizeMismatch` unless the image is N×N.
    public func inverse(_ image: Image2D) throws -> Image2D {
        guard image.width == model.width, image.height == model.height else {
            throw ImagingError.sizeMismatch(
                expected: [model.width, model.height], actual: [image.width, image.height], what: "model-grid image")
        }
        let onModel = try Image2D(grid: model, pixels: image.pixels)
        return resample(onModel, onto: original, interpolation: interpolation, fill: padValue)
    }
}
