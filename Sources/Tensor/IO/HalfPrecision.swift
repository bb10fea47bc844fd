// Exact conversions from the 16-bit float formats found in safetensors files (IEEE 754 half,
// "F16", and bfloat16, "BF16") to Float32.
//
// Both are done with integer bit manipulation rather than the `Float16` type, which is not
// available on every platform this package builds for (it is missing on x86_64 macOS). Every
// half and every bfloat16 value is exactly representable as a Float32, so these conversions
// never round.

/// Converts the bit pattern of an IEEE 754 binary16 ("half", safetensors `F16`) value to the
/// Float32 with exactly the same value.
///
/// Zeros keep their sign, subnormals become normal Float32s, infinities stay infinite, and NaNs
/// stay NaN with their sign and payload (the 10-bit payload moves to the top of the 23-bit one,
/// so a quiet NaN stays quiet).
@inline(__always)
func floatFromHalfBits(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = UInt32(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x03FF)
    switch exponent {
    case 0:
        // Zero or subnormal: the value is mantissa × 2^-24. `mantissa` (< 2^10) converts to Float
        // exactly and scaling by a power of two is exact, so this is exact; the sign is OR-ed in
        // afterwards so that -0 stays -0.
        let magnitude = Float(mantissa) * 0x1p-24
        return Float(bitPattern: magnitude.bitPattern | sign)
    case 0x1F:
        // Infinity (mantissa 0) or NaN: all-ones Float32 exponent, payload shifted into place.
        return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    default:
        // Normal: rebias the exponent (half bias 15, float bias 127) and widen the mantissa.
        return Float(bitPattern: sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13))
    }
}

/// Converts the bit pattern of a bfloat16 (safetensors `BF16`) value to the Float32 with exactly
/// the same value.
///
/// bfloat16 is by definition the upper 16 bits of a Float32 (same sign, exponent and bias, with a
/// 7-bit mantissa), so the conversion appends 16 zero bits; zeros, subnormals, infinities and NaNs
/// need no special cases.
@inline(__always)
func floatFromBFloat16Bits(_ bits: UInt16) -> Float {
    Float(bitPattern: UInt32(bits) << 16)
}
