import CCairo
import Foundation

/// A drawing of a report figure: draws into `rect` on `canvas`. The same function fills a PDF page region
/// (`Canvas.draw(_:in:)` inside `PDFDocument.page`) or a whole PNG (`PNGFigure`), so a picture in the report and
/// the PNG beside it cannot drift apart.
public typealias Figure = (Canvas, Rect) throws -> Void

/// Somewhere to draw: a cairo context (`cairo_t`) on a PDF page or an image, with a small vocabulary (text, lines,
/// rectangles, pictures, colour bars) that report code uses instead of calling cairo.
///
/// Coordinates are points (1/72 inch) on a PDF page and pixels in a PNG (times `PNGFigure`'s scale), origin at the
/// top-left, y down. Drawing never throws: cairo keeps the first error in the context and ignores later calls, and
/// the owner (`PDFDocument`, `PNGFigure`) reports it when the picture is written. A canvas belongs to the page or
/// figure it was handed for; do not keep it after the closure returns. Not `Sendable` (a cairo context is used by
/// one thread at a time).
public final class Canvas {
    /// The cairo context (the corresponding C type is `cairo_t *`).
    let context: OpaquePointer
    /// The surface drawn on, kept alive as long as the context.
    let surface: CairoSurface
    /// The drawable area in canvas units: the page or the figure.
    public let bounds: Rect
    /// An error met outside cairo (a picture that could not be turned into a surface), reported like cairo's own.
    private var pendingError: GraphicsError?

    /// A canvas on `surface` whose drawable area is `bounds`, scaled by `scale` device units per canvas unit.
    ///
    /// Font options are fixed (no hinting of metrics or outlines) so that text measures the same on a PDF page, a
    /// PNG and the off-screen canvas tables are measured with; otherwise a table paginated on one could overflow on
    /// the other.
    init(surface: CairoSurface, bounds: Rect, scale: Double = 1) throws {
        guard let context = cairo_create(surface.pointer) else {
            throw GraphicsError.drawingFailed(operation: "cairo_create", reason: "no context")
        }
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(context)
            throw GraphicsError.drawingFailed(operation: "cairo_create", reason: GraphicsError.text(of: status))
        }
        self.context = context
        self.surface = surface
        self.bounds = bounds
        if scale != 1 { cairo_scale(context, scale, scale) }
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
    }

    /// A small off-screen canvas for measuring text (table layout, pagination) without a page at hand.
    static func measuring() throws -> Canvas {
        try Canvas(
            surface: CairoSurface(format: CAIRO_FORMAT_ARGB32, width: 1, height: 1),
            bounds: Rect(x: 0, y: 0, width: 1, height: 1))
    }

    deinit { cairo_destroy(context) }

    /// Throws the first error met while drawing on this canvas (cairo's or one of ours), naming `operation`.
    func check(_ operation: String) throws {
        if let pendingError { throw pendingError }
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError.drawingFailed(operation: operation, reason: GraphicsError.text(of: status))
        }
    }

    /// Draws `figure` into `rect`, clipped to it, with the drawing state restored afterwards so that a figure
    /// cannot change colours, clips or transforms for whatever is drawn next.
    public func draw(_ figure: Figure, in rect: Rect) throws {
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        try figure(self, rect)
    }

    /// Runs `body` with drawing clipped to `rect` (plot series stay inside their axes).
    public func clipped<R>(to rect: Rect, _ body: () throws -> R) rethrows -> R {
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        return try body()
    }

    // MARK: - Lines and shapes

    /// A straight line of the given colour and width (canvas units), optionally dashed (`dash`: on/off lengths).
    public func line(from start: Point, to end: Point, color: Color = .black, width: Double = 1, dash: [Double] = []) {
        polyline([start, end], color: color, width: width, dash: dash)
    }

    /// Connected straight segments through `points` (a plot series), with round joins.
    public func polyline(_ points: [Point], color: Color = .black, width: Double = 1, dash: [Double] = []) {
        guard let first = points.first else { return }
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        setSource(color)
        cairo_set_line_width(context, width)
        cairo_set_dash(context, dash, Int32(dash.count), 0)
        cairo_stroke(context)
    }

    /// The outline of `rect` (the line is centred on the edge).
    public func strokeRect(_ rect: Rect, color: Color = .black, width: Double = 1) {
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        setSource(color)
        cairo_set_line_width(context, width)
        cairo_stroke(context)
    }

    /// `rect` filled with `color` (backgrounds, table header, legend swatches).
    public func fillRect(_ rect: Rect, color: Color) {
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        setSource(color)
        cairo_fill(context)
    }

    /// A filled disc (plot markers).
    public func fillCircle(center: Point, radius: Double, color: Color) {
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_new_sub_path(context)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * Double.pi)
        setSource(color)
        cairo_fill(context)
    }

    // MARK: - Pictures

    /// Draws `image` as large as fits in `rect`, centred, with its aspect ratio kept (square pixels) and
    /// nearest-neighbour scaling (`CAIRO_FILTER_NEAREST`) so that each pixel stays a sharp block of one value:
    /// a reader must see the data, not an interpolation of it. Row 0 is at the top. Returns the rectangle covered.
    @discardableResult
    public func image(_ image: RasterImage, in rect: Rect) -> Rect {
        let scale = min(rect.width / Double(image.width), rect.height / Double(image.height))
        let covered = Rect(
            x: rect.midX - Double(image.width) * scale / 2, y: rect.midY - Double(image.height) * scale / 2,
            width: Double(image.width) * scale, height: Double(image.height) * scale)
        paint(image, filling: covered)
        return covered
    }

    /// Paints `image` stretched over exactly `rect` with nearest-neighbour sampling.
    func paint(_ image: RasterImage, filling rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        let source: CairoSurface
        do {
            source = try image.makeSurface()
        } catch let error as GraphicsError {
            pendingError = pendingError ?? error
            return
        } catch {
            pendingError = pendingError ?? .drawingFailed(operation: "image", reason: "\(error)")
            return
        }
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(context, source.pointer, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_paint(context)
    }

    /// Sets the source colour (the corresponding C function is `cairo_set_source_rgba`).
    func setSource(_ color: Color) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }
}
