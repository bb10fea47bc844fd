import Foundation
import Graphics
import Testing

@Suite struct LinePlotTests {
    static let xs: [Double] = [0, 1, 2, 3, 4]
    static let ys: [Double] = [0.83, 0.88, 0.97, 0.91, 0.86]

    /// Each data point's marker lies where the frame says: within ±2 px of `frame.point(x:y:)` some pixel has
    /// the series colour.
    @Test func pointsAreDrawnWhereTheFrameSays() throws {
        let color = Color.series(1)
        let plot = LinePlot(
            title: "SSIM per slice", xLabel: "slice", yLabel: "SSIM",
            series: [.init(name: "sparse-view", x: Self.xs, y: Self.ys, color: color, marker: .circle)],
            legend: .none)
        var drawn: PlotFrame?
        let image = try PNGFigure.render(width: 480, height: 320) { canvas, rect in
            drawn = plot.draw(on: canvas, in: rect)
        }
        let frame = try #require(drawn)
        #expect(frame.yDomain == 0.82...0.98)
        for (x, y) in zip(Self.xs, Self.ys) {
            let point = frame.point(x: x, y: y)
            #expect(frame.plotArea.contains(point))
            let nearby = (-2...2).flatMap { dy in
                (-2...2).map { dx in image[x: Int(point.x.rounded()) + dx, y: Int(point.y.rounded()) + dy] }
            }
            #expect(
                nearby.contains { matches($0, color, tolerance: 2) }, "no series colour near (\(x), \(y)) at \(point)")
        }
        // Far from the line (top left of the axes) there is no series colour.
        let away = frame.point(x: 0.2, y: 0.97)
        #expect(!matches(image[x: Int(away.x), y: Int(away.y)], color, tolerance: 60))
        // The frame maps the domain's corners onto the plot area's corners, y up.
        let corner = frame.point(x: frame.xDomain.lowerBound, y: frame.yDomain.upperBound)
        #expect(abs(corner.x - frame.plotArea.minX) < 1e-9 && abs(corner.y - frame.plotArea.minY) < 1e-9)
    }

    /// `.best` puts the legend in a corner the lines leave free: here a line low on the left and one rising
    /// up the right side leave only the upper left, and the bottom-left box would cover the first line.
    @Test func theBestLegendCornerCoversNoLine() throws {
        let plot = LinePlot(
            series: [
                .init(name: "low", x: [0, 1, 2, 3], y: [0, 0.05, 0.1, 0.05], color: .series(0), marker: .circle),
                .init(name: "right", x: [4.7, 4.7], y: [0, 1], color: .series(1)),
            ], xRange: 0...5, yRange: 0...1, legend: .best)
        var best: Rect?
        var bottomLeft: Rect?
        var area: Rect?
        _ = try PNGFigure.render(width: 400, height: 300) { canvas, rect in
            let frame = plot.draw(on: canvas, in: rect)
            area = frame.plotArea
            best = plot.legendBox(frame, on: canvas)
            var fixed = plot
            fixed.legend = .bottomLeft
            bottomLeft = fixed.legendBox(frame, on: canvas)
        }
        let box = try #require(best)
        let plotArea = try #require(area)
        #expect(box.minX < plotArea.midX && box.maxY < plotArea.midY, "legend at \(box) in \(plotArea)")
        #expect(try #require(bottomLeft).maxY > plotArea.midY)
    }

    /// A fixed y range is kept as given, with ticks inside it.
    @Test func fixedRangesAreKept() throws {
        let plot = LinePlot(series: [.init(name: "", x: Self.xs, y: Self.ys, color: .black)], yRange: 0...1)
        var drawn: PlotFrame?
        _ = try PNGFigure.render(width: 200, height: 150) { canvas, rect in drawn = plot.draw(on: canvas, in: rect) }
        let frame = try #require(drawn)
        #expect(frame.yDomain == 0...1)
        #expect(frame.yTicks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }
}

@Suite struct PlotTicksTests {
    /// A tick is nice when it is an integer multiple of a step whose mantissa is 1, 2 or 5.
    static func isNice(_ ticks: [Double]) -> Bool {
        guard ticks.count >= 2 else { return false }
        let step = ticks[1] - ticks[0]
        let mantissa = step / pow(10, log10(step).rounded(.down))
        let niceStep = [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }
        return niceStep && ticks.allSatisfy { abs($0 / step - ($0 / step).rounded()) < 1e-6 }
    }

    @Test func ticksForAnSSIMRangeAreNice() {
        let ticks = PlotTicks.values(in: 0.83...0.97)
        #expect(ticks == [0.84, 0.86, 0.88, 0.9, 0.92, 0.94, 0.96])
        #expect(Self.isNice(ticks))
        #expect(PlotTicks.niceDomain(0.83...0.97) == 0.82...0.98)
        #expect(ticks.map { PlotTicks.label($0, step: 0.02) }.first == "0.84")
    }

    @Test(arguments: [0.0...1.0, 0.83...0.97, -3.2...7.9, 0...137, 1e-4...9e-4, 12_000...98_000])
    func ticksAreNiceForManyRanges(range: ClosedRange<Double>) {
        let ticks = PlotTicks.values(in: range)
        #expect(Self.isNice(ticks), "\(ticks)")
        #expect((3...11).contains(ticks.count), "\(ticks)")
        #expect(ticks.allSatisfy { range.contains($0) })
    }

    @Test func labelsNeverShowMinusZero() {
        #expect(PlotTicks.label(-1e-17, step: 0.1) == "0.0")
        #expect(PlotTicks.label(15, step: 5) == "15")
        #expect(PlotTicks.label(0.5, step: 0.1) == "0.5")
    }
}
