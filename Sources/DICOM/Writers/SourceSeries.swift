/// The source instances an output is derived from: the CT series (the grid msl writes on) and the MR
/// series, as the index read them. Every writer cites all of them (Source Image Sequence or its
/// equivalent) and copies the patient and study from the `reference` instance.
public struct SourceSeries: Sendable, Equatable {
    /// CT instances (Modality CT), in any order.
    public var ct: [InstanceMetadata]
    /// MR instances (Modality MR), in any order.
    public var mr: [InstanceMetadata]

    /// Sources from their CT and MR instances; either may be empty, not both.
    public init(ct: [InstanceMetadata] = [], mr: [InstanceMetadata] = []) {
        self.ct = ct
        self.mr = mr
    }

    /// CT then MR, each sorted by Instance Number then SOP Instance UID (a stable citation order).
    public var all: [InstanceMetadata] { Self.sorted(ct) + Self.sorted(mr) }

    /// Where the patient, study, Specific Character Set and Patient Position are copied from: the first
    /// CT instance (msl writes on the CT's grid and into the CT's study), else the first MR instance.
    public var reference: InstanceMetadata? { Self.sorted(ct).first ?? Self.sorted(mr).first }

    static func sorted(_ instances: [InstanceMetadata]) -> [InstanceMetadata] {
        instances.sorted {
            ($0.instanceNumber ?? Int.max, $0.sopInstanceUID) < ($1.instanceNumber ?? Int.max, $1.sopInstanceUID)
        }
    }

    /// Every problem with the sources at once; empty when usable:
    /// - at least one instance; CT entries have Modality CT and MR entries MR;
    /// - SOP Class, SOP Instance, Study and Series Instance UIDs are UIDs, SOP Instance UIDs unique;
    /// - one patient: the same Patient ID and Issuer of Patient ID everywhere (a CT and an MR of two
    ///   patients must never meet in one output).
    public func problems() -> [String] {
        var found: [String] = []
        if ct.isEmpty && mr.isEmpty { found.append("no source instance was given") }
        for (list, modality) in [(ct, "CT"), (mr, "MR")] {
            for instance in list where instance.modality != modality {
                found.append("\(instance.path): Modality is \(instance.modality), listed as a \(modality) source")
            }
        }
        var seen: Set<String> = []
        for instance in ct + mr {
            for (name, uid) in [
                ("SOP Class UID", instance.sopClassUID), ("SOP Instance UID", instance.sopInstanceUID),
                ("Study Instance UID", instance.studyInstanceUID),
                ("Series Instance UID", instance.seriesInstanceUID),
            ] where !DICOMValueCheck.isUID(uid) {
                found.append("\(instance.path): \(name) '\(uid)' is not a UID")
            }
            if !seen.insert(instance.sopInstanceUID).inserted {
                found.append("\(instance.path): SOP Instance UID \(instance.sopInstanceUID) is listed twice")
            }
        }
        // Patient IDs are PHI: the message names the files, never the values.
        let everyone = ct + mr
        if let first = everyone.first,
            let other = everyone.first(where: {
                ($0.patientID ?? "", $0.issuerOfPatientID ?? "") != (
                    first.patientID ?? "", first.issuerOfPatientID ?? ""
                )
            })
        {
            found.append(
                "\(first.path) and \(other.path) belong to different patients (Patient ID or Issuer of Patient ID "
                    + "differ); one output never mixes patients")
        }
        return found
    }
}
