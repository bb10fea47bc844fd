import Foundation
import Graphics
import Testing

@Suite struct GraphicsErrorTests {
    /// Writing into a folder that does not exist fails with the path in the message and leaves nothing behind.
    @Test func writingIntoAMissingFolderNamesThePath() throws {
        let folder = try makeScratchFolder("missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("no/such/folder/report.pdf")
        let document = PDFDocument()
        document.page { $0.text("λ", at: Point(x: 10, y: 10)) }
        #expect {
            try document.write(to: pdf)
        } throws: { error in
            guard case GraphicsError.cannotWrite(let path, let reason) = error else { return false }
            return path == pdf.path && !reason.isEmpty && "\(error)".contains(pdf.path)
        }
        let png = folder.appendingPathComponent("no/such/figure.png")
        #expect {
            try RasterImage(width: 2, height: 2, filledWith: .black).writePNG(to: png)
        } throws: { error in
            "\(error)".contains(png.path) && "\(error)".contains("No such file or directory")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// cairo's status string reaches the message for a PDF whose folder vanished.
    @Test func pdfErrorsCarryCairosReason() throws {
        let document = PDFDocument()
        document.page { _ in }
        #expect {
            try document.write(to: URL(fileURLWithPath: "/nonexistent-msl/report.pdf"))
        } throws: { error in
            "\(error)".contains("/nonexistent-msl/report.pdf")
                && "\(error)".contains("error while writing to output stream")
        }
    }

    /// A failed write keeps the previous file intact (atomic replacement).
    @Test func aFailedFigureLeavesTheOldFile() throws {
        let folder = try makeScratchFolder("keep")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("figure.png")
        let old = RasterImage(width: 3, height: 3, filledWith: .white)
        try old.writePNG(to: url)
        struct Stop: Error {}
        #expect(throws: Stop.self) { try PNGFigure.write(to: url, width: 3, height: 3) { _, _ in throw Stop() } }
        #expect(try RasterImage.readPNG(url) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["figure.png"])
    }
}
