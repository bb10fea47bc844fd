/// Why no input could be chosen. Messages carry hashed patient keys only, never a PatientID or name.
public enum SelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The matching sub-series of one patient, by role.
    public struct PatientCandidates: Sendable, Equatable {
        /// `PatientKey.hashedLabel`.
        public let patient: String
        /// Labels of the sub-series matching the CT rule.
        public let ct: [String]
        /// Labels of the sub-series matching the MR rule.
        public let mr: [String]
    }

    /// No sub-series matched the CT rule or the MR rule; the explanation says why for each.
    case noCandidate(explanation: SelectionExplanation)
    /// The matching sub-series belong to more than one patient (PatientID + IssuerOfPatientID).
    case differentPatients(candidates: [PatientCandidates], explanation: SelectionExplanation)

    /// The full explanation (print it for `--explain`).
    public var explanation: SelectionExplanation {
        switch self {
        case .noCandidate(let explanation), .differentPatients(_, let explanation): return explanation
        }
    }

    /// What went wrong and what to do, followed by the explanation.
    public var description: String {
        switch self {
        case .noCandidate(let explanation):
            let examined =
                explanation.entries.isEmpty
                ? "the folder holds no image series"
                : "none of its \(SelectionExplanation.count(explanation.entries.count, "sub-series", "sub-series")) "
                    + "matched the CT rule or the MR rule"
            return "no input series to process: \(examined). Check the verdicts below and adjust the selection "
                + "rules in the configuration (docs/configuration.md, `selection`).\n" + explanation.text
        case .differentPatients(let candidates, let explanation):
            let ctPatients = candidates.filter { !$0.ct.isEmpty }
            let mrPatients = candidates.filter { !$0.mr.isEmpty }
            let who =
                ctPatients.count == 1 && mrPatients.count == 1 && ctPatients[0].patient != mrPatients[0].patient
                ? "the CT and the MR candidates belong to different patients"
                : "the candidates belong to \(candidates.count) different patients"
            let list = candidates.map { c in
                let roles = [("CT", c.ct), ("MR", c.mr)].filter { !$0.1.isEmpty }
                    .map { "\($0.0) \($0.1.joined(separator: ", "))" }.joined(separator: "; ")
                return "  patient \(c.patient): \(roles)"
            }
            return "refusing to pair series: \(who) (patients shown by hashed key; a CT and an MR are paired "
                + "only when PatientID and IssuerOfPatientID both match):\n" + list.joined(separator: "\n")
                + "\nPut one patient's series per study folder, or narrow the selection rules so that only one "
                + "patient's series match.\n" + explanation.text
        }
    }
}
