/// One patient's training slices on the model grid: what `DatasetPreparation` produces and `DatasetWriter`
/// stores as `<id>.safetensors`.
///
/// The three images are stacked slice-major, each slice row-major: element (s, y, x) is at s·N² + y·N + x, the
/// layout of a [S, N, N] tensor. CT and MR are on the network's [0, 1] scales (`IntensityNormalisation`); the
/// mask is 0 or 1.
public struct PreparedPatient: Sendable, Equatable {
    /// The patient identifier.
    public let id: String
    /// Side N of the model grid.
    public let modelSize: Int
    /// CT on the network scale, S·N·N values in [0, 1].
    public let ct: [Float]
    /// MR min–max normalised, S·N·N values in [0, 1].
    public let mr: [Float]
    /// Head mask, S·N·N values in {0, 1}.
    public let mask: [Float]
    /// For each stored slice, its axial index k in the CT volume (ascending).
    public let sliceIndices: [Int]
    /// How the MR reached the CT grid.
    public let registration: RegistrationSummary
    /// The intensity maps applied.
    public let normalisation: IntensityNormalisation
    /// Where the volumes came from (recorded in the manifest).
    public let source: String

    /// A prepared patient from its parts.
    ///
    /// - Throws: `DatasetError.invalidInput` unless each image holds sliceIndices.count·N² values and N ≥ 1.
    public init(
        id: String, modelSize: Int, ct: [Float], mr: [Float], mask: [Float], sliceIndices: [Int],
        registration: RegistrationSummary, normalisation: IntensityNormalisation, source: String
    ) throws {
        let expected = sliceIndices.count * modelSize * modelSize
        guard modelSize >= 1, ct.count == expected, mr.count == expected, mask.count == expected else {
            throw DatasetError.invalidInput(
                "patient \(id): \(sliceIndices.count) slices of \(modelSize)×\(modelSize) need \(expected) values "
                    + "per image, got CT \(ct.count), MR \(mr.count), mask \(mask.count)")
        }
        self.id = id
        self.modelSize = modelSize
        self.ct = ct
        self.mr = mr
        self.mask = mask
        self.sliceIndices = sliceIndices
        self.registration = registration
        self.normalisation = normalisation
        self.source = source
    }

    /// Number of stored slices S.
    public var sliceCount: Int { sliceIndices.count }

    /// The values of stored slice `s` (0..<S) in one image, N² values row-major.
    public func slice(_ s: Int, of image: KeyPath<PreparedPatient, [Float]>) -> ArraySlice<Float> {
        precondition(s >= 0 && s < sliceCount, "PreparedPatient.slice: \(s) is outside 0..<\(sliceCount)")
        let count = modelSize * modelSize
        return self[keyPath: image][s * count..<(s + 1) * count]
    }
}
