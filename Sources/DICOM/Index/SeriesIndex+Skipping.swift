import Foundation

extension SeriesIndex {
    /// Why one instance, on its own, can never be part of an input volume (nil when it can).
    ///
    /// Checked in this order: our own output (a Contributing Equipment DeviceUID equal to
    /// `ownDeviceUID`), no pixels (Rows or Columns 0), LOCALIZER in ImageType.
    static func skipReason(for instance: InstanceMetadata, options: SeriesIndexOptions) -> SkippedInstance? {
        if options.skipOwnOutputs, let own = options.ownDeviceUID, instance.contributingDeviceUIDs.contains(own) {
            return SkippedInstance(
                instance: instance, reason: .ownOutput,
                detail: "ContributingEquipmentSequence (0018,A001) lists \(AttributeTag.deviceUID) \(own), "
                    + "which is our own ownDeviceUID: never re-ingest our output")
        }
        if instance.rows == 0 || instance.columns == 0 {
            return SkippedInstance(
                instance: instance, reason: .noPixels,
                detail: "\(AttributeTag.rows) × \(AttributeTag.columns) is \(instance.rows)×\(instance.columns)")
        }
        let imageType = instance.imageType.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        if options.skipLocalizers, imageType.contains("LOCALIZER") {
            return SkippedInstance(
                instance: instance, reason: .localizer,
                detail: "\(AttributeTag.imageType) \(instance.imageType.joined(separator: "\\")) contains LOCALIZER")
        }
        return nil
    }

    /// Single slices whose plane is orthogonal to the series' main orientation: scouts mixed into
    /// the series without the LOCALIZER flag.
    ///
    /// The main orientation is the largest orientation group with at least two instances; a group of
    /// exactly one instance whose normal n satisfies |n · n_main| ≤ `scoutOrthogonalityCosine` is a scout.
    static func orthogonalScouts(in members: [InstanceMetadata], options: SeriesIndexOptions) -> [SkippedInstance] {
        let groups = orientationGroups(members, tolerance: options.orientationTolerance)
        guard groups.count > 1, let main = groups.max(by: { $0.count < $1.count }), main.count >= 2,
            let mainFrame = PlaneFrame(main[0])
        else { return [] }
        return groups.compactMap { group in
            guard group.count == 1, let frame = PlaneFrame(group[0]) else { return nil }
            let cosine = abs(frame.normal.dot(mainFrame.normal))
            guard cosine <= options.scoutOrthogonalityCosine else { return nil }
            return SkippedInstance(
                instance: group[0], reason: .orthogonalScout,
                detail: "a single slice with \(AttributeTag.imageOrientationPatient) \(Printed.orientation(group[0])) "
                    + "is orthogonal to the series' \(Printed.orientation(main[0])) "
                    + "(|n·n| = \(Printed.decimal(cosine, digits: 3)) ≤ \(Printed.decimal(options.scoutOrthogonalityCosine)))"
            )
        }
    }
}
