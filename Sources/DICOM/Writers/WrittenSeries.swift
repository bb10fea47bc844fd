/// One file an msl writer wrote.
public struct WrittenInstance: Sendable, Equatable, Codable {
    /// The file's path.
    public let path: String
    /// SOP Instance UID (0008,0018).
    public let sopInstanceUID: String
    /// Instance Number (0020,0013).
    public let instanceNumber: Int
}

/// What a writer wrote: one series of one SOP class, for the outbox manifest.
public struct WrittenSeries: Sendable, Equatable, Codable {
    /// SOP Class UID of every instance.
    public let sopClassUID: String
    /// The new Series Instance UID.
    public let seriesInstanceUID: String
    /// The Series Number (9000–9999, see `OutputIdentity.seriesNumber`).
    public let seriesNumber: Int
    /// The files, in Instance Number order.
    public let instances: [WrittenInstance]
    /// Voxels clipped to the stored range (CT values outside −32768…32767 HU); 0 otherwise.
    public let clippedVoxelCount: Int
}
