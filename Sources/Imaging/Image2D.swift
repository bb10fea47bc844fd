/// A 2-D single-channel Float32 image: a slice, a sinogram, a k-space magnitude.
///
/// Pixels are row-major: index = y·width + x, x along a row (DICOM columns), y down the rows.
/// `spacingMM` is the physical size of one pixel (x, y) in millimetres and `originMM` the position
/// of the centre of pixel (0, 0) in the image plane. 3-D volumes with full patient geometry
/// (`Volume`, `Geometry`) build on the same conventions.
public struct Image2D: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [Float]
    public var spacingMM: SIMD2<Double>
    public var originMM: SIMD2<Double>

    /// An image with the given pixels (count must be width·height).
    public init(
        width: Int, height: Int, pixels: [Float], spacingMM: SIMD2<Double> = SIMD2(1, 1),
        originMM: SIMD2<Double> = SIMD2(0, 0)
    ) {
        precondition(width >= 0 && height >= 0, "Image2D: negative size \(width)×\(height)")
        precondition(
            pixels.count == width * height,
            "Image2D: \(width)×\(height) needs \(width * height) pixels, got \(pixels.count)")
        precondition(spacingMM.x > 0 && spacingMM.y > 0, "Image2D: spacing must be positive, got \(spacingMM)")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.spacingMM = spacingMM
        self.originMM = originMM
    }

    /// An image of one value.
    public init(
        width: Int, height: Int, repeating value: Float = 0, spacingMM: SIMD2<Double> = SIMD2(1, 1),
        originMM: SIMD2<Double> = SIMD2(0, 0)
    ) {
        self.init(
            width: width, height: height, pixels: Array(repeating: value, count: width * height),
            spacingMM: spacingMM, originMM: originMM)
    }

    /// The pixel at column x, row y.
    public subscript(x x: Int, y y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}
