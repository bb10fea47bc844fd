import Imaging

extension FFT {
    /// Moves the zero frequency to index (W/2, H/2) (integer division), numpy `fft.fftshift`:
    /// out[(y + H/2) mod H, (x + W/2) mod W] = in[y, x]. For odd sizes `ifftShift` undoes it.
    public static func fftShift(_ image: ComplexImage) -> ComplexImage {
        ComplexImage(
            width: image.width, height: image.height,
            values: rolled(image.values, width: image.width, height: image.height, channels: 2, forward: true))
    }

    /// Moves index (W/2, H/2) back to (0, 0), numpy `fft.ifftshift`:
    /// out[y, x] = in[(y + H/2) mod H, (x + W/2) mod W].
    public static func ifftShift(_ image: ComplexImage) -> ComplexImage {
        ComplexImage(
            width: image.width, height: image.height,
            values: rolled(image.values, width: image.width, height: image.height, channels: 2, forward: false))
    }

    /// `fftShift` of a real image (spacing and origin kept).
    public static func fftShift(_ image: Image2D) -> Image2D {
        var result = image
        result.pixels = rolled(image.pixels, width: image.width, height: image.height, channels: 1, forward: true)
        return result
    }

    /// `ifftShift` of a real image (spacing and origin kept).
    public static func ifftShift(_ image: Image2D) -> Image2D {
        var result = image
        result.pixels = rolled(image.pixels, width: image.width, height: image.height, channels: 1, forward: false)
        return result
    }

    /// Cyclically rolls a row-major array of `channels`-float samples by (W/2, H/2) (`forward`) or
    /// by −(W/2, H/2), as `numpy.roll` over both axes.
    private static func rolled(_ values: [Float], width: Int, height: Int, channels: Int, forward: Bool) -> [Float] {
        guard width > 0, height > 0 else { return values }
        let dx = forward ? width / 2 : width - width / 2
        let dy = forward ? height / 2 : height - height / 2
        var out = values
        for y in 0..<height {
            let target = (y + dy) % height
            for x in 0..<width {
                let from = (y * width + x) * channels
                let to = (target * width + (x + dx) % width) * channels
                for c in 0..<channels { out[to + c] = values[from + c] }
            }
        }
        return out
    }
}
