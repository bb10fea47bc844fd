import CCairo
import Foundation

/// A figure drawn into pixels: the PNG twin of a PDF page region, from the same `Figure` function.
///
/// The figure sees a canvas of `width / scale × height / scale` units on a background colour, so a figure laid out
/// in points for the report (say 480 × 300) renders sharply as a PNG at `scale` 2 (960 × 600 pixels).
public enum PNGFigure {
    /// Draws `figure` onto a `width × height`-pixel image filled with `background` and returns the pixels.
    /// Throws if the size is not positive or cairo fails.
    public static func render(
        width: Int, height: Int, scale: Double = 1, background: Color = .white, _ figure: Figure
    ) throws -> RasterImage {
        guard width > 0, height > 0 else {
            throw GraphicsError.invalidParameter(name: "figure size", value: "\(width)×\(height)", expected: "positive")
        }
        guard scale > 0, scale.isFinite else {
            throw GraphicsError.invalidParameter(name: "scale", value: "\(scale)", expected: "a finite number > 0")
        }
        let surface = try CairoSurface(format: CAIRO_FORMAT_ARGB32, width: width, height: height)
        let bounds = Rect(x: 0, y: 0, width: Double(width) / scale, height: Double(height) / scale)
        do {
            let canvas = try Canvas(surface: surface, bounds: bounds, scale: scale)
            canvas.fillRect(bounds, color: background)
            try canvas.draw(figure, in: bounds)
            try canvas.check("PNG figure")
        }
        return try RasterImage(surface: surface)
    }

    /// Draws `figure` as `render` does and writes the PNG to `url` atomically (see `RasterImage.writePNG(to:)`).
    public static func write(
        to url: URL, width: Int, height: Int, scale: Double = 1, background: Color = .white, _ figure: Figure
    ) throws {
        try render(width: width, height: height, scale: scale, background: background, figure).writePNG(to: url)
    }
}
