/// A colour as straight (not premultiplied) sRGB red, green, blue and alpha, each 0…1.
///
/// Doubles because that is what cairo's `cairo_set_source_rgba` takes; `RasterImage` converts to 8-bit only
/// when it stores pixels, so colours computed by colormaps lose no precision before that.
public struct Color: Sendable, Equatable, Hashable {
    /// Red, 0…1.
    public var red: Double
    /// Green, 0…1.
    public var green: Double
    /// Blue, 0…1.
    public var blue: Double
    /// Opacity, 0 (transparent)…1 (opaque).
    public var alpha: Double

    /// A colour from components in 0…1 (values outside are clamped when drawn or stored).
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 24-bit `0xRRGGBB` literal, so published palettes can be copied digit for digit.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// A grey of the given lightness (0 black, 1 white).
    public init(gray: Double, alpha: Double = 1) {
        self.init(red: gray, green: gray, blue: gray, alpha: alpha)
    }

    /// The same colour with another opacity (for translucent fills such as legend backgrounds).
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Component-wise linear interpolation from `self` (t = 0) to `other` (t = 1) in sRGB, as colormaps do.
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(
            red: red + (other.red - red) * t, green: green + (other.green - green) * t,
            blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// Opaque black: text, axes.
    public static let black = Color(gray: 0)
    /// Opaque white: page and figure backgrounds.
    public static let white = Color(gray: 1)
    /// Mid grey: grid lines and secondary text.
    public static let gray = Color(gray: 0.5)
    /// Light grey: table header fill and plot grid.
    public static let lightGray = Color(gray: 0.9)
    /// Fully transparent: an empty pixel.
    public static let clear = Color(gray: 0, alpha: 0)
    /// Okabe–Ito vermillion: warnings and failed checks.
    public static let red = Color(hex: 0xD55E00)
    /// Okabe–Ito bluish green: passed checks.
    public static let green = Color(hex: 0x009E73)
    /// Okabe–Ito blue.
    public static let blue = Color(hex: 0x0072B2)

    /// The Okabe–Ito colour-blind-safe qualitative palette (Okabe & Ito, "Color Universal Design", 2008) without its
    /// yellow, which is unreadable as a line on white.
    static let palette: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0xCC79A7),
        Color(hex: 0xE69F00), Color(hex: 0x56B4E9), Color(hex: 0x000000),
    ]

    /// The colour of plot series `index` (0, 1, …), repeating after seven, so that lines are told apart by colour
    /// also by readers with the common colour-vision deficiencies.
    public static func series(_ index: Int) -> Color {
        let count = palette.count
        return palette[((index % count) + count) % count]
    }
}
