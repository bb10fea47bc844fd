import CCairo

/// Owns one reference to a `cairo_surface_t` and drops it in `deinit`, so that no code path (early return, thrown
/// error) can leak a surface or destroy one twice.
///
/// Not `Sendable`: cairo objects must not be shared between threads without a lock, and nothing here needs to.
final class CairoSurface {
    /// The owned surface (the corresponding C type is `cairo_surface_t *`).
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` as returned by a cairo constructor; throws (after destroying it) when cairo
    /// reports an error for it, naming `operation` and cairo's status string.
    init(owning pointer: OpaquePointer?, operation: String) throws {
        guard let pointer else { throw GraphicsError.drawingFailed(operation: operation, reason: "no surface") }
        let status = cairo_surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(pointer)
            throw GraphicsError.drawingFailed(operation: operation, reason: GraphicsError.text(of: status))
        }
        self.pointer = pointer
    }

    /// A new image surface of the given format and size (the corresponding C function is
    /// `cairo_image_surface_create`).
    convenience init(format: cairo_format_t, width: Int, height: Int) throws {
        guard let w = Int32(exactly: width), let h = Int32(exactly: height) else {
            throw GraphicsError.invalidParameter(
                name: "image size", value: "\(width)×\(height)", expected: "at most \(Int32.max) pixels a side")
        }
        try self.init(owning: cairo_image_surface_create(format, w, h), operation: "cairo_image_surface_create")
    }

    deinit { cairo_surface_destroy(pointer) }

    /// The surface's sticky error state (`CAIRO_STATUS_SUCCESS` while healthy).
    var status: cairo_status_t { cairo_surface_status(pointer) }

    /// Runs `body` on the pixel memory of an image surface (row stride in bytes, base address), flushing cairo's
    /// pending drawing before and marking the memory dirty after, as cairo requires of direct access.
    func withPixels<R>(_ body: (Int, UnsafeMutablePointer<UInt8>) throws -> R) rethrows -> R? {
        cairo_surface_flush(pointer)
        guard let data = cairo_image_surface_get_data(pointer) else { return nil }
        defer { cairo_surface_mark_dirty(pointer) }
        return try body(Int(cairo_image_surface_get_stride(pointer)), data)
    }
}
