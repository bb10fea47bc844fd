/// One 2-D image placed in patient space: an instance (and frame) with its position and its
/// coordinate along the slice normal, by which the gate sorts.
public struct GeometrySlice: Sendable, Equatable {
    /// The instance holding the pixels.
    public let instance: InstanceMetadata
    /// The frame within the instance, 0-based (0 for single-frame instances).
    public let frame: Int
    /// ImagePositionPatient: the centre of the first transmitted pixel (mm, LPS).
    public let positionMM: SIMD3<Double>
    /// positionMM · n, with n = row × column cosine (mm): the sort key.
    public let normalCoordinateMM: Double

    /// A slice from its parts.
    public init(instance: InstanceMetadata, frame: Int, positionMM: SIMD3<Double>, normalCoordinateMM: Double) {
        self.instance = instance
        self.frame = frame
        self.positionMM = positionMM
        self.normalCoordinateMM = normalCoordinateMM
    }
}
