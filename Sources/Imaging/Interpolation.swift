/// How a resampler reads an image between voxel centres.
///
/// All three work in the moving image's continuous index space and only inside its buffer
/// (−0.5 ≤ n < size − 0.5 per axis, ITK's `IsInsideBuffer`); outside, the resampler writes its fill value.
public enum Interpolation: String, Sendable, Equatable, Codable, CaseIterable {
    /// The voxel whose centre is nearest: index = ⌊n + 0.5⌋ (ITK's round-half-up).
    case nearest
    /// Trilinear (bilinear for one slice) over the 2×2×2 surrounding voxels; neighbours past the last
    /// voxel are clamped to it (ITK `LinearInterpolateImageFunction`, scipy `order=1, mode='nearest'`).
    case linear
    /// Cubic B-spline: the image is first turned into spline coefficients by the exact recursive
    /// prefilter (pole z = √3 − 2, mirror boundary), then f(n) = Σ c[m]·β³(n − m) over 4 taps per axis
    /// with mirrored indices, as ITK `BSplineInterpolateImageFunction` (order 3) and scipy
    /// `map_coordinates(order=3, mode='mirror')`. Interpolates the samples exactly and reproduces cubic
    /// polynomials away from the borders; may overshoot near edges.
    case cubicBSpline = "cubic_bspline"
}
