import Imaging

/// What the CT operators need to know about a 2-D scan: the image grid, the views and the
/// detector bins, and where each measured ray runs.
///
/// Coordinates (shared by every geometry and operator here) are physical, in centimetres, with
/// the isocentre at the image centre: pixel (column i, row j) of an `Image2D` of W×H pixels of
/// side Δ covers the square centred at x = (i − (W−1)/2)·Δ, y = (j − (H−1)/2)·Δ, so x grows along
/// a row and y down the rows. View k is taken at the cell midpoint θ_k = (k + ½)·range/V (ODL's
/// `uniform_partition`), detector bin j sits at its cell midpoint u_j = −L/2 + (j + ½)·L/N.
/// Angles turn x towards y (counter-clockwise in the (x, y) frame), as ODL's rotation matrix.
///
/// ODL axis convention: ODL maps array axis 0 to x and axis 1 to y, so an ODL image array
/// `a[i, j]` is our pixel (x: i, y: j); in row-major memory our image is `a` transposed. With that
/// mapping, sinograms agree element for element: view k is our row k and ODL's `sino[k, :]`.
public protocol CTScanGeometry: Sendable {
    /// Image columns W (x direction).
    var imageWidth: Int { get }
    /// Image rows H (y direction).
    var imageHeight: Int { get }
    /// Side Δ of a square pixel, in cm.
    var pixelSizeCM: Double { get }
    /// Number of views V (sinogram rows).
    var views: Int { get }
    /// Number of detector bins N (sinogram columns).
    var detectorBins: Int { get }
    /// Total rotation covered by the views, in radians; views sit at θ_k = (k + ½)·range/V.
    var angularRangeRadians: Double { get }
    /// Physical length of the detector row, in cm (where the bins are: at the detector for fan
    /// beam, at the isocentre for parallel beam).
    var detectorLengthCM: Double { get }

    /// The ray measured by bin `bin` of view `view`: a point on it and its unit direction (cm).
    func ray(view: Int, bin: Int) -> CTRay

    /// The map from an image point to the continuous bin index of its shadow in view `view`
    /// (pixel-driven backprojection).
    func detectorMap(view: Int) -> CTDetectorMap
}

extension CTScanGeometry {
    /// Angle of view k, θ_k = (k + ½)·range/V, in radians (ODL: cell midpoints of [0, range)).
    public func viewAngle(_ view: Int) -> Double {
        (Double(view) + 0.5) * angularStepRadians
    }

    /// Angular step Δθ = range/V, in radians: the quadrature weight of one view.
    public var angularStepRadians: Double { angularRangeRadians / Double(views) }

    /// Bin pitch Δu = L/N, in cm (at the detector for fan beam).
    public var binSpacingCM: Double { detectorLengthCM / Double(detectorBins) }

    /// Position of bin j's centre along the detector, u_j = −L/2 + (j + ½)·Δu, in cm.
    public func binCentre(_ bin: Int) -> Double {
        -0.5 * detectorLengthCM + (Double(bin) + 0.5) * binSpacingCM
    }

    /// Physical centre (x, y) of pixel (column, row), in cm.
    public func pixelCentre(column: Int, row: Int) -> SIMD2<Double> {
        SIMD2(
            (Double(column) - 0.5 * Double(imageWidth - 1)) * pixelSizeCM,
            (Double(row) - 0.5 * Double(imageHeight - 1)) * pixelSizeCM)
    }

    /// Pixel spacing as an `Image2D` carries it, in millimetres.
    var imageSpacingMM: SIMD2<Double> { SIMD2(repeating: 10 * pixelSizeCM) }

    /// Position of pixel (0, 0)'s centre, in mm, so that the isocentre is at (0, 0).
    var imageOriginMM: SIMD2<Double> {
        SIMD2(-0.5 * Double(imageWidth - 1), -0.5 * Double(imageHeight - 1)) * imageSpacingMM
    }

    /// Sinogram spacing for `Image2D`: x is the bin pitch in mm; y (views) has no length and is 1.
    var sinogramSpacingMM: SIMD2<Double> { SIMD2(10 * binSpacingCM, 1) }

    /// Sinogram origin for `Image2D`: x is bin 0's centre in mm, y is 0.
    var sinogramOriginMM: SIMD2<Double> { SIMD2(10 * binCentre(0), 0) }

    /// Throws unless `image` has this geometry's W×H pixels. Its spacing is not checked: the
    /// geometry's pixel size governs every operator (resample onto the grid first).
    func checkImage(_ image: Image2D, _ what: String) throws {
        guard image.width == imageWidth, image.height == imageHeight else {
            throw PhysicsError.sizeMismatch(
                what: what, expected: "\(imageWidth)×\(imageHeight) pixels",
                actual: "\(image.width)×\(image.height) pixels")
        }
    }

    /// Throws unless `sinogram` has N columns (bins) and V rows (views).
    func checkSinogram(_ sinogram: Image2D, _ what: String) throws {
        guard sinogram.width == detectorBins, sinogram.height == views else {
            throw PhysicsError.sizeMismatch(
                what: what, expected: "\(views) views × \(detectorBins) bins",
                actual: "\(sinogram.height) views × \(sinogram.width) bins")
        }
    }
}

/// One measured ray: the line through `origin` along the unit vector `direction`, both in cm.
public struct CTRay: Sendable, Equatable {
    /// A point on the ray (the source for fan beam), cm.
    public var origin: SIMD2<Double>
    /// Unit direction of travel.
    public var direction: SIMD2<Double>

    /// A ray through `origin` along `direction` (a unit vector).
    public init(origin: SIMD2<Double>, direction: SIMD2<Double>) {
        self.origin = origin
        self.direction = direction
    }
}

/// The projective map from an image point p = (x, y) (cm) to the continuous detector bin index
/// t(p) = (a·p + a₀)/(b·p + b₀) of the ray through it in one view (t = j at bin j's centre).
///
/// The denominator is the source distance ratio U = (distance from the source to p along the
/// central ray)/(source–isocentre distance), Kak & Slaney §3.3.2; it is 1 for parallel beam.
public struct CTDetectorMap: Sendable, Equatable {
    /// a, in bins per cm.
    public var numerator: SIMD2<Double>
    /// a₀, in bins.
    public var numeratorOffset: Double
    /// b, per cm (0 for parallel beam).
    public var denominator: SIMD2<Double>
    /// b₀ (1: U = 1 at the isocentre).
    public var denominatorOffset: Double

    /// Continuous bin index of the point p.
    public func binIndex(at p: SIMD2<Double>) -> Double {
        ((numerator * p).sum() + numeratorOffset) / ((denominator * p).sum() + denominatorOffset)
    }

    /// The source distance ratio U(p) (1 for parallel beam).
    public func distanceRatio(at p: SIMD2<Double>) -> Double {
        (denominator * p).sum() + denominatorOffset
    }
}
