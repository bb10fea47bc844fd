/// Checks, before any compute, whether a candidate volume's slices form one regular stack, and says
/// what to do about every way they do not (clinical-conventions §6.5, dcm2niix `isSameSet` rigor).
///
/// Order of checks, each producing at most one finding per kind:
/// 1. placement: slices present, single-frame, ImagePositionPatient, ImageOrientationPatient and
///    PixelSpacing present, cosines unit and orthogonal — otherwise nothing can be placed: reject;
/// 2. consistency: orientation (1e-3 per cosine), Rows/Columns/PixelSpacing, bits, frame of
///    reference, rescale (reported: applied per slice), RescaleType for CT;
/// 3. stacking, sorting along n = row × column: duplicate positions, missing slices (a step ≥ 1.5 ×
///    the median: k − 1 positions missing, k = round(step / median)), uneven spacing (rtol 1e-2 of the
///    median step), gantry tilt measured from positions (and compared with (0018,1120) when present).
///
/// Each finding carries the policy from `policies`; `GeometryDecision` combines them. The gate reads
/// metadata only; `VolumeAssembler` acts on the verdict.
public struct GeometryGate: Sendable {
    /// The policy for each kind of finding.
    public var policies: GeometryPolicies
    /// The tolerances.
    public var tolerances: GeometryTolerances

    /// A gate with the given policies and tolerances (defaults: `GeometryPolicies.default`,
    /// `GeometryTolerances.default`).
    public init(policies: GeometryPolicies = .default, tolerances: GeometryTolerances = .default) {
        self.policies = policies
        self.tolerances = tolerances
    }

    /// The findings alone.
    public func findings(for instances: [InstanceMetadata]) -> [GeometryFinding] { evaluate(instances).findings }

    /// Gates one sub-series from the index, labelled with its (identifier-free) label.
    public func evaluate(_ subSeries: SubSeries) -> GeometryVerdict {
        evaluate(subSeries.instances, series: subSeries.label)
    }

    /// Gates a set of instances meant to form one volume.
    ///
    /// - Parameter series: a label for messages; default "series <SeriesNumber>".
    public func evaluate(_ input: [InstanceMetadata], series: String? = nil) -> GeometryVerdict {
        let instances = input.sorted(by: SubSeries.deterministicOrder)
        let label = series ?? "series " + (instances.first?.seriesNumber.map(String.init) ?? "?")
        var findings = placementFindings(instances)
        guard findings.isEmpty, let frame = PlaneFrame(instances[0]) else {
            return verdict(label, findings, split: nil, stack: nil)
        }
        var split: Split?
        findings += orientationFindings(instances, split: &split)
        findings += imageSizeFindings(instances, split: &split)
        findings += bitsFindings(instances)
        findings += frameOfReferenceFindings(instances)
        findings += rescaleFindings(instances)
        if findings.contains(where: { $0.code == .inconsistentOrientation }) {
            return verdict(label, findings, split: split, stack: nil)  // no common normal to sort along
        }
        let stack = SliceStack(instances, frame: frame, duplicateFraction: tolerances.duplicatePositionFraction)
        let duplicates = duplicateFindings(stack, instances: instances, split: &split)
        findings += duplicates
        if !(duplicates.first?.policy == .split) {  // a split gates each group's stacking on its own
            findings += stackingFindings(stack)
        }
        return verdict(label, findings, split: split, stack: stack)
    }

    /// Groups to gate separately, with the attribute(s) separating them.
    typealias Split = (tags: [AttributeTag], groups: [[InstanceMetadata]])

