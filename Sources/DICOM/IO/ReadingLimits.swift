/// Upper bounds a file must respect before msl allocates memory for it; anything larger is rejected
/// with `DICOMError.limitExceeded` instead of being trusted. The defaults admit every CT and MR image
/// msl expects (512² CT, 1024² MR, a few thousand frames of an enhanced multi-frame object) with room
/// to spare, and stop absurd headers (Rows 65535 × Columns 65535 × 10⁶ frames) from allocating.
public struct ReadingLimits: Sendable, Equatable, Codable {
    /// Largest Rows (0028,0010). Default 16384.
    public var maxRows: Int
    /// Largest Columns (0028,0011). Default 16384.
    public var maxColumns: Int
    /// Largest Number of Frames (0028,0008). Default 16384.
    public var maxFrames: Int
    /// Largest decoded pixel data, Rows × Columns × Samples × Bits Allocated / 8 × Frames, in bytes.
    /// Default 2 GiB.
    public var maxPixelDataBytes: Int
    /// Largest file on disk, in bytes, checked before parsing. Default 4 GiB.
    public var maxFileBytes: Int

    /// Limits with the defaults above unless given.
    public init(
        maxRows: Int = 16384, maxColumns: Int = 16384, maxFrames: Int = 16384, maxPixelDataBytes: Int = 1 << 31,
        maxFileBytes: Int = 1 << 32
    ) {
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxFrames = maxFrames
        self.maxPixelDataBytes = maxPixelDataBytes
        self.maxFileBytes = maxFileBytes
    }

    /// Decodes the limits, taking the default for each key left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ReadingLimits()
        maxRows = try c.decodeIfPresent(Int.self, forKey: .maxRows) ?? defaults.maxRows
        maxColumns = try c.decodeIfPresent(Int.self, forKey: .maxColumns) ?? defaults.maxColumns
        maxFrames = try c.decodeIfPresent(Int.self, forKey: .maxFrames) ?? defaults.maxFrames
        maxPixelDataBytes = try c.decodeIfPresent(Int.self, forKey: .maxPixelDataBytes) ?? defaults.maxPixelDataBytes
        maxFileBytes = try c.decodeIfPresent(Int.self, forKey: .maxFileBytes) ?? defaults.maxFileBytes
    }

    enum CodingKeys: String, CodingKey {
        case maxRows, maxColumns, maxFrames, maxPixelDataBytes, maxFileBytes
    }
}
