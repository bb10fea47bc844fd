extension SeriesIndex {
    /// Splits one series into sub-series, applying each `SplitReason` in order to every group so far;
    /// a reason splits a group only when its members hold more than one value for it.
    static func split(_ members: [InstanceMetadata], key: SeriesKey, options: SeriesIndexOptions) -> [SubSeries] {
        var groups: [(splits: [SeriesSplit], instances: [InstanceMetadata])] = [([], members)]
        for reason in SplitReason.allCases {
            groups = groups.flatMap { group -> [(splits: [SeriesSplit], instances: [InstanceMetadata])] in
                let parts = partition(group.instances, by: reason, options: options)
                guard parts.count > 1 else { return [group] }
                return parts.map { (group.splits + [SeriesSplit(reason: reason, value: $0.value)], $0.instances) }
            }
        }
        return groups.map { SubSeries(key: key, splits: $0.splits, instances: $0.instances) }
    }

    /// The groups of `instances` by one reason's value, in order of first appearance.
    static func partition(
        _ instances: [InstanceMetadata], by reason: SplitReason, options: SeriesIndexOptions
    ) -> [(value: String, instances: [InstanceMetadata])] {
        switch reason {
        case .orientation:
            return orientationGroups(instances, tolerance: options.orientationTolerance).map {
                (Printed.orientation($0[0]), $0)
            }
        case .imageSize:
            return grouped(instances) { "\($0.rows)×\($0.columns)" }
        case .echo:
            return grouped(instances) { $0.echoNumbers ?? "none" }
        case .temporalPosition:
            return grouped(instances) { $0.temporalPositionIdentifier.map(String.init) ?? "none" }
        case .acquisition:
            let parts = grouped(instances) { $0.acquisitionNumber.map(String.init) ?? "none" }
            guard parts.count > 1, positionsRepeat(across: parts.map(\.instances), options: options) else {
                return [("", instances)]
            }
            return parts
        }
    }

    /// Groups by a string value, keeping the order in which values first appear.
    static func grouped(
        _ instances: [InstanceMetadata], by value: (InstanceMetadata) -> String
    ) -> [(value: String, instances: [InstanceMetadata])] {
        var order: [String] = []
        var members: [String: [InstanceMetadata]] = [:]
        for instance in instances {
            let v = value(instance)
            if members[v] == nil { order.append(v) }
            members[v, default: []].append(instance)
        }
        return order.map { ($0, members[$0, default: []]) }
    }

    /// Orientation groups: an instance joins the first group whose first member's cosines all lie
    /// within `tolerance` of its own; instances without ImageOrientationPatient form their own group.
    static func orientationGroups(_ instances: [InstanceMetadata], tolerance: Double) -> [[InstanceMetadata]] {
        var groups: [[InstanceMetadata]] = []
        for instance in instances {
            let index = groups.firstIndex { group in
                if let difference = orientationDifference(group[0], instance) { return difference <= tolerance }
                return group[0].imageOrientationRow == nil && instance.imageOrientationRow == nil
            }
            if let index { groups[index].append(instance) } else { groups.append([instance]) }
        }
        return groups
    }

    /// Whether some slice position (distance along the normal below `samePositionFraction` × the
    /// smallest PixelSpacing) occurs in two different groups.
    static func positionsRepeat(across groups: [[InstanceMetadata]], options: SeriesIndexOptions) -> Bool {
        guard let frame = groups.lazy.flatMap({ $0 }).compactMap(PlaneFrame.init).first else { return false }
        let spacings = groups.flatMap { $0.compactMap { $0.pixelSpacing.map { min($0.x, $0.y) } } }
        let tolerance = options.samePositionFraction * (spacings.min() ?? 1)
        var coordinates: [(value: Double, group: Int)] = []
        for (g, group) in groups.enumerated() {
            for instance in group {
                if let p = instance.imagePositionPatient { coordinates.append((frame.coordinate(of: p), g)) }
            }
        }
        coordinates.sort { $0.value < $1.value }
        for i in coordinates.indices {
            var j = i + 1
            while j < coordinates.count, coordinates[j].value - coordinates[i].value < tolerance {
                if coordinates[j].group != coordinates[i].group { return true }
                j += 1
            }
        }
        return false
    }
}
