import Foundation

/// How 16-bit stored pixel values map to the volume's values: value = slope · stored + intercept.
///
/// - CT (`hounsfield`): signed 16-bit, slope 1, intercept 0, written as Rescale Slope/Intercept with
///   Rescale Type HU. HU are stored as round(HU), so they read back within 0.5 HU (slope/2); values
///   outside −32768…32767 HU are clipped (and counted). Intercept 0 rather than −1024 keeps stored
///   values equal to HU, which every reader and TPS handles; nothing a CT shows needs more range.
/// - MR (`unsigned(spanning:)`): unsigned 16-bit spanning the volume's range, written in the Real World
///   Value Mapping Sequence (MR has arbitrary units, and the MR Image IOD has no Modality LUT, so Rescale
///   would be misread as one, vtk-dicom #200, `clinical-conventions.md` §6). The full 16 bits keep the
///   quantisation step at range/65535.
public struct StoredValueMap: Sendable, Equatable {
    /// Real-world value per stored unit.
    public let slope: Double
    /// Real-world value of stored 0.
    public let intercept: Double
    /// Pixel Representation 1 (int16) or 0 (uint16).
    public let isSigned: Bool

    /// A map from its parts; slope must be finite and > 0.
    init(slope: Double, intercept: Double, isSigned: Bool) {
        precondition(slope.isFinite && slope > 0 && intercept.isFinite, "StoredValueMap: invalid slope or intercept")
        self.slope = slope
        self.intercept = intercept
        self.isSigned = isSigned
    }

    /// Hounsfield units stored as int16: HU = 1 · stored + 0.
    public static let hounsfield = StoredValueMap(slope: 1, intercept: 0, isSigned: true)

    /// An unsigned map whose stored 0…65535 covers [min(0, minimum), maximum]: intercept is that lower end
    /// rounded down and slope (maximum − intercept)/65535 rounded up, both to 6 significant digits, so
    /// that both print exactly as short decimals and no value is clipped. A constant volume gets slope 1.
    public static func unsigned(spanning minimum: Float, _ maximum: Float) -> StoredValueMap {
        let low = rounded(Double(min(0, minimum)), digits: 6, up: false)
        let span = Double(maximum) - low
        let slope = span > 0 ? rounded(span / 65535, digits: 6, up: true) : 1
        return StoredValueMap(slope: slope, intercept: low, isSigned: false)
    }

    /// The stored range: −32768…32767 or 0…65535.
    public var storedRange: ClosedRange<Int> { isSigned ? -32768...32767 : 0...65535 }

    /// The largest read-back error of a value inside the range: half a stored step.
    public var quantisationError: Double { slope / 2 }

    /// round((value − intercept)/slope), clipped to `storedRange`; `clipped` tells whether it was.
    @inlinable
    public func stored(_ value: Float) -> (value: Int, clipped: Bool) {
        let exact = ((Double(value) - intercept) / slope).rounded()
        if exact < Double(storedRange.lowerBound) { return (storedRange.lowerBound, true) }
        if exact > Double(storedRange.upperBound) { return (storedRange.upperBound, true) }
        return (Int(exact), false)
    }

    /// The real-world value of a stored value.
    public func value(ofStored stored: Int) -> Double { slope * Double(stored) + intercept }

    /// `value` rounded up (or down) to `digits` significant digits, as the Double nearest that decimal.
    static func rounded(_ value: Double, digits: Int, up: Bool) -> Double {
        guard value != 0, value.isFinite else { return value }
        let exponent = Int(floor(log10(abs(value)))) - (digits - 1)
        let scaled = value / pow(10, Double(exponent))
        let mantissa = up ? ceil(scaled - 1e-9) : floor(scaled + 1e-9)
        let candidate = Double("\(Int64(mantissa))e\(exponent)") ?? value
        // Guard against the 1e-9 slack rounding the wrong way.
        if up, candidate < value { return Double("\(Int64(mantissa) + 1)e\(exponent)") ?? value }
        if !up, candidate > value { return Double("\(Int64(mantissa) - 1)e\(exponent)") ?? value }
        return candidate
    }
}
