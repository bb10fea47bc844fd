import DICOM

/// The CT and MR chosen for one study folder, with the reasons.
public struct SeriesSelection: Sendable, Equatable {
    /// The CT sub-series; nil when none matched (MR-only processing).
    public let ct: SubSeries?
    /// The MR sub-series; nil when none matched (CT-only processing).
    public let mr: SubSeries?
    /// The patient both belong to. Identifies a person: never log it (use `hashedLabel`).
    public let patient: PatientKey
    /// Every sub-series' verdicts.
    public let explanation: SelectionExplanation

    /// Whether only one of the two modalities was found.
    public var isSingleModality: Bool { (ct == nil) != (mr == nil) }
}

/// Chooses the CT and the MR of a study folder from its series index.
///
/// Every sub-series is judged against the CT rule and the MR rule (`SeriesRule.reasons(against:)`).
/// Matches from more than one patient (PatientID + IssuerOfPatientID) are refused: a CT and an MR are
/// paired only for the same patient, possibly from different studies. Each role's matches are ranked
/// by the rule's `prefer`, ties by SeriesNumber (absent last), SeriesInstanceUID, then index order;
/// the first wins and the others are `outranked`. One role without a match gives a single-modality
/// selection; none at all is `SelectionError.noCandidate`.
public enum SeriesSelector {
    /// The selection, or why there is none.
    public static func select(
        from index: SeriesIndex, configuration: SelectionConfiguration
    ) throws(SelectionError) -> SeriesSelection {
        let candidates = Self.candidates(in: index)
        var verdicts: [SeriesRole: [SeriesVerdict]] = [:]
        var winners: [SeriesRole: Int] = [:]
        for role in SeriesRole.allCases {
            let rule = configuration.rule(for: role)
            var roleVerdicts = candidates.map { candidate -> SeriesVerdict in
                let reasons = rule.reasons(against: candidate.facts)
                return reasons.isEmpty ? .matched : .rejected(reasons)
            }
            let matching = roleVerdicts.indices.filter { roleVerdicts[$0] == .matched }
            if let winner = matching.min(by: { ranksBefore(candidates[$0], candidates[$1], prefer: rule.prefer) }) {
                winners[role] = winner
                for k in matching where k != winner { roleVerdicts[k] = .outranked(by: candidates[winner].label) }
            }
            verdicts[role] = roleVerdicts
        }

        let matchedPatients = Set(
            candidates.indices.filter { k in SeriesRole.allCases.contains { verdicts[$0]?[k].satisfiesRule == true } }
                .map { candidates[$0].patient })
        func explanation(_ outcome: String) -> SelectionExplanation {
            SelectionExplanation(
                entries: candidates.indices.map { k in
                    let c = candidates[k]
                    return SelectionExplanation.Entry(
                        label: c.label, patient: c.patient.hashedLabel, study: c.study, facts: c.facts,
                        ct: verdicts[.ct]?[k] ?? .rejected([]), mr: verdicts[.mr]?[k] ?? .rejected([]))
                },
                skipped: SelectionExplanation.skippedCounts(index),
                preferences: [.ct: configuration.ct.prefer, .mr: configuration.mr.prefer], outcome: outcome)
        }

        if matchedPatients.count > 1 {
            let perPatient = matchedPatients.sorted().map { patient in
                func labels(_ role: SeriesRole) -> [String] {
                    candidates.indices.filter {
                        candidates[$0].patient == patient && verdicts[role]?[$0].satisfiesRule == true
                    }.map { candidates[$0].label }
                }
                return SelectionError.PatientCandidates(patient: patient.hashedLabel, ct: labels(.ct), mr: labels(.mr))
            }
            throw .differentPatients(
                candidates: perPatient,
                explanation: explanation("refused: the matching series belong to \(matchedPatients.count) patients"))
        }
        let ct = winners[.ct].map { candidates[$0] }
        let mr = winners[.mr].map { candidates[$0] }
        guard let patient = (ct ?? mr)?.patient else {
            throw .noCandidate(
                explanation: explanation("nothing selected: no sub-series matched the CT or the MR rule"))
        }
        let outcome: String
        switch (ct, mr) {
        case (let ct?, let mr?): outcome = "CT \(ct.label) and MR \(mr.label) selected"
        case (let ct?, nil): outcome = "CT \(ct.label) selected; no MR matched (single-modality: CT only)"
        case (nil, let mr?): outcome = "MR \(mr.label) selected; no CT matched (single-modality: MR only)"
        case (nil, nil): outcome = ""
        }
        return SeriesSelection(
            ct: ct?.subSeries, mr: mr?.subSeries, patient: patient, explanation: explanation(outcome))
    }

    /// One sub-series with what ranking and messages need.
    struct Candidate {
        let subSeries: SubSeries
        let facts: SeriesFacts
        let patient: PatientKey
        let study: Int
        let label: String
        let order: Int
    }

    /// Every sub-series in index order, labelled with its study when the index holds several.
    static func candidates(in index: SeriesIndex) -> [Candidate] {
        let studyCount = index.patients.reduce(0) { $0 + $1.studies.count }
        var result: [Candidate] = []
        var study = 0
        for patient in index.patients {
            for indexedStudy in patient.studies {
                study += 1
                for series in indexedStudy.series {
                    for sub in series.subSeries {
                        let label = studyCount > 1 ? "study \(study) \(sub.label)" : sub.label
                        result.append(
                            Candidate(
                                subSeries: sub, facts: SeriesFacts(sub), patient: patient.key, study: study,
                                label: label, order: result.count))
                    }
                }
            }
        }
        return result
    }

    /// Whether `a` wins over `b` under `prefer`, ties broken by SeriesNumber (absent last), then
    /// SeriesInstanceUID, then index order.
    static func ranksBefore(_ a: Candidate, _ b: Candidate, prefer: SeriesRule.Preference) -> Bool {
        switch prefer {
        case .mostSlices:
            if a.facts.sliceCount != b.facts.sliceCount { return a.facts.sliceCount > b.facts.sliceCount }
        case .thinnest:
            let (ta, tb) = (a.facts.thicknessMM ?? .infinity, b.facts.thicknessMM ?? .infinity)
            if ta != tb { return ta < tb }
        case .highestSeriesNumber:
            let (na, nb) = (a.facts.seriesNumber ?? .min, b.facts.seriesNumber ?? .min)
            if na != nb { return na > nb }
        case .lowestSeriesNumber:
            break
        }
        let (na, nb) = (a.facts.seriesNumber ?? .max, b.facts.seriesNumber ?? .max)
        if na != nb { return na < nb }
        if a.subSeries.key.seriesInstanceUID != b.subSeries.key.seriesInstanceUID {
            return a.subSeries.key.seriesInstanceUID < b.subSeries.key.seriesInstanceUID
        }
        return a.order < b.order
    }
}
