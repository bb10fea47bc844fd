import Foundation

extension GeometryGate {
    /// Slices whose ImageOrientationPatient differs from the first's by more than the tolerance.
    func orientationFindings(_ instances: [InstanceMetadata], split: inout Split?) -> [GeometryFinding] {
        let reference = instances[0]
        let tolerance = tolerances.orientationCosine
        let offenders = instances.filter { (orientationDifference(reference, $0) ?? 0) > tolerance }
        guard let first = offenders.first else { return [] }
        let groups = SeriesIndex.orientationGroups(instances, tolerance: tolerance)
        let policy = policies.effective(for: .inconsistentOrientation)
        if policy == .split, split == nil { split = ([.imageOrientationPatient], groups) }
        let difference = orientationDifference(reference, first) ?? 0
        return [
            GeometryFinding(
                code: .inconsistentOrientation, tag: .imageOrientationPatient, expected: Printed.orientation(reference),
                observed: Printed.orientation(first), tolerance: "\(Printed.tolerance(tolerance)) per cosine",
                policy: policy,
                message: "\(Printed.instance(first)) has \(AttributeTag.imageOrientationPatient) "
                    + "\(Printed.orientation(first)), which differs from \(Printed.orientation(reference)) "
                    + "(\(Printed.instance(reference))) by \(Printed.decimal(difference, digits: 4)) > "
                    + "\(Printed.tolerance(tolerance)) per cosine; \(groups.count) orientations among "
                    + "\(instances.count) slices")
        ]
    }

    /// Slices whose Rows × Columns or PixelSpacing differ from the first's.
    func imageSizeFindings(_ instances: [InstanceMetadata], split: inout Split?) -> [GeometryFinding] {
        let reference = instances[0]
        let policy = policies.effective(for: .inconsistentImageSize)
        let rtol = tolerances.pixelSpacingRelative
        func sameSpacing(_ a: InstanceMetadata, _ b: InstanceMetadata) -> Bool {
            guard let p = a.pixelSpacing, let q = b.pixelSpacing else { return true }
            return abs(p.x - q.x) <= rtol * max(p.x, q.x) && abs(p.y - q.y) <= rtol * max(p.y, q.y)
        }
        var findings: [GeometryFinding] = []
        let size = { (i: InstanceMetadata) in "\(i.rows)×\(i.columns)" }
        let sizeOffenders = instances.filter { $0.rows != reference.rows || $0.columns != reference.columns }
        if let first = sizeOffenders.first {
            let tag: AttributeTag = first.rows != reference.rows ? .rows : .columns
            findings.append(
                GeometryFinding(
                    code: .inconsistentImageSize, tag: tag, expected: size(reference), observed: size(first),
                    tolerance: "exact", policy: policy,
                    message: "\(Printed.instance(first)) is \(AttributeTag.rows) × \(AttributeTag.columns) "
                        + "\(size(first)), \(Printed.instance(reference)) is \(size(reference)) "
                        + "(\(sizeOffenders.count) slice(s) differ)"))
        }
        let spacingOffenders = instances.filter { !sameSpacing(reference, $0) }
        if let first = spacingOffenders.first, let p = reference.pixelSpacing, let q = first.pixelSpacing {
            findings.append(
                GeometryFinding(
                    code: .inconsistentImageSize, tag: .pixelSpacing, expected: Printed.multiValue([p.x, p.y]),
                    observed: Printed.multiValue([q.x, q.y]), tolerance: "rtol \(Printed.tolerance(rtol))",
                    policy: policy,
                    message: "\(Printed.instance(first)) has \(AttributeTag.pixelSpacing) "
                        + "\(Printed.multiValue([q.x, q.y])), \(Printed.instance(reference)) has "
                        + "\(Printed.multiValue([p.x, p.y])) (rtol \(Printed.tolerance(rtol)); "
                        + "\(spacingOffenders.count) slice(s) differ)"))
        }
        if !findings.isEmpty, policy == .split, split == nil {
            var groups: [[InstanceMetadata]] = []
            for instance in instances {
                if let g = groups.firstIndex(where: {
                    $0[0].rows == instance.rows && $0[0].columns == instance.columns && sameSpacing($0[0], instance)
                }) {
                    groups[g].append(instance)
                } else {
                    groups.append([instance])
                }
            }
            split = ([.rows, .columns, .pixelSpacing], groups)
        }
        return findings
    }

