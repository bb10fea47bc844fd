import CCairo

extension RasterImage {
    /// A new ARGB32 image surface holding a copy of the pixels, for drawing the picture or writing it as PNG.
    func makeSurface() throws -> CairoSurface {
        let surface = try CairoSurface(format: CAIRO_FORMAT_ARGB32, width: width, height: height)
        argb.withUnsafeBytes { source in
            _ = surface.withPixels { stride, destination in
                for y in 0..<height {
                    (destination + y * stride).update(
                        from: source.baseAddress!.assumingMemoryBound(to: UInt8.self) + y * width * 4,
                        count: width * 4)
                }
            }
        }
        return surface
    }

    /// A new A8 surface whose alpha bytes are the grey levels of an opaque grey picture: cairo's PNG writer writes
    /// an A8 surface as an 8-bit greyscale PNG, a third the size of RGB and exactly the levels computed.
    func makeGraySurface() throws -> CairoSurface {
        let surface = try CairoSurface(format: CAIRO_FORMAT_A8, width: width, height: height)
        _ = surface.withPixels { stride, destination in
            for y in 0..<height {
                for x in 0..<width { destination[y * stride + x] = UInt8(argb[y * width + x] & 0xFF) }
            }
        }
        return surface
    }

    /// A copy of an image surface's pixels: ARGB32 as is, RGB24 made opaque, A8 as black with that alpha.
    init(surface: CairoSurface) throws {
        let format = cairo_image_surface_get_format(surface.pointer)
        let width = Int(cairo_image_surface_get_width(surface.pointer))
        let height = Int(cairo_image_surface_get_height(surface.pointer))
        guard width > 0, height > 0 else {
            throw GraphicsError.invalidParameter(name: "image size", value: "\(width)×\(height)", expected: "positive")
        }
        guard format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_A8 else {
            throw GraphicsError.invalidParameter(
                name: "cairo image format", value: "\(format.rawValue)", expected: "ARGB32, RGB24 or A8")
        }
        var words = [UInt32](repeating: 0, count: width * height)
        _ = surface.withPixels { stride, source in
            for y in 0..<height {
                let row = source + y * stride
                for x in 0..<width {
                    if format == CAIRO_FORMAT_A8 {
                        words[y * width + x] = UInt32(row[x]) << 24
                    } else {
                        let word = UnsafeRawPointer(row + 4 * x).loadUnaligned(as: UInt32.self)
                        words[y * width + x] = format == CAIRO_FORMAT_RGB24 ? word | 0xFF00_0000 : word
                    }
                }
            }
        }
        self.init(width: width, height: height, argb: words)
    }
}
