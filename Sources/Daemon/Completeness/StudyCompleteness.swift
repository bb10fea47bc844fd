/// When a job's study has all it will get (clinical-conventions §2): quiescence plus structure, decided from the
/// journal's file records and a time, so a test can ask about any moment without waiting.
///
/// - A series is *quiet* when no file of it arrived for `series_quiet_seconds`, and *whole* when its
///   InstanceNumbers run without a gap, and the spacing of its slice positions has no hole wider than 1.5 times
///   the median step (a single multi-frame file is whole by itself).
/// - The study is complete when every series is quiet and whole and each expected modality has one; or, with
///   every series quiet, once `study_timeout_seconds` passed since its last file (it goes ahead with what it
///   has: a CT-only study, or a series with a gap that the geometry gate will judge); or in any case
///   `study_force_seconds` after its first file.
public struct StudyCompleteness: Sendable {
    public var rules: DaemonConfiguration.Completeness

    public init(_ rules: DaemonConfiguration.Completeness) { self.rules = rules }

    public enum Verdict: Sendable, Equatable {
        case waiting
        /// Complete, and why (`expected series`, `timeout`, `forced`).
        case complete(String)
    }

    public struct SeriesState: Sendable, Equatable {
        public var key: String
        public var modality: String
        public var quiet: Bool
        public var whole: Bool
    }

    /// The series of `files` and their state at `now`.
    public func series(_ files: [FileRecord], now: Double) -> [SeriesState] {
        Dictionary(grouping: files, by: \.seriesKey).keys.sorted().map { key in
            let members = files.filter { $0.seriesKey == key }
            let last = members.map(\.receivedAt).max() ?? now
            return SeriesState(
                key: key, modality: members[0].modality, quiet: now - last >= rules.seriesQuietSeconds,
                whole: Self.isWhole(members))
        }
    }

    /// The verdict for a job with `files`, first and last file times, at `now`.
    public func judge(_ files: [FileRecord], firstFileAt: Double, lastFileAt: Double, now: Double) -> Verdict {
        if now - firstFileAt >= rules.studyForceSeconds { return .complete("forced") }
        let states = series(files, now: now)
        guard !states.isEmpty, states.allSatisfy(\.quiet) else { return .waiting }
        let expectedPresent = rules.expectedModalities.allSatisfy { modality in
            states.contains { $0.modality == modality && $0.whole }
        }
        if states.allSatisfy(\.whole) && expectedPresent { return .complete("expected series") }
        if now - lastFileAt >= rules.studyTimeoutSeconds { return .complete("timeout") }
        return .waiting
    }

    /// Structure of one series: contiguous InstanceNumbers and no hole in the slice positions.
    static func isWhole(_ files: [FileRecord]) -> Bool {
        if files.count == 1 { return true }
        let numbers = Set(files.compactMap(\.instanceNumber))
        if numbers.count == files.count, let low = numbers.min(), let high = numbers.max(), high - low + 1 != numbers.count {
            return false
        }
        let positions = Set(files.compactMap { $0.positionMM.map { ($0 * 1000).rounded() / 1000 } }).sorted()
        guard positions.count >= 3 else { return true }
        let steps = zip(positions.dropFirst(), positions).map { $0 - $1 }
        let median = steps.sorted()[steps.count / 2]
        return median <= 0 || steps.allSatisfy { $0 <= 1.5 * median }
    }
}
