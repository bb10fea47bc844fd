/// Where a plot's axes ended up on the canvas and how data maps into them: returned by `LinePlot.draw`, so that
/// callers can annotate the plot and tests can check that a value was drawn where it belongs.
public struct PlotFrame: Sendable, Equatable {
    /// The axes' inner rectangle (data area) in canvas units.
    public let plotArea: Rect
    /// The x values at the left and right edges of `plotArea`.
    public let xDomain: ClosedRange<Double>
    /// The y values at the bottom and top edges of `plotArea`.
    public let yDomain: ClosedRange<Double>
    /// The labelled x ticks (nice values inside `xDomain`).
    public let xTicks: [Double]
    /// The labelled y ticks (nice values inside `yDomain`).
    public let yTicks: [Double]

    /// A frame from its parts (normally made by `LinePlot.frame(in:on:)`).
    public init(
        plotArea: Rect, xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>, xTicks: [Double], yTicks: [Double]
    ) {
        self.plotArea = plotArea
        self.xDomain = xDomain
        self.yDomain = yDomain
        self.xTicks = xTicks
        self.yTicks = yTicks
    }

    /// The canvas position of data point (x, y): linear in both axes, y up (larger values higher on the page).
    public func point(x: Double, y: Double) -> Point {
        Point(x: canvasX(x), y: canvasY(y))
    }

    /// The canvas x of data value `x`.
    public func canvasX(_ x: Double) -> Double {
        let span = xDomain.upperBound - xDomain.lowerBound
        return plotArea.minX + (span > 0 ? (x - xDomain.lowerBound) / span : 0.5) * plotArea.width
    }

    /// The canvas y of data value `y`.
    public func canvasY(_ y: Double) -> Double {
        let span = yDomain.upperBound - yDomain.lowerBound
        return plotArea.maxY - (span > 0 ? (y - yDomain.lowerBound) / span : 0.5) * plotArea.height
    }
}
