/// e^x for eight floats at once, for the engine's hot loops (softmax over attention scores).
///
/// Cody–Waite range reduction x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in a high part exact in
/// float and a low correction), a degree-6 Taylor/Horner polynomial for e^r, and 2ⁿ built in the
/// exponent bits. Relative error below 3e-7 (about 2.5 ulp) on [−87, 88] (checked against Double
/// `exp` in tests); inputs below −87.3 flush to 0 and inputs above 88 saturate to e^88 (softmax
/// feeds it only x ≤ 0). Every step is a plain lane-wise add, multiply or bit operation: the
/// standard library's SIMD rounding and conversion initialisers run lane by lane and made
/// softmax ten times slower.
@inline(__always)
func exponential(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = pointwiseMin(pointwiseMax(x, SIMD8(repeating: -87.3)), SIMD8(repeating: 88))
    // n = round(x·log₂e): adding 1.5·2²³ leaves the rounded integer in the low mantissa bits.
    let shifted = clamped * 1.442_695_04 + 12_582_912
    let n = shifted - 12_582_912
    let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4  // ln2 = 0.693359375 − 2.1219444e-4
    var p = SIMD8<Float>(repeating: 1.0 / 720)
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let integerN = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000  // bits of 1.5·2²³
    let scale = unsafeBitCast((integerN &+ 127) &<< 23, to: SIMD8<Float>.self)
    let keep = unsafeBitCast(x .>= -87.3, to: SIMD8<Int32>.self)  // all ones or zero per lane
    return unsafeBitCast(unsafeBitCast(p * scale, to: SIMD8<Int32>.self) & keep, to: SIMD8<Float>.self)
}

/// Scalar companion of `exponential(_:)` for loop tails, with the same formula.
@inline(__always)
func exponential(_ x: Float) -> Float {
    exponential(SIMD8(repeating: x))[0]
}
