/// A line plot for reports (training curves, metric per slice, SSIM against views): a title, labelled axes with
/// nice ticks, one or more series with a legend.
///
/// A value type describing the plot; `draw(on:in:)` lays it out for the rectangle it is given, so the same plot can
/// go into a PDF page and into a PNG. Axes without an explicit range are fitted to the data and widened to nice
/// tick values (`PlotTicks.niceDomain`).
public struct LinePlot: Sendable {
    /// How a data point is marked (besides the line through it).
    public enum Marker: Sendable, Equatable {
        /// A filled disc.
        case circle
        /// A filled square.
        case square
    }

    /// Where the legend box goes, inside the axes.
    public enum LegendPlacement: Sendable, Equatable {
        /// No legend.
        case none
        /// Upper right corner (the default).
        case topRight
        /// Upper left corner.
        case topLeft
        /// Lower right corner.
        case bottomRight
        /// Lower left corner.
        case bottomLeft
        /// The corner where the box covers the least of the lines (as matplotlib's "best"): for plots whose
        /// data may fall in any corner.
        case best
    }

    /// One line: its name in the legend, its points in data units (non-finite points break the line), colour,
    /// optional marker and line width.
    public struct Series: Sendable {
        /// The legend entry (an empty name is left out of the legend).
        public var name: String
        /// (x, y) in data units, drawn in the given order.
        public var points: [Point]
        /// Line and marker colour.
        public var color: Color
        /// Marker at each point, or none.
        public var marker: Marker?
        /// Line width in canvas units (0 draws markers only).
        public var lineWidth: Double

        /// A series from its points.
        public init(name: String, points: [Point], color: Color, marker: Marker? = nil, lineWidth: Double = 1.5) {
            self.name = name
            self.points = points
            self.color = color
            self.marker = marker
            self.lineWidth = lineWidth
        }

        /// A series from parallel x and y arrays (the shorter one decides the count).
        public init(
            name: String, x: [Double], y: [Double], color: Color, marker: Marker? = nil, lineWidth: Double = 1.5
        ) {
            self.init(
                name: name, points: zip(x, y).map { Point(x: $0, y: $1) }, color: color, marker: marker,
                lineWidth: lineWidth)
        }
    }

    /// Bold line above the axes (empty for none).
    public var title: String
    /// Label under the x axis.
    public var xLabel: String
    /// Label left of the y axis, reading upwards.
    public var yLabel: String
    /// The lines, drawn in order (later ones on top).
    public var series: [Series]
    /// Fixed x range, or nil to fit the data.
    public var xRange: ClosedRange<Double>?
    /// Fixed y range (e.g. 0…1 for SSIM), or nil to fit the data.
    public var yRange: ClosedRange<Double>?
    /// Font size of tick labels, axis labels and legend (the title is 15 % larger).
    public var fontSize: Double
    /// Where the legend goes.
    public var legend: LegendPlacement
    /// A categorical x axis: when set, the ticks sit at x = 0, 1, …, count − 1 and carry these names, and the x
    /// range is −0.5…count − 0.5 (`xRange` is ignored). For settings that are not numbers (e.g. "64c+1/4m").
    public var xCategories: [String]?

