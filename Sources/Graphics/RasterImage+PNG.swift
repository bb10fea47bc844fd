import CCairo
import Foundation
import Imaging

extension RasterImage {
    /// The picture as PNG bytes, encoded by cairo (libpng underneath; the corresponding C function is
    /// `cairo_surface_write_to_png_stream`). An opaque grey picture (`isOpaqueGray`) becomes an 8-bit greyscale PNG,
    /// anything else 8-bit RGB, or RGBA when some pixel is not opaque. The same pixels give the same bytes.
    public func pngData() throws -> Data {
        let surface = try isOpaqueGray ? makeGraySurface() : makeSurface()
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface.pointer, appendToSink, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError.drawingFailed(
                operation: "cairo_surface_write_to_png_stream", reason: GraphicsError.text(of: status))
        }
        return sink.data
    }

    /// Writes the PNG (see `pngData()`) to `url` atomically through `Imaging.AtomicFile`: a temporary file beside
    /// it, flushed, then renamed. The folder must exist; on failure nothing is left behind and the error
    /// (`GraphicsError.cannotWrite`) names `url`.
    public func writePNG(to url: URL) throws {
        let data = try pngData()
        try GraphicsError.writingAtomically { try AtomicFile.write(data, to: url) }
    }

    /// Reads a PNG with cairo (the corresponding C function is `cairo_image_surface_create_from_png`): greyscale
    /// and RGB files become opaque pixels, RGBA keeps its alpha. Used by tests and checks to look at what was
    /// written, through a decoder other than the encoder's caller.
    public static func readPNG(_ url: URL) throws -> RasterImage {
        let pointer = cairo_image_surface_create_from_png(url.path)
        if let pointer, cairo_surface_status(pointer) != CAIRO_STATUS_SUCCESS {
            let status = cairo_surface_status(pointer)
            cairo_surface_destroy(pointer)
            throw GraphicsError.cannotRead(path: url.path, reason: GraphicsError.text(of: status))
        }
        return try RasterImage(surface: CairoSurface(owning: pointer, operation: "cairo_image_surface_create_from_png"))
    }
}

/// Collects the bytes cairo's stream writers hand over (PNG here, PDF pages elsewhere).
final class ByteSink {
    var data = Data()
}

/// The `cairo_write_func_t` that appends to the `ByteSink` passed as the closure pointer.
let appendToSink: cairo_write_func_t = { closure, bytes, length in
    guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    if let bytes, length > 0 { sink.data.append(bytes, count: Int(length)) }
    return CAIRO_STATUS_SUCCESS
}
