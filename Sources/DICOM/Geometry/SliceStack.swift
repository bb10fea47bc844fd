/// Slices sorted along the normal, with same-position clusters and the steps between distinct
/// positions: the measurements behind the duplicate, spacing, gap and tilt checks and the assembler.
///
/// Sorting uses only ImagePositionPatient projected on n = row × column (dcm2niix's
/// `intersliceDistanceSigned`), never InstanceNumber, which only breaks ties and names slices.
struct SliceStack: Sendable {
    /// The plane frame all slices share.
    let frame: PlaneFrame
    /// Every slice, ascending along the normal; equal coordinates keep the deterministic instance order.
    let sorted: [GeometrySlice]
    /// One slice per distinct position: the first (in `sorted` order) of each cluster.
    let unique: [GeometrySlice]
    /// The clusters of two or more slices at one position.
    let duplicateClusters: [[GeometrySlice]]
    /// Positions closer than this along the normal are the same (mm).
    let duplicateToleranceMM: Double

    /// The stack of single-frame instances that all have ImagePositionPatient and PixelSpacing.
    ///
    /// - Parameters:
    ///   - instances: in deterministic order (InstanceNumber, SOPInstanceUID).
    ///   - duplicateFraction: same-position tolerance as a fraction of the smallest PixelSpacing.
    init(_ instances: [InstanceMetadata], frame: PlaneFrame, duplicateFraction: Double) {
        self.frame = frame
        let spacing = instances.compactMap { $0.pixelSpacing.map { min($0.x, $0.y) } }.min() ?? 1
        duplicateToleranceMM = duplicateFraction * spacing
        let slices = instances.enumerated().compactMap { index, instance -> (Int, GeometrySlice)? in
            guard let p = instance.imagePositionPatient else { return nil }
            return (
                index,
                GeometrySlice(instance: instance, frame: 0, positionMM: p, normalCoordinateMM: frame.coordinate(of: p))
            )
        }
        sorted = slices.sorted { a, b in
            a.1.normalCoordinateMM != b.1.normalCoordinateMM
                ? a.1.normalCoordinateMM < b.1.normalCoordinateMM : a.0 < b.0
        }.map(\.1)
        var clusters: [[GeometrySlice]] = []
        for slice in sorted {
            if let first = clusters.last?.first,
                slice.normalCoordinateMM - first.normalCoordinateMM < duplicateToleranceMM
            {
                clusters[clusters.count - 1].append(slice)
            } else {
                clusters.append([slice])
            }
        }
        unique = clusters.map { $0[0] }
        duplicateClusters = clusters.filter { $0.count > 1 }
    }

    /// Distances between neighbouring distinct positions along the normal (mm), all > 0.
    var steps: [Double] { zip(unique, unique.dropFirst()).map { $1.normalCoordinateMM - $0.normalCoordinateMM } }

    /// The median step (mean of the two middle steps for an even count); nil for one position.
    var medianStep: Double? {
        let s = steps.sorted()
        guard !s.isEmpty else { return nil }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
