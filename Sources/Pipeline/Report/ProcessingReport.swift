import DICOM
import Digest
import Foundation
import Imaging
import MSLModel
import Physics
import Registration

/// `report.json`: everything a person or a program needs to judge and reproduce one job, with no patient
/// identifier in it (studies, series and patients appear as `hashedKey`s).
struct ProcessingReport: Codable {
    var format = "msl-processing-report"
    var version = 1
    let software: String
    let job: String
    /// "CT and MR", "CT only (MR outputs synthesised from the CT)", "MR only (CT outputs synthesised from the MR)".
    let inputs: String
    let series: [InputSeries]
    /// The selection's explanation, as `msl process --explain` prints it.
    let selection: String
    let registration: RegistrationReport?
    let grid: GridReport
    let simulation: SensorSimulation
    let model: ModelReport
    let quality: QualityTable
    let lambdaMap: LambdaMapReport?
    let outputs: [OutputReport]
    let timings: [StageTiming]
    let peakMemoryMiB: Double
    /// The effective configuration (YAML).
    let configuration: String

    struct InputSeries: Codable {
        let role: String
        /// `PatientKey.hashedLabel`, as `msl process --explain` prints it.
        let patientKey: String
        let studyKey: String
        let seriesKey: String
        let seriesNumber: Int?
        let modality: String
        let description: String?
        let instances: Int
        let size: [Int]
        let spacingMM: [Double]
        let resampled: Bool
        let resampledBecause: [String]
        let findings: [String]
    }

    struct RegistrationReport: Codable {
        /// "registered", "scanner coordinates", …
        let placement: String
        /// MR → CT rigid transform, 4×4 row-major (as written in the REG object), when registered.
        let mrToCTMatrix: [Double]?
        let finalMetric: Double?
        let iterations: Int?
        let quality: QualityReport?
    }

    struct GridReport: Codable {
        let modelSize: Int
        let fieldOfViewMM: Double
        let pixelSpacingMM: Double
        /// First and last processed slice of the output grid (0-based), and their count.
        let firstSlice: Int
        let lastSlice: Int
        let slices: Int
        let minimumHeadFraction: Double
    }

    struct ModelReport: Codable {
        let file: String
        let sha256: String
        let preset: String?
        let parameters: Int
        let cardTrainingCommand: String
    }

    struct LambdaMapReport: Codable {
        let alpha: Float
        let steps: Int
        /// Means over slices: the objective of the optimised map and of the best constant λ (0, 0.1, …, 1), where
        /// the optimisation starts.
        let meanObjective: Double
        let meanBestConstantObjective: Double
        /// ½·MI(X̂, MSL-CT) + ½·MI(X̂, MSL-MR) (Parzen, nats) of the map minus that of the best constant λ, mean.
        let meanMutualInformationGain: Double
        /// Slices whose optimised objective ended below its start (must be 0: the best map seen is kept).
        let slicesBelowStart: Int
        let perSlice: [StackReconstruction.LambdaMapOutcome]
    }

    struct OutputReport: Codable {
        let role: String
        let folder: String
        let sopClassUID: String
        let seriesInstanceUID: String
        let seriesNumber: Int
        let instances: Int
        let clippedVoxels: Int
    }

    struct StageTiming: Codable {
        let stage: String
        let seconds: Double
    }

    /// A short stable key for an identifier: the first 16 hexadecimal digits of its SHA-256.
    static func hashedKey(_ value: String) -> String { String(SHA256.hex(SHA256.hash(Array(value.utf8))).prefix(16)) }

    /// Pretty, key-sorted JSON; infinities (PSNR of identical images) as strings.
    func encoded() throws -> Data {
        try JSONEncoder.keySorted(pretty: true).encode(self) + Data("\n".utf8)
    }
}
