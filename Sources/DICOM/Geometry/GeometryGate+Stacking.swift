import Foundation

extension GeometryGate {
    /// Slices sharing a position along the normal; under the split policy, the attribute that
    /// separates them (AcquisitionNumber, then TemporalPositionIdentifier, then both), else reject.
    func duplicateFindings(_ stack: SliceStack, instances: [InstanceMetadata], split: inout Split?) -> [GeometryFinding]
    {
        guard let cluster = stack.duplicateClusters.first else { return [] }
        let (a, b) = (cluster[0], cluster[1])
        let holding = stack.duplicateClusters.reduce(0) { $0 + $1.count }
        let tolerance = stack.duplicateToleranceMM
        var message =
            "\(Printed.instance(a.instance)) and \(Printed.instance(b.instance)) share the position "
            + "\(Printed.mm(a.normalCoordinateMM)) along the normal (distance "
            + "\(Printed.decimal(b.normalCoordinateMM - a.normalCoordinateMM, digits: 4)) mm < "
            + "\(Printed.decimal(tolerance)) mm) \(AttributeTag.imagePositionPatient); \(stack.duplicateClusters.count) "
            + "position(s) hold \(holding) slices"
        var policy = policies.effective(for: .duplicatePosition)
        if policy == .split {
            if let separation = duplicateSeparation(instances, frame: stack.frame) {
                message +=
                    "; \(separation.tags.map(\.description).joined(separator: " and ")) separates them into "
                    + "\(separation.groups.count) groups"
                if split == nil { split = separation }
            } else {
                policy = .reject
                message +=
                    "; neither \(AttributeTag.acquisitionNumber) nor \(AttributeTag.temporalPositionIdentifier) "
                    + "separates them"
            }
        }
        return [
            GeometryFinding(
                code: .duplicatePosition, tag: .imagePositionPatient, expected: "distinct positions",
                observed: "\(holding) slices at \(stack.duplicateClusters.count) position(s)",
                tolerance: "\(Printed.tolerance(tolerances.duplicatePositionFraction)) × the smallest PixelSpacing "
                    + "= \(Printed.decimal(tolerance)) mm",
                policy: policy, message: message)
        ]
    }

    /// The first attribute whose values split `instances` into several groups without duplicate
    /// positions inside any group.
    func duplicateSeparation(_ instances: [InstanceMetadata], frame: PlaneFrame) -> Split? {
        let none = "none"
        let candidates: [([AttributeTag], (InstanceMetadata) -> String)] = [
            ([.acquisitionNumber], { $0.acquisitionNumber.map(String.init) ?? none }),
            ([.temporalPositionIdentifier], { $0.temporalPositionIdentifier.map(String.init) ?? none }),
            (
                [.acquisitionNumber, .temporalPositionIdentifier],
                {
                    "\($0.acquisitionNumber.map(String.init) ?? none)/\($0.temporalPositionIdentifier.map(String.init) ?? none)"
                }
            ),
        ]
        for (tags, value) in candidates {
            let groups = SeriesIndex.grouped(instances, by: value).map(\.instances)
            guard groups.count > 1 else { continue }
            let clean = groups.allSatisfy {
                SliceStack($0, frame: frame, duplicateFraction: tolerances.duplicatePositionFraction)
                    .duplicateClusters.isEmpty
            }
            if clean { return (tags, groups) }
        }
        return nil
    }

    /// Missing slices, uneven spacing, gantry tilt (with the tag compared) and the single-slice note.
    func stackingFindings(_ stack: SliceStack) -> [GeometryFinding] {
        guard let median = stack.medianStep else {
            let thickness = stack.unique.first?.instance.sliceThickness
            return [
                GeometryFinding(
                    code: .singleSlice, tag: .sliceThickness, expected: "2 or more positions", observed: "1 position",
                    tolerance: "none", policy: .report,
                    message: "only one slice position: the slice spacing is taken from \(AttributeTag.sliceThickness) "
                        + (thickness.map { Printed.mm($0) } ?? "(absent; the smallest PixelSpacing is used)"))
            ]
        }
        return spacingFindings(stack, median: median) + tiltFindings(stack)
    }

