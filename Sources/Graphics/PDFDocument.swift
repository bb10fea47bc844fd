import CCairo
import Foundation
import Imaging

/// A multi-page PDF report drawn with cairo's PDF back end: vector text (searchable, copyable, with λ, μ, ≥ as
/// themselves), vector lines, and pictures embedded at their own resolution with interpolation off.
///
/// Pages are drawn as they are added (`page(_:)`), into cairo recording surfaces held in memory; `write(to:)` plays
/// them into a PDF at a temporary path beside the target and renames it into place only when cairo reports success,
/// so a reader never sees half a report, and the same document can be written again. Not `Sendable` (it holds
/// cairo surfaces); build a document on one task.
public final class PDFDocument {
    /// Page size in points (1/72 inch); A4 portrait unless given.
    public let pageSize: Size
    /// The document title in the PDF's information dictionary (shown by viewers and `pdfinfo`), or nil.
    public var title: String?
    /// The producing program in the PDF's information dictionary (`Creator`), e.g. "msl 1.0".
    public var creator: String?
    /// The creation date written into the PDF, or nil for the moment of writing (cairo's default). Set it (e.g. to
    /// the study's processing time) to make the same document give the same bytes.
    public var creationDate: Date?
    /// One recording surface per page, in order.
    private var pages: [CairoSurface] = []
    /// The first drawing error of any page, reported by `write(to:)`.
    private var drawingError: GraphicsError?

    /// An empty document whose pages are `pageSize` (A4 portrait by default).
    public init(pageSize: Size = .a4Portrait, title: String? = nil, creator: String? = nil) {
        self.pageSize = pageSize
        self.title = title
        self.creator = creator
    }

    /// The number of pages added so far.
    public var pageCount: Int { pages.count }

    /// The whole page as a rectangle (origin top-left, points).
    public var pageRect: Rect { Rect(size: pageSize) }

    /// Adds a page and lets `draw` fill it; the canvas's bounds are the whole page in points. If `draw` throws, the
    /// page is dropped and the error passes through. A cairo error while drawing is kept and thrown by `write(to:)`.
    public func page(_ draw: (Canvas) throws -> Void) rethrows {
        var extents = cairo_rectangle_t(x: 0, y: 0, width: pageSize.width, height: pageSize.height)
        let canvas: Canvas
        do {
            let surface = try CairoSurface(
                owning: cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents),
                operation: "cairo_recording_surface_create")
            canvas = try Canvas(surface: surface, bounds: pageRect)
        } catch {
            drawingError = drawingError ?? (error as? GraphicsError)
            return
        }
        try draw(canvas)
        do {
            try canvas.check("page \(pages.count + 1)")
        } catch {
            drawingError = drawingError ?? (error as? GraphicsError)
        }
        pages.append(canvas.surface)
    }

    /// Writes the PDF to `url` atomically through `Imaging.AtomicFile`: cairo writes a temporary file beside it, its
    /// status is checked, the file is flushed and renamed to `url`. On any failure nothing is left behind and the
    /// error (`GraphicsError.cannotWrite`) names `url` with cairo's or the system's reason.
    public func write(to url: URL) throws {
        if let drawingError { throw drawingError }
        try GraphicsError.writingAtomically {
            try AtomicFile.replace(url) { temporary in try writePDF(at: temporary, naming: url) }
        }
    }

    /// Renders every page into a new PDF file at `temporary` (the corresponding C functions are
    /// `cairo_pdf_surface_create`, `cairo_pdf_surface_set_metadata`, `cairo_show_page` and `cairo_surface_finish`);
    /// errors name `url`, the file the caller asked for.
    private func writePDF(at temporary: URL, naming url: URL) throws {
        let raw = cairo_pdf_surface_create(temporary.path, pageSize.width, pageSize.height)
        let status = raw.map(cairo_surface_status) ?? CAIRO_STATUS_NO_MEMORY
        guard let raw, status == CAIRO_STATUS_SUCCESS else {
            raw.map(cairo_surface_destroy)
            throw GraphicsError.cannotWrite(path: url.path, reason: GraphicsError.text(of: status))
        }
        let pdf = try CairoSurface(owning: raw, operation: "cairo_pdf_surface_create")
        if let title { cairo_pdf_surface_set_metadata(pdf.pointer, CAIRO_PDF_METADATA_TITLE, title) }
        if let creator { cairo_pdf_surface_set_metadata(pdf.pointer, CAIRO_PDF_METADATA_CREATOR, creator) }
        if let creationDate {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            let text = formatter.string(from: creationDate)
            cairo_pdf_surface_set_metadata(pdf.pointer, CAIRO_PDF_METADATA_CREATE_DATE, text)
        }
        try render(into: pdf)
        cairo_surface_finish(pdf.pointer)
        guard pdf.status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError.cannotWrite(path: url.path, reason: GraphicsError.text(of: pdf.status))
        }
    }

    /// Plays every recorded page onto `pdf`, one `cairo_show_page` each.
    private func render(into pdf: CairoSurface) throws {
        let canvas = try Canvas(surface: pdf, bounds: pageRect)
        for page in pages {
            cairo_set_source_surface(canvas.context, page.pointer, 0, 0)
            cairo_paint(canvas.context)
            cairo_show_page(canvas.context)
        }
        try canvas.check("writing the PDF pages")
    }
}
