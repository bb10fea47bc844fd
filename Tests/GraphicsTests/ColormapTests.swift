import Graphics
import Testing

@Suite struct ColormapTests {
    /// Viridis at 0, ½ and 1 against the published hex values (matplotlib's table entries 0, 128, 255), within
    /// 2/255 per channel.
    @Test(arguments: [(0.0, 0x440154 as UInt32), (0.5, 0x21918C), (1.0, 0xFDE725)])
    func viridisMatchesThePublishedValues(t: Double, hex: UInt32) {
        let color = Colormap.viridis.color(at: t)
        let expected = Color(hex: hex)
        #expect(abs(color.red - expected.red) <= 2.0 / 255, "red at \(t)")
        #expect(abs(color.green - expected.green) <= 2.0 / 255, "green at \(t)")
        #expect(abs(color.blue - expected.blue) <= 2.0 / 255, "blue at \(t)")
    }

    @Test func grayAndDivergingEndsAndMiddle() {
        #expect(Colormap.gray.color(at: 0) == .black)
        #expect(Colormap.gray.color(at: 1) == .white)
        #expect(abs(Colormap.gray.color(at: 0.25).green - 0.25) < 1e-12)
        let diverging = Colormap.diverging
        #expect(diverging.color(at: 0.5) == Color(hex: 0xF7F7F7))  // white-ish at zero difference
        #expect(diverging.color(at: 0).blue > diverging.color(at: 0).red)  // negative is blue
        #expect(diverging.color(at: 1).red > diverging.color(at: 1).blue)  // positive is red
    }

    @Test func outOfRangeAndNaNClamp() {
        #expect(Colormap.viridis.color(at: -3) == Colormap.viridis.color(at: 0))
        #expect(Colormap.viridis.color(at: 7) == Colormap.viridis.color(at: 1))
        #expect(Colormap.viridis.color(at: .nan) == Colormap.viridis.color(at: 0))
    }

    @Test func seriesColoursCycleAndDiffer() {
        let first = (0..<7).map(Color.series)
        #expect(Set(first).count == 7)
        #expect(Color.series(7) == Color.series(0))
    }
}
