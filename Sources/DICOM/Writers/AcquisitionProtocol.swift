/// How a simulated scanner acquired a series (`SimulatedAcquisitionWriter`): the modality and the
/// acquisition attributes its image module states.
public enum AcquisitionProtocol: Sendable, Codable, Equatable {
    /// A CT Image: KVP (0018,0060) in kV, Exposure (0018,1152) in mAs (also written in µAs, (0018,1153),
    /// to keep fractions), and the reconstruction kernel, Convolution Kernel (0018,1210), SH.
    case ct(kvp: Double, exposureMAs: Double, convolutionKernel: String)
    /// An MR Image from a 2D spin-echo sequence.
    case mr(MRSpinEchoProtocol)

    /// "CT" or "MR": Modality (0008,0060).
    var modality: String {
        switch self {
        case .ct: return "CT"
        case .mr: return "MR"
        }
    }

    /// CT Image Storage (1.2.840.10008.5.1.4.1.1.2) or MR Image Storage (1.2.840.10008.5.1.4.1.1.4).
    var sopClassUID: String {
        switch self {
        case .ct: return DerivedImageSeriesWriter.Kind.ct.sopClassUID
        case .mr: return DerivedImageSeriesWriter.Kind.mr.sopClassUID
        }
    }

    /// Every problem at once, each a sentence naming the parameter.
    func problems() -> [String] {
        switch self {
        case .ct(let kvp, let exposure, let kernel):
            var found: [String] = []
            if !(kvp.isFinite && kvp > 0) { found.append("CT KVP \(kvp) is not > 0") }
            // Exposure in µAs is an IS: a signed 32-bit integer.
            if !(exposure.isFinite && exposure >= 0 && exposure * 1000 <= Double(Int32.max)) {
                found.append("CT exposure \(exposure) mAs is not within 0…\(Int32.max / 1000) mAs")
            }
            if kernel.isEmpty { found.append("CT convolution kernel is empty") }
            if let p = DICOMValueCheck.textProblem(kernel, maxLength: 16) {
                found.append("CT convolution kernel '\(kernel)' \(p)")
            }
            return found
        case .mr(let mr):
            return mr.problems()
        }
    }
}