    /// A plot; everything but the series has a default.
    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", series: [Series] = [],
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, fontSize: Double = 9,
        legend: LegendPlacement = .topRight, xCategories: [String]? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.fontSize = fontSize
        self.legend = legend
        self.xCategories = xCategories
    }

    /// Where the axes go in `rect` and how data maps into them, measuring tick labels with `canvas`.
    public func frame(in rect: Rect, on canvas: Canvas) -> PlotFrame {
        let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let categoryCount = Double(xCategories?.count ?? 0)
        let xDomain =
            xCategories == nil ? xRange ?? PlotTicks.niceDomain(Self.extent(finite.map(\.x))) : -0.5...(categoryCount - 0.5)
        let yDomain = yRange ?? PlotTicks.niceDomain(Self.extent(finite.map(\.y)))
        let xTicks = xCategories == nil ? PlotTicks.values(in: xDomain) : (0..<(xCategories?.count ?? 0)).map(Double.init)
        let yTicks = PlotTicks.values(in: yDomain)
        let f = fontSize
        let yStep = PlotTicks.step(span: yDomain.upperBound - yDomain.lowerBound)
        let xStep = PlotTicks.step(span: xDomain.upperBound - xDomain.lowerBound)
        let yLabelWidth = yTicks.map { canvas.textWidth(PlotTicks.label($0, step: yStep), size: f) }.max() ?? 0
        let lastXLabel = xTicks.last.map { canvas.textWidth(xTickLabel($0, step: xStep), size: f) } ?? 0
        let left = rect.minX + (yLabel.isEmpty ? 0 : f * 1.6) + yLabelWidth + f * 0.8
        let right = rect.maxX - max(f, lastXLabel / 2 + f * 0.2)
        let top = rect.minY + (title.isEmpty ? f * 0.8 : f * 2.4)
        let bottom = rect.maxY - f * 1.8 - (xLabel.isEmpty ? 0 : f * 1.4)
        let area = Rect(x: left, y: top, width: max(1, right - left), height: max(1, bottom - top))
        return PlotFrame(plotArea: area, xDomain: xDomain, yDomain: yDomain, xTicks: xTicks, yTicks: yTicks)
    }

    /// Draws the plot into `rect` and returns its frame.
    @discardableResult
    public func draw(on canvas: Canvas, in rect: Rect) -> PlotFrame {
        let frame = frame(in: rect, on: canvas)
        let area = frame.plotArea
        let f = fontSize
        if !title.isEmpty {
            canvas.text(
                title, at: Point(x: area.midX, y: rect.minY + f * 1.3), size: f * 1.15, bold: true, alignment: .center)
        }
        drawAxes(frame, on: canvas)
        if !xLabel.isEmpty {
            canvas.text(xLabel, at: Point(x: area.midX, y: rect.maxY - f * 0.3), size: f, alignment: .center)
        }
        if !yLabel.isEmpty {
            canvas.text(
                yLabel, at: Point(x: rect.minX + f, y: area.midY), size: f, alignment: .center, rotationDegrees: 90)
        }
        canvas.clipped(to: area) {
            for line in series { drawSeries(line, frame: frame, on: canvas) }
        }
        drawLegend(frame, on: canvas)
        return frame
    }

    /// Grid, frame, tick marks and tick labels.
    private func drawAxes(_ frame: PlotFrame, on canvas: Canvas) {
        let area = frame.plotArea
        let f = fontSize
        let xStep = PlotTicks.step(span: frame.xDomain.upperBound - frame.xDomain.lowerBound)
        let yStep = PlotTicks.step(span: frame.yDomain.upperBound - frame.yDomain.lowerBound)
        for value in frame.xTicks {
            let x = frame.canvasX(value)
            canvas.line(from: Point(x: x, y: area.minY), to: Point(x: x, y: area.maxY), color: .lightGray, width: 0.5)
            canvas.line(from: Point(x: x, y: area.maxY), to: Point(x: x, y: area.maxY + f * 0.3), width: 0.6)
            canvas.text(xTickLabel(value, step: xStep), at: Point(x: x, y: area.maxY + f * 1.3), size: f, alignment: .center)
        }
        for value in frame.yTicks {
            let y = frame.canvasY(value)
            canvas.line(from: Point(x: area.minX, y: y), to: Point(x: area.maxX, y: y), color: .lightGray, width: 0.5)
            canvas.line(from: Point(x: area.minX - f * 0.3, y: y), to: Point(x: area.minX, y: y), width: 0.6)
            canvas.text(
                PlotTicks.label(value, step: yStep), at: Point(x: area.minX - f * 0.5, y: y + f * 0.35), size: f,
                alignment: .right)
        }
        canvas.strokeRect(area, color: .black, width: 0.8)
    }

    /// The label of the x tick at `value`: its category name, or the number.
    private func xTickLabel(_ value: Double, step: Double) -> String {
        guard let xCategories else { return PlotTicks.label(value, step: step) }
        let index = Int(value.rounded())
        return xCategories.indices.contains(index) ? xCategories[index] : ""
    }

    /// One series: its line (broken at non-finite points) and markers.
    private func drawSeries(_ line: Series, frame: PlotFrame, on canvas: Canvas) {
        var run: [Point] = []
        func flush() {
            if run.count > 1, line.lineWidth > 0 { canvas.polyline(run, color: line.color, width: line.lineWidth) }
            run.removeAll()
        }
        for point in line.points {
            guard point.x.isFinite, point.y.isFinite else {
                flush()
                continue
            }
            run.append(frame.point(x: point.x, y: point.y))
        }
        flush()
        guard let marker = line.marker else { return }
        for point in line.points where point.x.isFinite && point.y.isFinite {
            drawMarker(marker, at: frame.point(x: point.x, y: point.y), color: line.color, on: canvas)
        }
    }

    private func drawMarker(_ marker: Marker, at point: Point, color: Color, on canvas: Canvas) {
        let radius = max(2, fontSize * 0.3)
        switch marker {
        case .circle:
            canvas.fillCircle(center: point, radius: radius, color: color)
        case .square:
            canvas.fillRect(
                Rect(x: point.x - radius, y: point.y - radius, width: 2 * radius, height: 2 * radius), color: color)
        }
    }

    /// The legend box: a line sample (and marker) per named series, on a translucent white background.
    private func drawLegend(_ frame: PlotFrame, on canvas: Canvas) {
        guard let box = legendBox(frame, on: canvas) else { return }
        let f = fontSize
        let step = Canvas.lineHeight(size: f)
        let sample = legendSampleWidth
        canvas.fillRect(box, color: Color.white.withAlpha(0.85))
        canvas.strokeRect(box, color: .gray, width: 0.5)
        for (index, line) in series.filter({ !$0.name.isEmpty }).enumerated() {
            let middle = box.minY + f * 0.3 + (Double(index) + 0.5) * step
            let start = Point(x: box.minX + f * 0.5, y: middle)
            let end = Point(x: start.x + sample, y: middle)
            canvas.line(from: start, to: end, color: line.color, width: max(1, line.lineWidth))
            if let marker = line.marker {
                drawMarker(marker, at: Point(x: (start.x + end.x) / 2, y: middle), color: line.color, on: canvas)
            }
            canvas.text(line.name, at: Point(x: end.x + f * 0.5, y: middle + f * 0.35), size: f)
        }
    }

    /// Where the legend box goes in `frame`'s axes (nil for no legend or no named series); `.best` resolved.
    public func legendBox(_ frame: PlotFrame, on canvas: Canvas) -> Rect? {
        let named = series.filter { !$0.name.isEmpty }
        guard legend != .none, !named.isEmpty else { return nil }
        let f = fontSize
        // Margin, line sample, gap, name, margin.
        let width = (named.map { canvas.textWidth($0.name, size: f) }.max() ?? 0) + legendSampleWidth + f * 1.5
        let height = Double(named.count) * Canvas.lineHeight(size: f) + f * 0.6
        let area = frame.plotArea
        let inset = f * 0.5
        func box(_ corner: LegendPlacement) -> Rect {
            let left = corner == .topLeft || corner == .bottomLeft
            let top = corner == .topLeft || corner == .topRight
            return Rect(
                x: left ? area.minX + inset : area.maxX - inset - width,
                y: top ? area.minY + inset : area.maxY - inset - height, width: width, height: height)
        }
        guard legend == .best else { return box(legend) }
        let covered = linePoints(frame)
        let corners: [LegendPlacement] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
        let counts = corners.map { corner in covered.filter(box(corner).contains).count }
        return box(corners[counts.firstIndex(of: counts.min()!)!])
    }

    /// Length of the line sample before each legend entry's name.
    private var legendSampleWidth: Double { fontSize * 2 }

    /// Points along every drawn line in canvas units: each segment sampled at 16 steps, markers included.
    private func linePoints(_ frame: PlotFrame) -> [Point] {
        series.flatMap { line in
            let points = line.points.map { $0.x.isFinite && $0.y.isFinite ? frame.point(x: $0.x, y: $0.y) : nil }
            var samples = points.compactMap { $0 }
            for (a, b) in zip(points, points.dropFirst()) {
                guard let a, let b else { continue }
                samples += (1..<16).map { Point(x: a.x + (b.x - a.x) * Double($0) / 16, y: a.y + (b.y - a.y) * Double($0) / 16) }
            }
            return samples
        }
    }

    /// min…max of `values`, or 0…1 when there are none.
    private static func extent(_ values: [Double]) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return 0...1 }
        return low...high
    }
}
