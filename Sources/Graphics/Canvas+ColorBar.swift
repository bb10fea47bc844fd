extension Canvas {
    /// A colour bar: the key that turns a false-colour picture back into numbers.
    ///
    /// The gradient fills `rect` (256 steps of `colormap`). A rectangle taller than wide gives a vertical bar,
    /// `range.upperBound` at the top, nice tick labels (`PlotTicks`) to its right and `label` centred above it; a
    /// wider one gives a horizontal bar, low values on the left, ticks and then `label` below it. Leave about
    /// 4 × `size` beside (or 3 × `size` below) the rectangle for the labels.
    public func colorBar(
        range: ClosedRange<Double>, colormap: Colormap, in rect: Rect, label: String? = nil, size: Double = 8
    ) {
        let vertical = rect.height >= rect.width
        let levels = (0..<256).map { Float($0) / 255 }
        let gradient =
            vertical
            ? RasterImage(pixels: levels.reversed(), width: 1, height: 256, range: 0...1, colormap: colormap)
            : RasterImage(pixels: levels, width: 256, height: 1, range: 0...1, colormap: colormap)
        paint(gradient, filling: rect)
        strokeRect(rect, color: .black, width: 0.5)

        let span = range.upperBound - range.lowerBound
        let ticks = PlotTicks.values(in: range, count: 4)
        let step = PlotTicks.step(span: span, count: 4)
        let tick = size * 0.4
        for value in ticks {
            let t = span > 0 ? (value - range.lowerBound) / span : 0.5
            let text = PlotTicks.label(value, step: step)
            if vertical {
                let y = rect.maxY - t * rect.height
                line(from: Point(x: rect.maxX, y: y), to: Point(x: rect.maxX + tick, y: y), width: 0.5)
                self.text(text, at: Point(x: rect.maxX + tick * 2, y: y + size * 0.35), size: size)
            } else {
                let x = rect.minX + t * rect.width
                line(from: Point(x: x, y: rect.maxY), to: Point(x: x, y: rect.maxY + tick), width: 0.5)
                self.text(text, at: Point(x: x, y: rect.maxY + tick + size), size: size, alignment: .center)
            }
        }
        guard let label, !label.isEmpty else { return }
        if vertical {
            self.text(label, at: Point(x: rect.midX, y: rect.minY - size * 0.6), size: size, alignment: .center)
        } else {
            self.text(
                label, at: Point(x: rect.midX, y: rect.maxY + tick + size * 2.4), size: size, alignment: .center)
        }
    }
}