    /// Gaps and uneven steps.
    ///
    /// A step of at least 1.5 × the median is a gap of k − 1 missing positions, k = round(step / median)
    /// ≥ 2; the message says whether it is a whole multiple within rtol·k·median. Treating every such
    /// step as missing slices (reject by default), rather than as uneven spacing (resample by default),
    /// keeps a large gap that is not an exact multiple from being silently interpolated across.
    /// Except: when (0020,0013) InstanceNumber is consecutive across the step, no instance is
    /// missing there — the scanner chose the spacing (variable-spacing protocols do) — so the step
    /// is uneven spacing, not a gap (dcm2niix likewise finds gaps from the InstanceNumber range).
    /// Any other step with |step − median| > rtol·median is uneven.
    func spacingFindings(_ stack: SliceStack, median: Double) -> [GeometryFinding] {
        let rtol = tolerances.spacingRelative
        var gaps: [(index: Int, missing: Int, whole: Bool)] = []
        var uneven: [Int] = []
        for (i, step) in stack.steps.enumerated() {
            let k = max(2, Int((step / median).rounded()))
            let numbers = (stack.unique[i].instance.instanceNumber, stack.unique[i + 1].instance.instanceNumber)
            let consecutive = numbers.0.flatMap { a in numbers.1.map { b in abs(b - a) == 1 } } ?? false
            if step >= 1.5 * median && !consecutive {
                gaps.append((i, k - 1, abs(step - Double(k) * median) <= rtol * Double(k) * median))
            } else if abs(step - median) > rtol * median {
                uneven.append(i)
            }
        }
        let s = stack.unique
        var findings: [GeometryFinding] = []
        if let gap = gaps.first {
            let (a, b) = (s[gap.index], s[gap.index + 1])
            let step = b.normalCoordinateMM - a.normalCoordinateMM
            var message =
                "\(gap.missing) position(s) missing between slice \(gap.index) (\(Printed.instance(a.instance))) "
                + "at \(Printed.mm(a.normalCoordinateMM)) and slice \(gap.index + 1) (\(Printed.instance(b.instance))) "
                + "at \(Printed.mm(b.normalCoordinateMM)): step \(Printed.mm(step)) "
                + (gap.whole
                    ? "≈ \(gap.missing + 1) × the median \(Printed.mm(median)) (rtol \(Printed.tolerance(rtol)))"
                    : "is \(Printed.decimal(step / median, digits: 2)) × the median \(Printed.mm(median)), not a whole "
                        + "multiple within rtol \(Printed.tolerance(rtol))")
                + " \(AttributeTag.imagePositionPatient)"
            if let na = a.instance.instanceNumber, let nb = b.instance.instanceNumber {
                message += "; \(AttributeTag.instanceNumber) goes from \(na) to \(nb)"
            }
            if gaps.count > 1 {
                message += "; \(gaps.reduce(0) { $0 + $1.missing }) positions missing in \(gaps.count) gaps in all"
            }
            findings.append(
                GeometryFinding(
                    code: .missingSlices, tag: .imagePositionPatient, expected: Printed.mm(median),
                    observed: Printed.mm(step),
                    tolerance:
                        "step ≥ 1.5 × the median; whole multiple within rtol \(Printed.tolerance(rtol)) of k × the median",
                    policy: policies.effective(for: .missingSlices), message: message))
        }
        if let first = uneven.first {
            let b = s[first + 1]
            let step = b.normalCoordinateMM - s[first].normalCoordinateMM
            let worst = uneven.map { abs(stack.steps[$0] - median) }.max() ?? 0
            var message =
                "slice \(first + 1) (\(Printed.instance(b.instance))) at \(Printed.mm(b.normalCoordinateMM)): "
                + "step \(Printed.mm(step)) differs from the median \(Printed.mm(median)) by more than rtol "
                + "\(Printed.decimal(rtol)) \(AttributeTag.imagePositionPatient)"
            if uneven.count > 1 {
                message += "; \(uneven.count - 1) more uneven step(s), largest deviation \(Printed.mm(worst))"
            }
            findings.append(
                GeometryFinding(
                    code: .unevenSpacing, tag: .imagePositionPatient, expected: Printed.mm(median),
                    observed: Printed.mm(step),
                    tolerance: "rtol \(Printed.tolerance(rtol)) of the median step",
                    policy: policies.effective(for: .unevenSpacing), message: message))
        }
        return findings
    }

