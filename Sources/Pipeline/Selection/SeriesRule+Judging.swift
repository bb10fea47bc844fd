import Foundation

extension SeriesRule {
    /// Why a sub-series does not match this rule, one sentence per failed criterion naming the
    /// criterion and the value found; empty when it matches. A wrong modality is the only reason
    /// given (the other criteria are meaningless for another modality).
    public func reasons(against facts: SeriesFacts) -> [String] {
        let modality = facts.modality.trimmingCharacters(in: .whitespaces)
        guard modalities.contains(where: { $0.caseInsensitiveCompare(modality) == .orderedSame }) else {
            return [
                "modality \(modality.isEmpty ? "(none)" : modality) is not one of \(modalities.joined(separator: ", "))"
            ]
        }
        var reasons: [String] = []
        let description = "description '\(facts.description)'"
        if !descriptionInclude.isEmpty, !descriptionInclude.contains(where: { $0.matches(facts.description) }) {
            let patterns = descriptionInclude.map { "'\($0)'" }.joined(separator: ", ")
            reasons.append("\(description) matches no include pattern (\(patterns))")
        }
        if let pattern = descriptionExclude.first(where: { $0.matches(facts.description) }) {
            reasons.append("\(description) matches exclude pattern '\(pattern)'")
        }
        let total = facts.imageTypes.reduce(0) { $0 + $1.count }
        func share(_ count: Int) -> String { count == total ? "" : " (\(count) of \(total) instances)" }
        for required in imageTypeRequire {
            let lacking = facts.imageTypes.filter { !Self.imageType($0.values, contains: required) }
            if let first = lacking.first {
                let text = first.values.isEmpty ? "(none)" : first.text
                reasons.append("ImageType \(text) lacks \(required)" + share(lacking.reduce(0) { $0 + $1.count }))
            }
        }
        for excluded in imageTypeExclude {
            let holding = facts.imageTypes.filter { Self.imageType($0.values, contains: excluded) }
            if let first = holding.first {
                reasons.append(
                    "ImageType \(first.text) contains \(excluded)" + share(holding.reduce(0) { $0 + $1.count }))
            }
        }
        let allowed = orientations.map(\.rawValue).joined(separator: ", ")
        if let plane = facts.plane {
            if !orientations.contains(plane.orientation) {
                reasons.append("orientation \(plane) is not one of \(allowed)")
            }
        } else {
            reasons.append("orientation unknown (no usable ImageOrientationPatient)")
        }
        if let thickness = facts.thicknessMM {
            if !sliceThicknessMM.contains(thickness) {
                reasons.append(
                    "slice thickness \(facts.thicknessText) is outside slice_thickness_mm \(sliceThicknessMM)")
            }
        } else {
            reasons.append("slice thickness unknown (no SliceThickness and fewer than two slice positions)")
        }
        if facts.sliceCount < minSlices {
            let slices = facts.sliceCount == 1 ? "1 slice" : "\(facts.sliceCount) slices"
            reasons.append("\(slices), fewer than min_slices \(minSlices)")
        }
        return reasons
    }

    /// Whether ImageType `values` hold `value`, ignoring case and padding.
    static func imageType(_ values: [String], contains value: String) -> Bool {
        let wanted = value.trimmingCharacters(in: .whitespaces)
        return values.contains {
            $0.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(wanted) == .orderedSame
        }
    }
}