    /// The first of BitsAllocated, BitsStored, PixelRepresentation that differs between slices.
    func bitsFindings(_ instances: [InstanceMetadata]) -> [GeometryFinding] {
        let reference = instances[0]
        let attributes: [(AttributeTag, (InstanceMetadata) -> Int)] = [
            (.bitsAllocated, \.bitsAllocated), (.bitsStored, \.bitsStored),
            (.pixelRepresentation, \.pixelRepresentation),
        ]
        for (tag, value) in attributes {
            let offenders = instances.filter { value($0) != value(reference) }
            guard let first = offenders.first else { continue }
            return [
                GeometryFinding(
                    code: .inconsistentBits, tag: tag, expected: "\(value(reference))", observed: "\(value(first))",
                    tolerance: "exact", policy: policies.effective(for: .inconsistentBits),
                    message: "\(Printed.instance(first)) has \(tag) \(value(first)), \(Printed.instance(reference)) "
                        + "has \(value(reference)) (\(offenders.count) slice(s) differ)")
            ]
        }
        return []
    }

    /// Different FrameOfReferenceUIDs (reject), or some absent (policy `missingFrameOfReference`).
    func frameOfReferenceFindings(_ instances: [InstanceMetadata]) -> [GeometryFinding] {
        let uids = instances.map { $0.frameOfReferenceUID?.trimmingCharacters(in: .whitespaces) ?? "" }
        var findings: [GeometryFinding] = []
        var distinct: [String] = []
        for uid in uids where !uid.isEmpty && !distinct.contains(uid) { distinct.append(uid) }
        if distinct.count > 1, let other = uids.firstIndex(of: distinct[1]),
            let first = uids.firstIndex(of: distinct[0])
        {
            findings.append(
                GeometryFinding(
                    code: .inconsistentFrameOfReference, tag: .frameOfReferenceUID, expected: "1 value",
                    observed: "\(distinct.count) values", tolerance: "exact", policy: .reject,
                    message: "slices carry \(distinct.count) different \(AttributeTag.frameOfReferenceUID) values "
                        + "(\(Printed.instance(instances[other])) differs from \(Printed.instance(instances[first]))): "
                        + "their positions are in different coordinate systems"))
        }
        let missing = uids.indices.filter { uids[$0].isEmpty }
        if let first = missing.first {
            let policy = policies.effective(for: .missingFrameOfReference)
            findings.append(
                GeometryFinding(
                    code: .missingFrameOfReference, tag: .frameOfReferenceUID, expected: "present",
                    observed: "absent in \(missing.count) of \(instances.count)", tolerance: "none", policy: policy,
                    message: "\(missing.count) of \(instances.count) slices lack \(AttributeTag.frameOfReferenceUID) "
                        + "(first: \(Printed.instance(instances[first]))): positions cannot be related to other "
                        + "series, and outputs need a new frame of reference",
                    severity: policy == .report ? .warning : nil))
        }
        return findings
    }

    /// Mixed RescaleSlope/Intercept (reported: applied per slice) and non-HU RescaleType for CT.
    func rescaleFindings(_ instances: [InstanceMetadata]) -> [GeometryFinding] {
        let rtol = tolerances.rescaleRelative
        func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= rtol * max(1, abs(a), abs(b)) }
        let pair = { (i: InstanceMetadata) in
            "\(Printed.decimal(i.rescaleSlope))/\(Printed.decimal(i.rescaleIntercept))"
        }
        var findings: [GeometryFinding] = []
        var pairs: [InstanceMetadata] = []
        for instance in instances
        where !pairs.contains(where: {
            same($0.rescaleSlope, instance.rescaleSlope) && same($0.rescaleIntercept, instance.rescaleIntercept)
        }) {
            pairs.append(instance)
        }
        if pairs.count > 1 {
            let (reference, other) = (pairs[0], pairs[1])
            let tag: AttributeTag = same(reference.rescaleSlope, other.rescaleSlope) ? .rescaleIntercept : .rescaleSlope
            findings.append(
                GeometryFinding(
                    code: .mixedRescale, tag: tag, expected: pair(reference), observed: pair(other),
                    tolerance: "rtol \(Printed.tolerance(rtol))", policy: .report,
                    message: "\(AttributeTag.rescaleSlope)/\(AttributeTag.rescaleIntercept) vary across slices: "
                        + "\(Printed.instance(other)) has \(pair(other)), \(Printed.instance(reference)) has "
                        + "\(pair(reference)) (\(pairs.count) distinct pairs among \(instances.count) slices); "
                        + "each slice is rescaled with its own values into Float32"))
        }
        let notHU = instances.filter { instance in
            guard instance.modality.uppercased() == "CT", let type = instance.rescaleType else { return false }
            let trimmed = type.trimmingCharacters(in: .whitespaces).uppercased()
            return !trimmed.isEmpty && trimmed != "HU"
        }
        if let first = notHU.first, let type = first.rescaleType {
            findings.append(
                GeometryFinding(
                    code: .rescaleTypeNotHU, tag: .rescaleType, expected: "HU", observed: type, tolerance: "exact",
                    policy: .report,
                    message: "CT \(Printed.instance(first)) has \(AttributeTag.rescaleType) \"\(type)\", not HU "
                        + "(\(notHU.count) slice(s)): its values may not be Hounsfield units",
                    severity: .warning))
        }
        return findings
    }
}
