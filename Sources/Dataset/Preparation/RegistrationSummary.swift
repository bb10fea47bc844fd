import Registration

/// How a patient's MR was brought onto the CT grid, as recorded in the dataset manifest.
public struct RegistrationSummary: Sendable, Equatable, Codable {
    /// The way the MR reached the CT grid.
    public enum Method: String, Sendable, Equatable, Codable {
        /// The pair was declared aligned on one grid; nothing was resampled.
        case alreadyAligned = "already_aligned"
        /// Registration was off: the MR was resampled onto the CT grid through scanner coordinates alone.
        case scannerCoordinates = "scanner_coordinates"
        /// Rigid Mattes-MI registration of the MR onto the CT, then resampling (authors' `coregister.py`).
        case registered
    }

    /// The way the MR reached the CT grid.
    public var method: Method
    /// The map from CT patient points to MR patient points (mm, LPS) as a row-major 4×4 homogeneous matrix;
    /// nil for `alreadyAligned`, the identity for `scannerCoordinates`.
    public var matrix4x4: [Double]?
    /// Mattes metric (−MI, nats) at the final transform; nil unless registered.
    public var finalMetric: Double?
    /// Optimiser updates over all levels; nil unless registered.
    public var iterations: Int?
    /// Why the last level stopped; nil unless registered.
    public var stopReason: StopReason?
    /// The registration quality guard's measurements; nil unless registered.
    public var quality: QualityReport?

    /// A summary of a pair that needed no resampling.
    public static let alreadyAligned = RegistrationSummary(method: .alreadyAligned)

    /// A summary of resampling through scanner coordinates (identity map).
    public static let scannerCoordinates = RegistrationSummary(
        method: .scannerCoordinates, matrix4x4: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])

    /// A summary with the given parts.
    public init(
        method: Method, matrix4x4: [Double]? = nil, finalMetric: Double? = nil, iterations: Int? = nil,
        stopReason: StopReason? = nil, quality: QualityReport? = nil
    ) {
        self.method = method
        self.matrix4x4 = matrix4x4
        self.finalMetric = finalMetric
        self.iterations = iterations
        self.stopReason = stopReason
        self.quality = quality
    }

    /// The summary of a registration result.
    public init(_ result: RegistrationResult) {
        self.init(
            method: .registered, matrix4x4: result.matrix4x4, finalMetric: result.finalMetric,
            iterations: result.iterations, stopReason: result.stopReason, quality: result.quality)
    }

    enum CodingKeys: String, CodingKey {
        case method
        case matrix4x4 = "matrix_4x4"
        case finalMetric = "final_metric"
        case iterations
        case stopReason = "stop_reason"
        case quality
    }
}
