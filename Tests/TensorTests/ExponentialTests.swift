import Foundation
import Testing

@testable import Tensor

@Suite struct ExponentialTests {
    /// The SIMD exponential against Double `exp` over its whole working range.
    @Test func relativeErrorIsBelowThreeTimesTenToTheMinusSeven() {
        var worst = 0.0
        var x: Float = -87
        while x < 87.9 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0013 })
            let y = exponential(lanes)
            for lane in 0..<8 {
                let exact = Foundation.exp(Double(lanes[lane]))
                worst = max(worst, Swift.abs(Double(y[lane]) - exact) / exact)
            }
            x += 0.0173
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
    }

    @Test func underflowsToZeroAndNeverOverflows() {
        let y = exponential(SIMD8<Float>(-1000, -88, -87.4, 0, 1, 88, 100, .infinity))
        #expect(y[0] == 0 && y[1] == 0 && y[2] == 0)
        #expect(y[3] == 1)
        #expect(Swift.abs(y[4] - Float(M_E)) < 1e-6)
        #expect(y[5].isFinite && y[6].isFinite && y[7].isFinite)
    }
}
