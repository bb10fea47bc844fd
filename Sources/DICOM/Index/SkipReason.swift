/// Why the index left an instance out of every sub-series.
public enum SkipReason: String, Sendable, Hashable, Codable {
    /// A Contributing Equipment DeviceUID (0018,1002) equals our own: re-ingesting our output would
    /// loop (clinical-conventions §6.7, Orthanc's warning).
    case ownOutput = "own_output"
    /// ImageType (0008,0008) contains LOCALIZER.
    case localizer
    /// A single slice whose plane is orthogonal to the rest of its series: a scout mixed in without
    /// the LOCALIZER flag.
    case orthogonalScout = "orthogonal_scout"
    /// Rows or Columns is 0: nothing to stack.
    case noPixels = "no_pixels"
}
