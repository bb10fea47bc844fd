import Foundation
import Testing

@testable import Imaging

@Suite struct ModelGridTests {
    /// A smooth image on an anisotropic, offset grid: f = sin(x/7)·cos(y/9) + 0.5 in mm.
    static func smooth(width: Int = 48, height: Int = 40, spacing: SIMD2<Double> = SIMD2(1, 1.2)) -> Image2D {
        let origin = SIMD2(-30.0, 12.0)
        let pixels = (0..<width * height).map { p -> Float in
            let x = origin.x + Double(p % width) * spacing.x
            let y = origin.y + Double(p / width) * spacing.y
            return Float(sin(x / 7) * cos(y / 9) + 0.5)
        }
        return Image2D(width: width, height: height, pixels: pixels, spacingMM: spacing, originMM: origin)
    }

    static func rms(_ a: [Float], _ b: [Float]) -> Double {
        (zip(a, b).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +) / Double(a.count)).squareRoot()
    }

    @Test func modelGridIsASquareFieldOfViewAroundTheCentre() throws {
        let image = Self.smooth()
        let mapping = try ModelGrid(for: image, modelSize: 128)
        #expect(mapping.fieldOfViewMM == 48, "the larger extent: 48×1 mm vs 40×1.2 mm")
        #expect(mapping.model.width == 128 && mapping.model.height == 128)
        #expect(mapping.model.spacingMM == SIMD2(repeating: 48.0 / 128))
        let offset = mapping.model.centerMM - image.grid.centerMM
        #expect(abs(offset.x) < 1e-12 && abs(offset.y) < 1e-12)
        #expect(try ModelGrid(for: image, modelSize: 64, fieldOfViewMM: 30).model.spacingMM.x == 30.0 / 64)
    }

    @Test(arguments: [Interpolation.linear, .cubicBSpline])
    func forwardThenInverseRoundTripsASmoothImage(interpolation: Interpolation) throws {
        let image = Self.smooth()
        let mapping = try ModelGrid(for: image, modelSize: 128, interpolation: interpolation)
        let model = try mapping.forward(image)
        #expect(model.width == 128 && model.height == 128)
        let back = try mapping.inverse(model)
        #expect(back.grid == image.grid)
        let error = Self.rms(back.pixels, image.pixels)
        let interior = { (i: Image2D) in
            (0..<i.pixels.count).filter { p in
                (3..<i.width - 3).contains(p % i.width) && (3..<i.height - 3).contains(p / i.width)
            }.map { i.pixels[$0] }
        }
        let interiorError = Self.rms(interior(back), interior(image))
        // Linear smooths by O(h²f''); the cubic spline is near exact but for the mirror-extended border.
        #expect(error < 2e-3, "RMS \(error)")
        #expect(interiorError < (interpolation == .linear ? 2e-3 : 1e-5), "interior RMS \(interiorError)")
    }

    @Test func paddingFillsOutsideTheSlice() throws {
        // 40 rows × 1.2 mm = 48 mm tall; a 60 mm FOV pads 6 mm above and below.
        let image = Self.smooth()
        let mapping = try ModelGrid(for: image, modelSize: 60, fieldOfViewMM: 60, padValue: -1)
        let model = try mapping.forward(image)
        #expect(model[x: 30, y: 0] == -1 && model[x: 0, y: 30] == -1)
        #expect(model[x: 30, y: 30] != -1)
    }

    @Test func croppingLosesOnlyWhatIsOutsideTheFieldOfView() throws {
        let image = Self.smooth()
        let mapping = try ModelGrid(
            for: image, modelSize: 96, fieldOfViewMM: 24, interpolation: .cubicBSpline, padValue: -5)
        let back = try mapping.inverse(try mapping.forward(image))
        #expect(back[x: 0, y: 0] == -5)
        let centre = (y: 20, x: 24)
        #expect(abs(back[x: centre.x, y: centre.y] - image[x: centre.x, y: centre.y]) < 1e-3)
    }

    @Test func downsamplingIsAntiAliased() throws {
        // Stripes of period 4.2 px sit above the 4× coarser grid's Nyquist rate (period 8 px): sampled
        // directly they alias into a slow full-contrast wave; low-passed first they all but vanish.
        let wave: [Float] = (0..<128 * 128).map { (p: Int) -> Float in
            Float(0.5 + 0.5 * sin(2 * Double.pi * Double(p % 128) / 4.2))
        }
        let stripes = Image2D(width: 128, height: 128, pixels: wave)
        let smoothed = try ModelGrid(for: stripes, modelSize: 32).forward(stripes)
        let aliased = try ModelGrid(for: stripes, modelSize: 32, antiAliasing: false).forward(stripes)
        let spread = { (image: Image2D) in Double((image.pixels.max() ?? 0) - (image.pixels.min() ?? 0)) }
        #expect(spread(smoothed) < 0.2, "\(spread(smoothed))")
        #expect(spread(aliased) > 0.5, "\(spread(aliased))")
    }

    @Test func rejectsForeignImagesAndSizes() throws {
        let image = Self.smooth()
        let mapping = try ModelGrid(for: image, modelSize: 32)
        var moved = image
        moved.originMM.x += 1
        #expect(throws: ImagingError.self) { try mapping.forward(moved) }
        #expect(throws: ImagingError.self) { try mapping.inverse(Image2D(width: 31, height: 32, repeating: 0)) }
        #expect(throws: ImagingError.self) { try ModelGrid(for: image, modelSize: 0) }
        #expect(throws: ImagingError.self) { try ModelGrid(for: image, modelSize: 8, fieldOfViewMM: -1) }
    }

    @Test func mappingIsCodable() throws {
        let mapping = try ModelGrid(for: Self.smooth(), modelSize: 128, interpolation: .cubicBSpline)
        let decoded = try JSONDecoder().decode(ModelGrid.self, from: JSONEncoder().encode(mapping))
        #expect(decoded == mapping)
    }
}
