import Foundation

/// A 2-D parallel-beam scan: the option beside DESIGN §3's fan beam, and the geometry of
/// scikit-image's `radon`/`iradon`.
///
/// | quantity | default |
/// |---|---|
/// | image | 384 × 384 pixels of Δ = 512/416·0.03 = 0.0369231 cm (the authors' grid) |
/// | detector | 640 bins spanning the image diagonal √(s_x² + s_y²) = 20.05 cm at the isocentre |
/// | views | 64 at θ_k = (k + ½)·π/64 over [0, π) (a half turn is a complete parallel scan) |
///
/// The detector default samples the isocentre exactly as the authors' fan-beam detector does
/// (its 40.10 cm at magnification 2), so the two geometries see the same bin pitch, 0.0313 cm.
/// Orientation (ODL `Parallel2dGeometry` defaults: detector at (0, 1), axis (1, 0) at θ = 0,
/// turned by R(θ)): rays run along (−sin θ, cos θ) and bin coordinate s = p·(cos θ, sin θ).
/// scikit-image's angle θ_sk (degrees) with its y axis pointing up the rows is our −θ_sk.
///
/// Other image sizes: lengths and bin counts left out scale with the grid as for the fan beam:
/// L = √(s_x² + s_y²), N = round(640·max(W, H)/384).
public struct ParallelBeamGeometry: CTScanGeometry, Equatable {
    /// Image columns W.
    public let imageWidth: Int
    /// Image rows H.
    public let imageHeight: Int
    /// Pixel side Δ, cm.
    public let pixelSizeCM: Double
    /// Number of views V.
    public let views: Int
    /// Number of detector bins N.
    public let detectorBins: Int
    /// Detector length L at the isocentre, in cm.
    public let detectorLengthCM: Double
    /// Rotation covered by the views, radians.
    public let angularRangeRadians: Double

    /// A parallel-beam geometry; nil length and bin count are scaled from the grid (see the type's
    /// documentation). Throws `PhysicsError.invalidParameter` for a non-positive size, pixel, view
    /// or bin count, or an angular range outside (0, 2π].
    public init(
        imageWidth: Int = 384, imageHeight: Int = 384, pixelSizeCM: Double = FanBeamGeometry.authorsPixelSizeCM,
        views: Int = 64, detectorBins: Int? = nil, detectorLengthCM: Double? = nil,
        angularRangeRadians: Double = Double.pi
    ) throws {
        try CTGeometryValidation.checkGrid(width: imageWidth, height: imageHeight, pixelSizeCM: pixelSizeCM)
        let sx = Double(imageWidth) * pixelSizeCM, sy = Double(imageHeight) * pixelSizeCM
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.pixelSizeCM = pixelSizeCM
        self.views = views
        self.detectorBins = detectorBins ?? Int((640.0 * Double(max(imageWidth, imageHeight)) / 384.0).rounded())
        self.detectorLengthCM = detectorLengthCM ?? (sx * sx + sy * sy).squareRoot()
        self.angularRangeRadians = angularRangeRadians
        try CTGeometryValidation.checkScan(self)
    }

    /// Ray direction at view k, (−sin θ, cos θ).
    func rayDirection(_ view: Int) -> SIMD2<Double> {
        let angle = viewAngle(view)
        return SIMD2(-sin(angle), cos(angle))
    }

    /// Detector axis at view k, e = (cos θ, sin θ).
    func detectorAxis(_ view: Int) -> SIMD2<Double> {
        let angle = viewAngle(view)
        return SIMD2(cos(angle), sin(angle))
    }

    /// The ray through s_j·e along (−sin θ, cos θ).
    public func ray(view: Int, bin: Int) -> CTRay {
        CTRay(origin: binCentre(bin) * detectorAxis(view), direction: rayDirection(view))
    }

    /// t(p) = (p·e − s₀)/Δs with U ≡ 1 (s₀ = bin 0's centre, Δs the bin pitch).
    public func detectorMap(view: Int) -> CTDetectorMap {
        let pitch = binSpacingCM
        return CTDetectorMap(
            numerator: detectorAxis(view) / pitch, numeratorOffset: -binCentre(0) / pitch,
            denominator: SIMD2(0, 0), denominatorOffset: 1)
    }
}
