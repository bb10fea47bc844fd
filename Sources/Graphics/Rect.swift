/// A position on a canvas: x to the right, y down, in the canvas's units (points on a PDF page, pixels in a PNG).
///
/// y grows downwards as in cairo's default user space and as rows of an `Image2D`, so a picture's row 0 is drawn at
/// the top without any flip.
public struct Point: Sendable, Equatable, Hashable {
    /// Distance from the left edge.
    public var x: Double
    /// Distance from the top edge.
    public var y: Double

    /// A point at (x, y).
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A width and a height in canvas units (points or pixels).
public struct Size: Sendable, Equatable, Hashable {
    /// Horizontal extent.
    public var width: Double
    /// Vertical extent.
    public var height: Double

    /// A size of width × height.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// ISO 216 A4 portrait in PostScript points (210 mm × 297 mm at 72 pt per inch): the report's page.
    public static let a4Portrait = Size(width: 595.28, height: 841.89)
}

/// An axis-aligned rectangle on a canvas: origin at its top-left corner, y down.
///
/// Layout code (plots, tables, report pages) passes rectangles around instead of loose numbers so that a figure can
/// be drawn into any part of a page or into a whole PNG with the same function.
public struct Rect: Sendable, Equatable, Hashable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width (≥ 0 for a meaningful rectangle).
    public var width: Double
    /// Height (≥ 0 for a meaningful rectangle).
    public var height: Double

    /// The rectangle with top-left corner (x, y) and the given size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle from the origin with the given size (a whole page or figure).
    public init(size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    /// Left edge.
    public var minX: Double { x }
    /// Right edge.
    public var maxX: Double { x + width }
    /// Top edge.
    public var minY: Double { y }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// Horizontal centre.
    public var midX: Double { x + width / 2 }
    /// Vertical centre.
    public var midY: Double { y + height / 2 }

    /// The rectangle shrunk by `dx` on the left and right and `dy` at the top and bottom (negative values grow it),
    /// for margins and padding.
    public func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }

    /// The part below the top `height` units, for stacking blocks down a page.
    public func removingTop(_ height: Double) -> Rect {
        let taken = min(max(0, height), self.height)
        return Rect(x: x, y: y + taken, width: width, height: self.height - taken)
    }

    /// Whether `point` lies inside or on the edge.
    public func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }
}
