/// The parameters of a simulated 2D spin-echo MR acquisition, as the MR Image module states them.
public struct MRSpinEchoProtocol: Sendable, Codable, Equatable {
    /// Repetition Time (0018,0080), ms; finite and > echo time.
    public var repetitionTimeMS: Double
    /// Echo Time (0018,0081), ms; finite and > 0.
    public var echoTimeMS: Double
    /// Magnetic Field Strength (0018,0087), tesla; finite and > 0. Imaging Frequency (0018,0084) is
    /// derived from it (`imagingFrequencyMHz`).
    public var magneticFieldStrengthT: Double
    /// "T1", "T2" or "PD": the contrast the timing gives. Not written itself (the caller puts it into
    /// the Series Description; Acquisition Contrast belongs to the enhanced MR objects).
    public var weighting: String

    /// A protocol from its parameters; nothing is checked until a writer uses it.
    public init(repetitionTimeMS: Double, echoTimeMS: Double, magneticFieldStrengthT: Double, weighting: String) {
        self.repetitionTimeMS = repetitionTimeMS
        self.echoTimeMS = echoTimeMS
        self.magneticFieldStrengthT = magneticFieldStrengthT
        self.weighting = weighting
    }

    /// The proton (¹H) gyromagnetic ratio γ/2π, MHz/T (CODATA 2018: 42.577 478 518 MHz/T, given to the
    /// 6 decimals scanners print).
    static let protonGyromagneticRatioMHzPerT = 42.577478

    /// Imaging Frequency (0018,0084), MHz: the Larmor frequency γ/2π · B0, rounded to 1 Hz (6 decimals).
    var imagingFrequencyMHz: Double {
        (Self.protonGyromagneticRatioMHzPerT * magneticFieldStrengthT * 1e6).rounded() / 1e6
    }

    /// Every problem at once, each a sentence naming the parameter.
    func problems() -> [String] {
        var found: [String] = []
        if !(echoTimeMS.isFinite && echoTimeMS > 0) { found.append("MR echo time \(echoTimeMS) ms is not > 0") }
        if !(repetitionTimeMS.isFinite && repetitionTimeMS > echoTimeMS) {
            found.append("MR repetition time \(repetitionTimeMS) ms is not finite and longer than the echo time")
        }
        if !(magneticFieldStrengthT.isFinite && magneticFieldStrengthT > 0) {
            found.append("MR magnetic field strength \(magneticFieldStrengthT) T is not > 0")
        }
        if !["T1", "T2", "PD"].contains(weighting) { found.append("MR weighting '\(weighting)' is not T1, T2 or PD") }
        return found
    }
}
