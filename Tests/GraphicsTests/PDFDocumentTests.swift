import Foundation
import Graphics
import Testing

@Suite struct PDFDocumentTests {
    /// The image drawn on page 1, in points.
    static let imageRect = Rect(x: 100, y: 200, width: 200, height: 200)

    /// Three pages with text, a picture, a plot and a table, checked by poppler (an independent PDF reader).
    static func report() -> PDFDocument {
        let document = PDFDocument(title: "msl test report", creator: "msl GraphicsTests")
        document.page { canvas in
            canvas.text("λ-map of P0001", at: Point(x: 72, y: 100), size: 18, bold: true)
            canvas.text("SSIM ≥ 0.95, μ ± σ", at: Point(x: 72, y: 130), size: 11)
            let picture = RasterImage(width: 8, height: 8, filledWith: Colormap.viridis.color(at: 0))
            canvas.image(picture, in: imageRect)
            canvas.colorBar(
                range: 0...1, colormap: .viridis, in: Rect(x: 320, y: 200, width: 12, height: 200), label: "λ")
        }
        document.page { canvas in
            let plot = LinePlot(
                title: "SSIM per slice", xLabel: "slice", yLabel: "SSIM",
                series: [
                    .init(
                        name: "MSL", x: [0, 1, 2, 3], y: [0.83, 0.9, 0.97, 0.95], color: .series(0), marker: .circle)
                ])
            plot.draw(on: canvas, in: Rect(x: 72, y: 72, width: 450, height: 300))
        }
        document.page { canvas in
            let table = TableLayout(
                header: ["metric", "value"], rows: [["PSNR", "31.2 dB"], ["SSIM", "0.953"]],
                alignments: [.left, .right])
            table.draw(on: canvas, in: Rect(x: 72, y: 72, width: 300, height: 200))
        }
        return document
    }

    @Test func popplerReadsThreePagesWithTheText() throws {
        let folder = try makeScratchFolder("pdf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("report.pdf")
        let document = Self.report()
        #expect(document.pageCount == 3)
        try document.write(to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.pdf"])

        let info = try runTool("/usr/bin/pdfinfo", [url.path])
        #expect(info.status == 0, "\(info.output)")
        let fields = Self.fields(info.output)
        #expect(fields["Pages"] == "3", "\(info.output)")
        #expect(fields["Title"] == "msl test report", "\(info.output)")
        #expect(fields["Creator"] == "msl GraphicsTests", "\(info.output)")
        #expect(fields["Page size"] == "595.28 x 841.89 pts (A4)", "\(info.output)")

        let text = try runTool("/usr/bin/pdftotext", ["-enc", "UTF-8", url.path, "-"])
        #expect(text.status == 0)
        for expected in ["λ-map", "SSIM ≥ 0.95", "μ ± σ", "SSIM per slice", "PSNR", "31.2 dB"] {
            #expect(text.output.contains(expected), "pdftotext lacks \(expected): \(text.output)")
        }
        let fonts = try runTool("/usr/bin/pdffonts", [url.path])
        #expect(fonts.output.contains("DejaVuSans"), "\(fonts.output)")
    }

    /// pdftoppm renders page 1 at 40 dpi: the picture's area is the picture's colour, the margin is white.
    @Test func popplerRendersThePicture() throws {
        let folder = try makeScratchFolder("ppm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("report.pdf")
        try Self.report().write(to: url)
        let prefix = folder.appendingPathComponent("page").path
        let render = try runTool("/usr/bin/pdftoppm", ["-r", "40", "-png", "-f", "1", "-l", "1", url.path, prefix])
        #expect(render.status == 0, "\(render.output)")
        let pngs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }
        let page = try RasterImage.readPNG(folder.appendingPathComponent(try #require(pngs.first)))
        let scale = 40.0 / 72
        #expect(abs(Double(page.width) - 595.28 * scale) <= 1)
        let inside = page[x: Int(Self.imageRect.midX * scale), y: Int(Self.imageRect.midY * scale)]
        #expect(matches(inside, Colormap.viridis.color(at: 0), tolerance: 3), "\(inside)")
        #expect(page[x: 5, y: Int(Self.imageRect.midY * scale)] == RasterImage.Pixel(red: 255, green: 255, blue: 255))
    }

    @Test func documentsCanBeWrittenTwice() throws {
        let folder = try makeScratchFolder("twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = Self.report()
        try document.write(to: folder.appendingPathComponent("a.pdf"))
        try document.write(to: folder.appendingPathComponent("a.pdf"))
        let info = try runTool("/usr/bin/pdfinfo", [folder.appendingPathComponent("a.pdf").path])
        #expect(Self.fields(info.output)["Pages"] == "3")
    }

    /// With a fixed creation date the same document gives the same bytes.
    @Test func aFixedCreationDateGivesTheSameBytes() throws {
        let folder = try makeScratchFolder("same")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, b) = (folder.appendingPathComponent("a.pdf"), folder.appendingPathComponent("b.pdf"))
        for url in [a, b] {
            let document = Self.report()
            document.creationDate = Date(timeIntervalSince1970: 1_700_000_000)
            try document.write(to: url)
        }
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        let info = try runTool("/usr/bin/pdfinfo", ["-isodates", a.path])
        #expect(Self.fields(info.output)["CreationDate"] == "2023-11-14T22:13:20Z", "\(info.output)")
    }

    /// pdfinfo's "Key:   value" lines as a dictionary.
    static func fields(_ output: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}
