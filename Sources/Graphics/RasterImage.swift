import Imaging

/// An 8-bit colour picture held in cairo's own pixel layout, so that it can be drawn onto a page, blended, and
/// written as PNG by cairo without conversion.
///
/// Storage is `CAIRO_FORMAT_ARGB32`: one native-endian 32-bit word per pixel, alpha in the top byte, then red,
/// green, blue, with colour premultiplied by alpha (the corresponding C format is `CAIRO_FORMAT_ARGB32`). Pixels are
/// row-major, index = y·width + x, and **row 0 is the top row**: an `Image2D` slice (x along a row = DICOM
/// columns, y down the rows) maps to the screen as stored, first row at the top, first column at the left, exactly
/// as a DICOM viewer shows the slice; nothing is flipped.
public struct RasterImage: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Premultiplied ARGB32 words, row-major, row 0 at the top (`width · height` of them).
    public private(set) var argb: [UInt32]

    /// One pixel as straight (not premultiplied) 8-bit red, green, blue and alpha, for tests and checks.
    public struct Pixel: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// Red, 0…255.
        public var red: UInt8
        /// Green, 0…255.
        public var green: UInt8
        /// Blue, 0…255.
        public var blue: UInt8
        /// Alpha, 0 (transparent)…255 (opaque).
        public var alpha: UInt8

        /// A pixel from its four straight components.
        public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
            self.red = red
            self.green = green
            self.blue = blue
            self.alpha = alpha
        }

        /// `#rrggbbaa`, as colour pickers and failure messages show it.
        public var description: String {
            "#" + [red, green, blue, alpha].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// A picture from premultiplied ARGB32 words (`width · height` of them, row 0 at the top). Every picture has at
    /// least one pixel (a PNG cannot be empty), so a size below 1×1 is a programming error and traps.
    public init(width: Int, height: Int, argb: [UInt32]) {
        precondition(width > 0 && height > 0, "RasterImage: size must be positive, got \(width)×\(height)")
        precondition(
            argb.count == width * height,
            "RasterImage: \(width)×\(height) needs \(width * height) pixels, got \(argb.count)")
        self.width = width
        self.height = height
        self.argb = argb
    }

    /// A picture of one colour.
    public init(width: Int, height: Int, filledWith color: Color) {
        self.init(width: width, height: height, argb: Array(repeating: Self.word(color), count: width * height))
    }

    /// A grey picture of scalar values through a linear window: `window.lowerBound` → 0 (black),
    /// `window.upperBound` → 255 (white), level = round(255 · clamp((v − low) / (high − low), 0, 1)) with halves
    /// rounded up (so the window's middle is 128), computed in Float as the values are. Values outside the window
    /// are clamped; NaN is black. A window of zero width is a step: black at or below it, white above.
    public init(grayscale pixels: [Float], width: Int, height: Int, window: ClosedRange<Float>) {
        precondition(
            pixels.count == width * height,
            "RasterImage: \(width)×\(height) needs \(width * height) values, got \(pixels.count)")
        let low = window.lowerBound
        let span = max(window.upperBound - low, .leastNormalMagnitude)
        let words = pixels.map { value -> UInt32 in
            let t = (value - low) / span
            let level = t.isNaN ? 0 : UInt32((min(max(t, 0), 1) * 255).rounded())
            return 0xFF00_0000 | level << 16 | level << 8 | level
        }
        self.init(width: width, height: height, argb: words)
    }

    /// A grey picture of `image` through `window` (see `init(grayscale:width:height:window:)`).
    public init(_ image: Image2D, window: ClosedRange<Float>) {
        self.init(grayscale: image.pixels, width: image.width, height: image.height, window: window)
    }

    /// A grey picture of a montage: `Montage.grid(rows, gap:)` (tiles already windowed to [0, 1]) shown with the
    /// window 0…1, so each tile looks as its own window says.
    public init(montage rows: [[Montage.Tile]], gap: Int = 2) {
        self.init(Montage.grid(rows, gap: gap), window: 0...1)
    }

    /// A false-colour picture: each value is normalised to t = (v − low) / (high − low) over `range` and coloured by
    /// `colormap` (clamped outside the range, NaN → the colour at 0). λ-maps use `.viridis` over 0…1, difference
    /// images `.diverging` over a range symmetric about zero.
    public init(pixels: [Float], width: Int, height: Int, range: ClosedRange<Float>, colormap: Colormap) {
        precondition(
            pixels.count == width * height,
            "RasterImage: \(width)×\(height) needs \(width * height) values, got \(pixels.count)")
        let low = Double(range.lowerBound)
        let span = max(Double(range.upperBound) - low, .leastNormalMagnitude)
        self.init(
            width: width, height: height,
            argb: pixels.map { Self.word(colormap.color(at: (Double($0) - low) / span)) })
    }

    /// The pixel at column x, row y (row 0 at the top), unpremultiplied.
    public subscript(x x: Int, y y: Int) -> Pixel {
        precondition(
            x >= 0 && x < width && y >= 0 && y < height, "RasterImage: (\(x), \(y)) is outside \(width)×\(height)")
        return Self.pixel(argb[y * width + x])
    }

    /// Whether every pixel is opaque with red = green = blue: such a picture is written as an 8-bit greyscale PNG.
    public var isOpaqueGray: Bool {
        argb.allSatisfy { word in
            let (r, g, b) = ((word >> 16) & 0xFF, (word >> 8) & 0xFF, word & 0xFF)
            return word >> 24 == 0xFF && r == g && g == b
        }
    }

    /// The premultiplied ARGB32 word of `color` (components clamped to 0…1 and rounded to 8 bits).
    static func word(_ color: Color) -> UInt32 {
        func byte(_ value: Double) -> UInt32 { UInt32((min(max(value.isNaN ? 0 : value, 0), 1) * 255).rounded()) }
        let alpha = min(max(color.alpha.isNaN ? 0 : color.alpha, 0), 1)
        return byte(alpha) << 24 | byte(color.red * alpha) << 16 | byte(color.green * alpha) << 8
            | byte(color.blue * alpha)
    }

    /// The straight pixel of a premultiplied word (the inverse of premultiplication, rounded).
    static func pixel(_ word: UInt32) -> Pixel {
        let alpha = word >> 24
        func straight(_ shift: UInt32) -> UInt8 {
            let value = (word >> shift) & 0xFF
            if alpha == 255 { return UInt8(value) }
            if alpha == 0 { return 0 }
            return UInt8(min(255, (value * 255 + alpha / 2) / alpha))
        }
        return Pixel(red: straight(16), green: straight(8), blue: straight(0), alpha: UInt8(alpha))
    }
}
