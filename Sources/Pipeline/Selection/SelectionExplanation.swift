import DICOM

/// Why each sub-series was or was not chosen, for `msl process --explain` and for errors.
///
/// Holds no PatientID, PatientName or UID: patients appear as `PatientKey.hashedLabel`, studies by
/// their position in the index, series by SeriesNumber (descriptions are shown; they describe the
/// acquisition, not the person).
public struct SelectionExplanation: Sendable, Equatable {
    /// One sub-series with its verdict for each role.
    public struct Entry: Sendable, Equatable {
        /// The label used in verdicts and messages: "series 3", "series 3 [echo 2]", or
        /// "study 2 series 3" when the index holds several studies.
        public let label: String
        /// The patient's hashed key.
        public let patient: String
        /// The study's 1-based position in the index (patients, then studies, in index order).
        public let study: Int
        /// What the rules looked at.
        public let facts: SeriesFacts
        /// The verdict against the CT rule.
        public let ct: SeriesVerdict
        /// The verdict against the MR rule.
        public let mr: SeriesVerdict

        /// The verdict for a role.
        public func verdict(for role: SeriesRole) -> SeriesVerdict { role == .ct ? ct : mr }
    }

    /// Instances the index skipped for one reason.
    public struct SkippedCount: Sendable, Equatable {
        /// The reason.
        public let reason: SkipReason
        /// How many instances.
        public let count: Int
        /// The series they belonged to ("series 7"), distinct, in index order.
        public let series: [String]
    }

    /// Every sub-series of the index, in index order.
    public let entries: [Entry]
    /// The index's skipped instances, counted per reason.
    public let skipped: [SkippedCount]
    /// Each rule's `prefer`, to say why a match was outranked.
    public let preferences: [SeriesRole: SeriesRule.Preference]
    /// One sentence: what was chosen, or why nothing was.
    public let outcome: String

    /// An explanation from its parts.
    public init(
        entries: [Entry], skipped: [SkippedCount], preferences: [SeriesRole: SeriesRule.Preference], outcome: String
    ) {
        self.entries = entries
        self.skipped = skipped
        self.preferences = preferences
        self.outcome = outcome
    }

    /// Counts `index.skipped` per reason, in order of first appearance.
    static func skippedCounts(_ index: SeriesIndex) -> [SkippedCount] {
        var order: [SkipReason] = []
        var counts: [SkipReason: (count: Int, series: [String])] = [:]
        for skip in index.skipped {
            if counts[skip.reason] == nil { order.append(skip.reason) }
            let series = "series " + (skip.instance.seriesNumber.map(String.init) ?? "?")
            var entry = counts[skip.reason, default: (0, [])]
            entry.count += 1
            if !entry.series.contains(series) { entry.series.append(series) }
            counts[skip.reason] = entry
        }
        return order.map { SkippedCount(reason: $0, count: counts[$0]?.count ?? 0, series: counts[$0]?.series ?? []) }
    }

    /// The readable block, ending in a newline:
    ///
    ///     series selection: 1 sub-series, 1 patient, 1 study
    ///     patient 1a2b3c4d, study 1
    ///       series 2 · CT · (no description) · 28 slices · 5.5 mm (median of 4–7) · oblique (18.5° from axial)
    ///           ImageType ORIGINAL\PRIMARY\AXIAL\ADD / ORIGINAL\PRIMARY\AXIAL
    ///         CT: matched
    ///         MR: rejected: modality CT is not one of MR
    ///     skipped instances: none
    ///     outcome: CT series 2 selected; no MR matched (single-modality: CT only)
    public var text: String {
        let patients = Set(entries.map(\.patient)).count
        let studies = Set(entries.map(\.study)).count
        var lines = [
            "series selection: \(Self.count(entries.count, "sub-series", "sub-series")), "
                + "\(Self.count(patients, "patient", "patients")), \(Self.count(studies, "study", "studies"))"
        ]
        if entries.isEmpty { lines.append("  no image series found") }
        var heading = ""
        for entry in entries {
            let entryHeading = "patient \(entry.patient), study \(entry.study)"
            if entryHeading != heading {
                heading = entryHeading
                lines.append(heading)
            }
            let f = entry.facts
            let description = f.description.isEmpty ? "(no description)" : "\"\(f.description)\""
            let slices = Self.count(f.sliceCount, "slice", "slices")
            let plane = f.plane.map(\.description) ?? "orientation unknown"
            lines.append(
                "  \(entry.label) · \(f.modality.isEmpty ? "(no modality)" : f.modality) · \(description) · \(slices)"
                    + " · \(f.thicknessText) · \(plane)")
            lines.append("      ImageType \(f.imageTypeText)")
            for role in SeriesRole.allCases {
                lines += verdictLines(entry, role: role)
            }
        }
        if skipped.isEmpty {
            lines.append("skipped instances: none")
        } else {
            lines.append("skipped instances:")
            for skip in skipped {
                let instances = Self.count(skip.count, "instance", "instances")
                lines.append("  \(skip.reason.rawValue): \(instances) (\(skip.series.joined(separator: ", ")))")
            }
        }
        lines.append("outcome: \(outcome)")
        return lines.joined(separator: "\n") + "\n"
    }

    private func verdictLines(_ entry: Entry, role: SeriesRole) -> [String] {
        switch entry.verdict(for: role) {
        case .matched:
            return ["    \(role): matched"]
        case .rejected(let reasons):
            if reasons.count == 1 { return ["    \(role): rejected: \(reasons[0])"] }
            return ["    \(role): rejected:"] + reasons.map { "      - \($0)" }
        case .outranked(let winner):
            return ["    \(role): matched, outranked by \(winner)\(comparison(entry, winner: winner, role: role))"]
        }
    }

    /// " (prefer most_slices: 120 slices against 40)", or for a tie
    /// " (prefer most_slices: 12 slices each; the lower SeriesNumber wins, 1 against 3)".
    private func comparison(_ entry: Entry, winner label: String, role: SeriesRole) -> String {
        guard let preference = preferences[role], let winner = entries.first(where: { $0.label == label }) else {
            return ""
        }
        let (w, e) = (winner.facts, entry.facts)
        func number(_ facts: SeriesFacts) -> String { facts.seriesNumber.map(String.init) ?? "none" }
        let values: String
        let tie: Bool
        switch preference {
        case .mostSlices:
            tie = w.sliceCount == e.sliceCount
            values = tie ? "\(w.sliceCount) slices each" : "\(w.sliceCount) slices against \(e.sliceCount)"
        case .thinnest:
            tie = w.thicknessMM == e.thicknessMM
            values = tie ? "\(w.thicknessText) each" : "\(w.thicknessText) against \(e.thicknessText)"
        case .highestSeriesNumber, .lowestSeriesNumber:
            tie = w.seriesNumber == e.seriesNumber
            values = tie ? "SeriesNumber \(number(w)) each" : "SeriesNumber \(number(w)) against \(number(e))"
        }
        guard tie else { return " (prefer \(preference): \(values))" }
        let breaker =
            w.seriesNumber != e.seriesNumber
            ? "the lower SeriesNumber wins, \(number(w)) against \(number(e))"
            : "the same SeriesNumber, so SeriesInstanceUID order decides"
        return " (prefer \(preference): \(values); \(breaker))"
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}
