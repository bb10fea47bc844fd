import Foundation

/// A 2-D fan-beam scan with a flat (line) detector: DESIGN §3's CT sensor model, by default the
/// authors' ODL geometry (reference/msl-authors-code.md §2.1; `build_geometry.py` L4-50).
///
/// | quantity | default (authors) |
/// |---|---|
/// | image | 384 × 384 pixels of Δ = 512/416·0.03 = 0.0369231 cm (FOV 14.178 cm, centred) |
/// | source–isocentre D_so | 1075·Δ = 39.692 cm |
/// | isocentre–detector D_dd | 1075·Δ = 39.692 cm (magnification M = (D_so + D_dd)/D_so = 2) |
/// | detector | 640 bins spanning L = 2·√(s_x² + s_y²) = 40.10 cm at the detector (Δu = 0.06266 cm) |
/// | views | 64 at θ_k = (k + ½)·2π/64 over [0, 2π) |
///
/// Orientation (ODL `FanBeamGeometry` defaults: source-to-detector (0, 1), detector axis (1, 0) at
/// θ = 0, both turned by the rotation matrix R(θ)): the source is at D_so·(sin θ, −cos θ), the
/// detector centre at D_dd·(−sin θ, cos θ), and bin coordinate u runs along (cos θ, sin θ).
///
/// Other image sizes and pixel sizes: every length the caller leaves out is scaled with the field
/// of view F = max(W, H)·Δ so the scan stays similar to the authors' (same fan angle and
/// magnification, detector covering the image diagonal twice, same bin pitch relative to a
/// pixel): D_so = D_dd = (1075/384)·F, L = 2·√(s_x² + s_y²), N = round(640·max(W, H)/384).
/// For 384² at the authors' Δ these are exactly the values above.
public struct FanBeamGeometry: CTScanGeometry, Equatable {
    /// The authors' pixel size, 512/416·0.03 cm (the DeepLesion "640geo" `reso`).
    public static let authorsPixelSizeCM = 512.0 / 416.0 * 0.03

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
    /// Detector length L at the detector plane, in cm.
    public let detectorLengthCM: Double
    /// Source to isocentre distance D_so, in cm.
    public let sourceToIsocentreCM: Double
    /// Isocentre to detector distance D_dd, in cm.
    public let isocentreToDetectorCM: Double
    /// Rotation covered by the views, radians.
    public let angularRangeRadians: Double

    /// A fan-beam geometry; nil lengths and bin count are scaled from the authors' geometry (see
    /// the type's documentation). Throws `PhysicsError.invalidParameter` for a non-positive size,
    /// pixel, view or bin count, an angular range outside (0, 2π], or a source inside the image.
    public init(
        imageWidth: Int = 384, imageHeight: Int = 384, pixelSizeCM: Double = FanBeamGeometry.authorsPixelSizeCM,
        views: Int = 64, detectorBins: Int? = nil, detectorLengthCM: Double? = nil,
        sourceToIsocentreCM: Double? = nil, isocentreToDetectorCM: Double? = nil,
        angularRangeRadians: Double = 2 * Double.pi
    ) throws {
        try CTGeometryValidation.checkGrid(width: imageWidth, height: imageHeight, pixelSizeCM: pixelSizeCM)
        let side = Double(max(imageWidth, imageHeight))
        let fieldOfView = side * pixelSizeCM
        let sx = Double(imageWidth) * pixelSizeCM, sy = Double(imageHeight) * pixelSizeCM
        let distance = 1075.0 / 384.0 * fieldOfView
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.pixelSizeCM = pixelSizeCM
        self.views = views
        self.detectorBins = detectorBins ?? Int((640.0 * side / 384.0).rounded())
        self.detectorLengthCM = detectorLengthCM ?? 2 * (sx * sx + sy * sy).squareRoot()
        self.sourceToIsocentreCM = sourceToIsocentreCM ?? distance
        self.isocentreToDetectorCM = isocentreToDetectorCM ?? distance
        self.angularRangeRadians = angularRangeRadians
        try CTGeometryValidation.checkScan(self)
        try CTGeometryValidation.checkPositive("isocentreToDetectorCM", self.isocentreToDetectorCM, orZero: true)
        try CTGeometryValidation.checkPositive("sourceToIsocentreCM", self.sourceToIsocentreCM)
        let halfDiagonal = 0.5 * (sx * sx + sy * sy).squareRoot()
        guard self.sourceToIsocentreCM > halfDiagonal else {
            throw PhysicsError.invalidParameter(
                name: "sourceToIsocentreCM", value: "\(self.sourceToIsocentreCM)",
                requirement: "the source must stay outside the image: more than its half diagonal \(halfDiagonal) cm")
        }
    }

    /// The authors' geometry (64 views); `try FanBeamGeometry()` gives the same value.
    public static func authors(views: Int = 64) throws -> FanBeamGeometry {
        try FanBeamGeometry(views: views)
    }

    /// Magnification M = (D_so + D_dd)/D_so (2 for the authors' geometry).
    public var magnification: Double { (sourceToIsocentreCM + isocentreToDetectorCM) / sourceToIsocentreCM }

    /// Unit vector from the isocentre towards the source at view k, d = (sin θ, −cos θ).
    func sourceDirection(_ view: Int) -> SIMD2<Double> {
        let angle = viewAngle(view)
        return SIMD2(sin(angle), -cos(angle))
    }

    /// Unit vector along the detector at view k, e = (cos θ, sin θ) (ODL's detector axis).
    func detectorAxis(_ view: Int) -> SIMD2<Double> {
        let angle = viewAngle(view)
        return SIMD2(cos(angle), sin(angle))
    }

    /// The ray from the source S = D_so·d to bin j's centre D_dd·(−d) + u_j·e.
    public func ray(view: Int, bin: Int) -> CTRay {
        let d = sourceDirection(view), e = detectorAxis(view)
        let source = sourceToIsocentreCM * d
        let target = -isocentreToDetectorCM * d + binCentre(bin) * e
        let along = target - source
        return CTRay(origin: source, direction: along / (along * along).sum().squareRoot())
    }

    /// For a point p: U(p) = (D_so − p·d)/D_so and u(p) = M·(p·e)/U(p), so the bin index is
    /// t = (u − u₀)/Δu = [(M/Δu)·(p·e) − (u₀/Δu)·U(p)]/U(p), u₀ = bin 0's centre.
    public func detectorMap(view: Int) -> CTDetectorMap {
        let d = sourceDirection(view), e = detectorAxis(view)
        let pitch = binSpacingCM, first = binCentre(0)
        let denominator = -d / sourceToIsocentreCM
        return CTDetectorMap(
            numerator: magnification / pitch * e - first / pitch * denominator,
            numeratorOffset: -first / pitch,
            denominator: denominator, denominatorOffset: 1)
    }
}