    /// The measured tilt: the angle θ between s = (last − first position) and the normal n, with
    /// cos θ = s·n/|s| and sin θ = |s × n|/|s| (dcm2niix `computeGantryTiltPrecise`, issue 253), and the
    /// in-plane shift per step along the row and column cosines (mm).
    static func tilt(_ stack: SliceStack) -> (degrees: Double, sine: Double, shiftPerStep: SIMD2<Double>)? {
        guard stack.unique.count >= 2, let first = stack.unique.first, let last = stack.unique.last else { return nil }
        let s = last.positionMM - first.positionMM
        let length = s.norm
        guard length > 0 else { return nil }
        let n = stack.frame.normal
        let sine = s.cross(n).norm / length
        let degrees = atan2(sine, s.dot(n) / length) * 180 / .pi
        let steps = Double(stack.unique.count - 1)
        return (degrees, sine, SIMD2(s.dot(stack.frame.row), s.dot(stack.frame.column)) / steps)
    }

    /// Gantry tilt above `tiltSine`, and (0018,1120) disagreeing with the measurement.
    func tiltFindings(_ stack: SliceStack) -> [GeometryFinding] {
        guard let tilt = Self.tilt(stack) else { return [] }
        let tagValue = stack.unique.first?.instance.gantryDetectorTilt
        let tagText =
            tagValue.map { "\(AttributeTag.gantryDetectorTilt) = \(Printed.decimal($0))" }
            ?? "\(AttributeTag.gantryDetectorTilt) absent"
        var findings: [GeometryFinding] = []
        if tilt.sine > tolerances.tiltSine {
            let limit = asin(min(1, tolerances.tiltSine)) * 180 / .pi
            findings.append(
                GeometryFinding(
                    code: .gantryTilt, tag: .imagePositionPatient, expected: Printed.degrees(0),
                    observed: Printed.degrees(tilt.degrees),
                    tolerance:
                        "sin θ ≤ \(Printed.tolerance(tolerances.tiltSine)) (\(Printed.decimal(limit, digits: 3))°)",
                    policy: policies.effective(for: .gantryTilt),
                    message: "the stacking direction (first to last \(AttributeTag.imagePositionPatient)) is "
                        + "\(Printed.degrees(tilt.degrees)) from the normal of \(AttributeTag.imageOrientationPatient) "
                        + "(gantry tilt): each step shifts \(Printed.mm(tilt.shiftPerStep.y)) along the column cosine "
                        + "and \(Printed.mm(tilt.shiftPerStep.x)) along the row cosine; \(tagText)"))
        }
        if let tagValue, abs(abs(tagValue) - tilt.degrees) > tolerances.tiltTagAgreementDegrees {
            findings.append(
                GeometryFinding(
                    code: .gantryTiltTagDisagrees, tag: .gantryDetectorTilt, expected: Printed.degrees(tilt.degrees),
                    observed: Printed.decimal(tagValue),
                    tolerance: "\(Printed.decimal(tolerances.tiltTagAgreementDegrees))°",
                    policy: .report,
                    message: "\(AttributeTag.gantryDetectorTilt) says \(Printed.decimal(tagValue))° but the positions "
                        + "show \(Printed.degrees(tilt.degrees)) (tolerance "
                        + "\(Printed.decimal(tolerances.tiltTagAgreementDegrees))°): the positions are trusted"))
        }
        return findings
    }
}
