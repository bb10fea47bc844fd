/// The pixel grid of an `Image2D` without its pixels: size, spacing and origin in the image plane.
///
/// Pixel (x, y) has its centre at originMM + (x·spacingMM.x, y·spacingMM.y) in in-plane millimetres,
/// the same convention as `Image2D`. For resampling, a grid is the slice k = 0 of a 3-D geometry
/// with identity direction and z = 0 (see `geometry`).
public struct Grid2D: Sendable, Equatable, Codable {
    /// Pixels per row (≥ 1).
    public let width: Int
    /// Rows (≥ 1).
    public let height: Int
    /// Pixel size (x, y) in mm, each > 0.
    public let spacingMM: SIMD2<Double>
    /// In-plane position (mm) of the centre of pixel (0, 0).
    public let originMM: SIMD2<Double>

    /// A validated grid.
    ///
    /// - Throws: `ImagingError.invalidSize` for a width or height < 1, `.invalidSpacing` for a spacing
    ///   that is not finite and > 0, `.nonFiniteCoordinates` for a non-finite origin.
    public init(width: Int, height: Int, spacingMM: SIMD2<Double> = .one, originMM: SIMD2<Double> = .zero) throws {
        guard width >= 1, height >= 1 else { throw ImagingError.invalidSize([width, height]) }
        guard spacingMM.x.isFinite, spacingMM.y.isFinite, spacingMM.x > 0, spacingMM.y > 0 else {
            throw ImagingError.invalidSpacing([spacingMM.x, spacingMM.y])
        }
        guard originMM.x.isFinite, originMM.y.isFinite else {
            throw ImagingError.nonFiniteCoordinates([originMM.x, originMM.y])
        }
        self.init(validatedWidth: width, height: height, spacingMM: spacingMM, originMM: originMM)
    }

    init(validatedWidth width: Int, height: Int, spacingMM: SIMD2<Double>, originMM: SIMD2<Double>) {
        self.width = width
        self.height = height
        self.spacingMM = spacingMM
        self.originMM = originMM
    }

    /// Physical extent edge to edge: (width·spacing.x, height·spacing.y) in mm.
    public var extentMM: SIMD2<Double> { SIMD2(Double(width), Double(height)) * spacingMM }

    /// In-plane centre of the grid: origin + (size − 1)/2 · spacing (mm).
    public var centerMM: SIMD2<Double> { originMM + (SIMD2(Double(width), Double(height)) - 1) / 2 * spacingMM }

    /// The grid as a one-slice 3-D geometry: size (width, height, 1), origin (origin.x, origin.y, 0),
    /// spacing (spacing.x, spacing.y, 1), identity direction.
    public var geometry: Geometry {
        Geometry(
            validatedSize: SIMD3(width, height, 1), originMM: SIMD3(originMM.x, originMM.y, 0),
            spacingMM: SIMD3(spacingMM.x, spacingMM.y, 1), direction: .identity, frameOfReferenceUID: nil)
    }
}

extension Image2D {
    /// The image's pixel grid.
    public var grid: Grid2D {
        Grid2D(validatedWidth: width, height: height, spacingMM: spacingMM, originMM: originMM)
    }

    /// An image on `grid` with the given pixels (row-major).
    ///
    /// - Throws: `ImagingError.countMismatch` unless pixels.count = width·height.
    public init(grid: Grid2D, pixels: [Float]) throws {
        guard pixels.count == grid.width * grid.height else {
            throw ImagingError.countMismatch(
                expected: grid.width * grid.height, actual: pixels.count, what: "Image2D pixels")
        }
        self.init(
            width: grid.width, height: grid.height, pixels: pixels, spacingMM: grid.spacingMM, originMM: grid.originMM)
    }

    /// The image as a one-slice volume on `grid.geometry` (shares the pixel order).
    var asVolume: Volume { Volume(unchecked: grid.geometry, voxels: pixels) }
}
