import Imaging

/// A 2-D single-precision complex image: an FFT input or output, MR k-space.
///
/// `values` interleaves (real, imaginary) pairs row-major, so sample (x, y) is at
/// `values[2·(y·width + x)]` (real) and `values[2·(y·width + x) + 1]` (imaginary); count is
/// 2·width·height. This is FFTW's `fftwf_complex` layout and numpy's `complex64` layout for an
/// array of shape (height, width).
public struct ComplexImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var values: [Float]

    /// An image with the given interleaved values (count must be 2·width·height).
    public init(width: Int, height: Int, values: [Float]) {
        precondition(width >= 0 && height >= 0, "ComplexImage: negative size \(width)×\(height)")
        precondition(
            values.count == 2 * width * height,
            "ComplexImage: \(width)×\(height) needs \(2 * width * height) floats, got \(values.count)")
        self.width = width
        self.height = height
        self.values = values
    }

    /// An image of zeros.
    public init(width: Int, height: Int) {
        self.init(width: width, height: height, values: Array(repeating: 0, count: 2 * width * height))
    }

    /// The real image `image` with imaginary part 0 (its spacing and origin are not kept).
    public init(_ image: Image2D) {
        var values = [Float](repeating: 0, count: 2 * image.pixels.count)
        for (i, pixel) in image.pixels.enumerated() { values[2 * i] = pixel }
        self.init(width: image.width, height: image.height, values: values)
    }

    /// The sample at column x, row y.
    public subscript(x x: Int, y y: Int) -> (re: Float, im: Float) {
        get {
            let i = 2 * (y * width + x)
            return (values[i], values[i + 1])
        }
        set {
            let i = 2 * (y * width + x)
            values[i] = newValue.re
            values[i + 1] = newValue.im
        }
    }

    /// |z| = √(re² + im²) per sample, as a real image with unit spacing.
    public func magnitude() -> Image2D {
        var pixels = [Float](repeating: 0, count: width * height)
        for i in pixels.indices {
            let re = values[2 * i]
            let im = values[2 * i + 1]
            pixels[i] = (re * re + im * im).squareRoot()
        }
        return Image2D(width: width, height: height, pixels: pixels)
    }
}
