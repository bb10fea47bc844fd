extension RasterImage {
    /// Alternating square tiles of `a` and `b` (the tile at the top-left corner comes from `a`), the usual check of
    /// a registration: edges that continue across tile borders mean the two images are aligned.
    ///
    /// The pixel at (x, y) comes from `a` when ⌊x / tile⌋ + ⌊y / tile⌋ is even, else from `b`. Throws when the
    /// sizes differ or `tile` < 1.
    public static func checkerboard(_ a: RasterImage, _ b: RasterImage, tile: Int) throws -> RasterImage {
        try requireSameSize(a, b, what: "checkerboard")
        guard tile >= 1 else {
            throw GraphicsError.invalidParameter(name: "tile", value: "\(tile)", expected: "at least 1 pixel")
        }
        var words = a.argb
        for y in 0..<a.height {
            for x in 0..<a.width where (x / tile + y / tile) % 2 == 1 {
                words[y * a.width + x] = b.argb[y * a.width + x]
            }
        }
        return RasterImage(width: a.width, height: a.height, argb: words)
    }

    /// `overlay` composited over `base` with its opacity scaled by `alpha` (cairo's OVER operator, as
    /// `cairo_paint_with_alpha` would do it): out = overlay·alpha + base·(1 − overlay.alpha·alpha) per premultiplied
    /// channel, rounded to 8 bits. Shows a λ-map or a mask over anatomy; `alpha` is clamped to 0…1.
    public static func blend(_ base: RasterImage, _ overlay: RasterImage, alpha: Double) throws -> RasterImage {
        try requireSameSize(base, overlay, what: "blend")
        guard !alpha.isNaN else {
            throw GraphicsError.invalidParameter(name: "alpha", value: "NaN", expected: "a number in 0…1")
        }
        let opacity = min(max(alpha, 0), 1)
        let words = zip(base.argb, overlay.argb).map { under, over -> UInt32 in
            let overAlpha = Double(over >> 24) / 255 * opacity
            var word: UInt32 = 0
            for shift: UInt32 in [24, 16, 8, 0] {
                let top = Double((over >> shift) & 0xFF) * opacity
                let bottom = Double((under >> shift) & 0xFF) * (1 - overAlpha)
                word |= UInt32(min(255, (top + bottom).rounded())) << shift
            }
            return word
        }
        return RasterImage(width: base.width, height: base.height, argb: words)
    }

    private static func requireSameSize(_ a: RasterImage, _ b: RasterImage, what: String) throws {
        guard a.width == b.width, a.height == b.height else {
            throw GraphicsError.sizeMismatch(what: what, expected: [a.width, a.height], actual: [b.width, b.height])
        }
    }
}