    /// Combines findings into a decision: reject wins, then the first split, then resample.
    func verdict(_ label: String, _ findings: [GeometryFinding], split: Split?, stack: SliceStack?) -> GeometryVerdict {
        let decision: GeometryDecision
        if findings.contains(where: { $0.policy == .reject }) {
            decision = .reject
        } else if let split {
            decision = .split(by: split.tags, groups: split.groups)
        } else {
            var codes: [GeometryFinding.Code] = []
            for f in findings where f.policy == .resample && !codes.contains(f.code) { codes.append(f.code) }
            decision = codes.isEmpty ? .accept : .resample(because: codes)
        }
        let unique = stack?.unique ?? []
        return GeometryVerdict(
            series: label, findings: findings, decision: decision, slices: unique, rowDirection: stack?.frame.row,
            columnDirection: stack?.frame.column, normal: stack?.frame.normal, medianStepMM: stack?.medianStep,
            measuredTiltDegrees: stack.flatMap(Self.tilt).map(\.degrees))
    }

    /// Empty series, multi-frame instances, absent or invalid position, orientation or spacing.
    func placementFindings(_ instances: [InstanceMetadata]) -> [GeometryFinding] {
        guard !instances.isEmpty else {
            return [
                GeometryFinding(
                    code: .emptySeries, tag: .imagePositionPatient, expected: "at least 1 slice", observed: "0 slices",
                    tolerance: "none", policy: .reject, message: "no slices to stack")
            ]
        }
        var findings: [GeometryFinding] = []
        let multiFrame = instances.filter { $0.numberOfFrames > 1 }
        if let first = multiFrame.first {
            findings.append(
                GeometryFinding(
                    code: .multiFrameGeometry, tag: .numberOfFrames, expected: "1", observed: "\(first.numberOfFrames)",
                    tolerance: "exact", policy: .reject,
                    message: "\(Printed.instance(first)) has \(AttributeTag.numberOfFrames) \(first.numberOfFrames) "
                        + "(\(multiFrame.count) multi-frame instance(s)): frames are placed only from per-frame "
                        + "positions (Enhanced multi-frame PlanePositionSequence (0020,9113)), which are not read yet; "
                        + "enhanced multi-frame geometry comes later"))
        }
        let required: [(AttributeTag, (InstanceMetadata) -> Bool)] = [
            (.imagePositionPatient, { $0.imagePositionPatient?.isFinite == true }),
            (.imageOrientationPatient, { $0.imageOrientationRow != nil && $0.imageOrientationColumn != nil }),
            (
                .pixelSpacing,
                { p in p.pixelSpacing.map { $0.x.isFinite && $0.y.isFinite && $0.x > 0 && $0.y > 0 } ?? false }
            ),
        ]
        for (tag, isValid) in required {
            let missing = instances.filter { !isValid($0) }
            guard let first = missing.first else { continue }
            findings.append(
                GeometryFinding(
                    code: .missingAttribute, tag: tag, expected: "present",
                    observed: "absent or invalid in \(missing.count)",
                    tolerance: "none", policy: .reject,
                    message: "\(missing.count) of \(instances.count) slices lack a valid \(tag) "
                        + "(first: \(Printed.instance(first))): they cannot be placed in space"))
        }
        let limit = tolerances.orientationOrthonormality
        let invalid = instances.compactMap { instance -> (InstanceMetadata, Double, Double, Double)? in
            guard let r = instance.imageOrientationRow, let c = instance.imageOrientationColumn else { return nil }
            let (rn, cn, rc) = (r.norm, c.norm, r.dot(c))
            let ok = rn.isFinite && cn.isFinite && abs(rn - 1) <= limit && abs(cn - 1) <= limit && abs(rc) <= limit
            return ok ? nil : (instance, rn, cn, rc)
        }
        if let (first, rn, cn, rc) = invalid.first {
            findings.append(
                GeometryFinding(
                    code: .invalidOrientation, tag: .imageOrientationPatient, expected: "|r| = |c| = 1, r·c = 0",
                    observed:
                        "|r| = \(Printed.decimal(rn)), |c| = \(Printed.decimal(cn)), r·c = \(Printed.decimal(rc))",
                    tolerance: Printed.tolerance(limit), policy: .reject,
                    message: "\(Printed.instance(first)) has \(AttributeTag.imageOrientationPatient) "
                        + "\(Printed.orientation(first)) whose cosines are not unit and orthogonal within "
                        + "\(Printed.tolerance(limit)) (\(invalid.count) slice(s))"))
        }
        return findings
    }
}
