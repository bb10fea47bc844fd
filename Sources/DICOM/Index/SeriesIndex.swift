/// Instances grouped into patients → studies → series → sub-series, plus what was skipped and why.
///
/// This is the pure grouping: it takes metadata the reader already extracted and never touches a
/// file. Series are keyed by `SeriesKey` (PatientID + IssuerOfPatientID, StudyInstanceUID,
/// SeriesInstanceUID). A series whose instances cannot be one volume is split into sub-series, one
/// named reason at a time (`SplitReason`): orientation, image size, echo, temporal position, and
/// acquisition (only when positions repeat across acquisitions). Localizers and our own outputs are
/// skipped by default and listed in `skipped` with the tag and value that gave them away.
/// Selection rules (ImageType DERIVED/SECONDARY exclusion, modality, description) are applied later,
/// on the sub-series; the index only removes what can never be an input volume.
public struct SeriesIndex: Sendable, Equatable {
    /// Patients ordered by issuer, then PatientID.
    public let patients: [IndexedPatient]
    /// Instances left out, with the reason, in series then instance order.
    public let skipped: [SkippedInstance]

    /// An index from its parts.
    public init(patients: [IndexedPatient], skipped: [SkippedInstance]) {
        self.patients = patients
        self.skipped = skipped
    }

    /// Every series, patient by patient, study by study.
    public var allSeries: [IndexedSeries] { patients.flatMap { $0.studies.flatMap(\.series) } }

    /// Every sub-series (the candidate volumes), in index order.
    public var allSubSeries: [SubSeries] { allSeries.flatMap(\.subSeries) }

    /// Groups `instances` into the tree, skipping and splitting as `options` say.
    ///
    /// Deterministic: the same instances in any order give the same index.
    public static func build(from instances: [InstanceMetadata], options: SeriesIndexOptions = .init()) -> SeriesIndex {
        var skipped: [SkippedInstance] = []
        var bySeries: [SeriesKey: [InstanceMetadata]] = [:]
        for instance in instances {
            if let skip = skipReason(for: instance, options: options) {
                skipped.append(skip)
            } else {
                bySeries[SeriesKey(instance), default: []].append(instance)
            }
        }
        var seriesByStudy: [PatientKey: [String: [IndexedSeries]]] = [:]
        for key in bySeries.keys.sorted() {
            var members = bySeries[key, default: []].sorted(by: SubSeries.deterministicOrder)
            if options.skipLocalizers {
                let scouts = orthogonalScouts(in: members, options: options)
                skipped += scouts
                members.removeAll { member in scouts.contains { $0.instance == member } }
            }
            guard !members.isEmpty else { continue }
            let series = IndexedSeries(key: key, subSeries: split(members, key: key, options: options))
            seriesByStudy[key.patient, default: [:]][key.studyInstanceUID, default: []].append(series)
        }
        let patients = seriesByStudy.keys.sorted().map { patient in
            let studies = seriesByStudy[patient, default: [:]]
            return IndexedPatient(
                key: patient,
                studies: studies.keys.sorted().map { uid in
                    IndexedStudy(studyInstanceUID: uid, series: studies[uid, default: []].sorted(by: seriesOrder))
                })
        }
        let orderedSkips = skipped.sorted { a, b in
            let (ka, kb) = (SeriesKey(a.instance), SeriesKey(b.instance))
            return ka != kb ? ka < kb : SubSeries.deterministicOrder(a.instance, b.instance)
        }
        return SeriesIndex(patients: patients, skipped: orderedSkips)
    }

    /// SeriesNumber ascending (absent last), then SeriesInstanceUID.
    static func seriesOrder(_ a: IndexedSeries, _ b: IndexedSeries) -> Bool {
        let (na, nb) = (a.seriesNumber ?? Int.max, b.seriesNumber ?? Int.max)
        return na != nb ? na < nb : a.key.seriesInstanceUID < b.key.seriesInstanceUID
    }
}
