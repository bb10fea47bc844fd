import Foundation
import Graphics
import Testing

@Suite struct TableLayoutTests {
    static func table(rows: Int) -> TableLayout {
        TableLayout(
            header: ["series", "PSNR (dB)", "SSIM"],
            rows: (0..<rows).map { ["P\($0 + 1) axial", String(format: "%.2f", 30 + Double($0) / 10), "0.95"] },
            alignments: [.left, .right, .right])
    }

    @Test func heightGrowsWithRows() {
        let heights = [0, 1, 5, 20].map { Self.table(rows: $0).height(width: 400) }
        #expect(heights[0] > 0)  // the header alone
        #expect(zip(heights, heights.dropFirst()).allSatisfy { $0 < $1 }, "\(heights)")
        let perRow = (heights[3] - heights[2]) / 15
        #expect(abs((heights[2] - heights[1]) / 4 - perRow) < 1e-9)  // one-line rows are all the same height
    }

    @Test func wrappingCellsMakeTallerRows() {
        let short = TableLayout(header: ["note"], rows: [["ok"]])
        let long = TableLayout(header: ["note"], rows: [[String(repeating: "registration quality check ", count: 10)]])
        #expect(long.height(width: 200) > short.height(width: 200) * 2)
    }

    @Test func rowsFittingSplitsTheTable() {
        let table = Self.table(rows: 30)
        let total = table.height(width: 400)
        #expect(table.rowsFitting(height: total, width: 400) == 30)
        let half = table.rowsFitting(height: total / 2, width: 400)
        #expect(half > 0 && half < 30)
        let first = table.rows(0..<half)
        #expect(first.height(width: 400) <= total / 2 + 1e-9)
        #expect(table.rows(0..<(half + 1)).height(width: 400) > total / 2)
        let rest = table.rows(half..<30)
        #expect(rest.rows.count == 30 - half && rest.header == table.header)
        #expect(table.rowsFitting(height: 1, width: 400) == 0)
    }

    @Test func drawReportsTheHeightItUsed() throws {
        let table = Self.table(rows: 4)
        var used = 0.0
        let image = try PNGFigure.render(width: 400, height: 200) { canvas, rect in
            used = table.draw(on: canvas, in: rect)
        }
        #expect(abs(used - table.height(width: 400)) < 1e-9)
        // Something was drawn inside the used height, nothing below it.
        let rows = 0..<image.height
        let inked = rows.filter { y in (0..<image.width).contains { image[x: $0, y: y].red < 128 } }
        #expect((inked.max() ?? 0) <= Int(used.rounded(.up)) && (inked.min() ?? 999) < 20)
    }
}
