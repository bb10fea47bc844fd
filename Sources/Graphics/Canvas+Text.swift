import CCairo
import Foundation

/// Which end of a line of text its anchor point is.
public enum TextAlignment: Sendable, Equatable {
    /// The anchor is the start of the line.
    case left
    /// The anchor is the middle of the line.
    case center
    /// The anchor is the end of the line (numbers in table columns, tick labels left of an axis).
    case right
}

extension Canvas {
    /// The face every text is set in: DejaVu Sans (Debian fonts-dejavu-core), chosen because it has the symbols the
    /// reports print (λ μ ± ≥ ≤ × ² Å) and is installed wherever the package is; cairo's toy font API finds it
    /// through fontconfig.
    public static let fontFamily = "DejaVu Sans"

    /// Distance between baselines of wrapped lines and table rows: 1.25 × the font size.
    public static func lineHeight(size: Double) -> Double { 1.25 * size }

    /// Draws one line of text whose baseline passes through `point`; `alignment` says whether `point` is the
    /// line's start, middle or end. `rotationDegrees` turns the line counter-clockwise about `point` (90 for a
    /// y-axis label reading upwards). Unicode is set as is (UTF-8 to cairo's toy text API, `cairo_show_text`), so
    /// PDF text stays searchable and copyable.
    public func text(
        _ string: String, at point: Point, size: Double = 10, bold: Bool = false, color: Color = .black,
        alignment: TextAlignment = .left, rotationDegrees: Double = 0
    ) {
        cairo_save(context)
        defer { cairo_restore(context) }
        selectFont(size: size, bold: bold)
        let width = advance(of: string)
        let offset: Double
        switch alignment {
        case .left: offset = 0
        case .center: offset = -width / 2
        case .right: offset = -width
        }
        cairo_translate(context, point.x, point.y)
        if rotationDegrees != 0 { cairo_rotate(context, -rotationDegrees * Double.pi / 180) }
        cairo_move_to(context, offset, 0)
        setSource(color)
        cairo_show_text(context, string)
    }

    /// The advance width of `string` in canvas units (the corresponding C function is `cairo_text_extents`).
    public func textWidth(_ string: String, size: Double = 10, bold: Bool = false) -> Double {
        cairo_save(context)
        defer { cairo_restore(context) }
        selectFont(size: size, bold: bold)
        return advance(of: string)
    }

    /// The font's ascent at `size`: how far below a block's top edge its first baseline goes.
    public func ascent(size: Double, bold: Bool = false) -> Double {
        cairo_save(context)
        defer { cairo_restore(context) }
        selectFont(size: size, bold: bold)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return extents.ascent
    }

    /// `string` broken into lines no wider than `width`: at explicit newlines, then greedily between words; a word
    /// wider than `width` on its own is broken between characters. Always at least one line.
    public func wrappedLines(_ string: String, width: Double, size: Double = 10, bold: Bool = false) -> [String] {
        var lines: [String] = []
        for paragraph in string.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if textWidth(candidate, size: size, bold: bold) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = ""
                for character in word {
                    if !current.isEmpty, textWidth(current + String(character), size: size, bold: bold) > width {
                        lines.append(current)
                        current = ""
                    }
                    current.append(character)
                }
            }
            lines.append(current)
        }
        return lines
    }

    /// Draws `string` wrapped to `rect`'s width (see `wrappedLines`), first baseline one ascent below the top,
    /// baselines `lineHeight(size:)` apart; returns the height used (lines × line height) so the caller can place
    /// the next block. Lines are drawn even past the bottom of `rect`; compare the result with `rect.height`.
    @discardableResult
    public func wrappedText(
        _ string: String, in rect: Rect, size: Double = 10, bold: Bool = false, color: Color = .black,
        alignment: TextAlignment = .left
    ) -> Double {
        let lines = wrappedLines(string, width: rect.width, size: size, bold: bold)
        let step = Self.lineHeight(size: size)
        let firstBaseline = rect.minY + ascent(size: size, bold: bold)
        let anchorX: Double
        switch alignment {
        case .left: anchorX = rect.minX
        case .center: anchorX = rect.midX
        case .right: anchorX = rect.maxX
        }
        for (index, line) in lines.enumerated() {
            text(
                line, at: Point(x: anchorX, y: firstBaseline + Double(index) * step), size: size, bold: bold,
                color: color, alignment: alignment)
        }
        return Double(lines.count) * step
    }

    /// Selects DejaVu Sans at `size` (the corresponding C functions are `cairo_select_font_face` and
    /// `cairo_set_font_size`); the caller saves and restores the state.
    private func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(
            context, Self.fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    /// The x advance of `string` in the current font.
    private func advance(of string: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, string, &extents)
        return extents.x_advance
    }
}
