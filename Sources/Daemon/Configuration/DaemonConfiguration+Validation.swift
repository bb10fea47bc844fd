import Foundation

extension DaemonConfiguration {
    /// Checks what types cannot: absolute, distinct, non-nested folders; positive counts and times; known
    /// modalities; export destinations a PACS could accept.
    public func validate(file: String) throws {
        func fail(_ key: String, _ reason: String) -> DaemonConfigurationError {
            .invalid(file: file, key: key, reason: reason)
        }
        guard !folders.inboxes.isEmpty else { throw fail("folders.inboxes", "at least one inbox is needed") }
        let named =
            folders.inboxes.enumerated().map { ("folders.inboxes[\($0.offset + 1)]", $0.element) }
            + [
                ("folders.work", folders.work), ("folders.outbox", folders.outbox),
                ("folders.quarantine", folders.quarantine), ("folders.archive", folders.archive),
                ("folders.state", folders.state),
            ]
        for (key, path) in named where !path.hasPrefix("/") {
            throw fail(key, "\"\(path)\" must be an absolute path")
        }
        for (i, (keyA, a)) in named.enumerated() {
            for (keyB, b) in named[(i + 1)...] {
                let (na, nb) = (Self.normalised(a), Self.normalised(b))
                if na == nb { throw fail(keyB, "is the same folder as \(keyA)") }
                if nb.hasPrefix(na + "/") || na.hasPrefix(nb + "/") {
                    throw fail(keyB, "lies inside \(keyA) or contains it; the daemon's folders must be separate, "
                        + "or it would read its own outputs as input")
                }
            }
        }
        let known = ["CT", "MR"]
        guard !intake.modalities.isEmpty, intake.modalities.allSatisfy(known.contains) else {
            throw fail("intake.modalities", "must list some of \(known.joined(separator: ", "))")
        }
        guard intake.minimumFreeMiB >= 0 else { throw fail("intake.min_free_mib", "must be 0 or more") }
        guard completeness.expectedModalities.allSatisfy(intake.modalities.contains) else {
            throw fail("completeness.expected_modalities", "must be a subset of intake.modalities")
        }
        for (key, value) in [
            ("completeness.series_quiet_seconds", completeness.seriesQuietSeconds),
            ("completeness.study_timeout_seconds", completeness.studyTimeoutSeconds),
            ("completeness.study_force_seconds", completeness.studyForceSeconds),
            ("metrics.interval_seconds", metrics.intervalSeconds),
        ] where !(value > 0 && value.isFinite) {
            throw fail(key, "must be a positive number of seconds")
        }
        guard completeness.studyForceSeconds >= completeness.studyTimeoutSeconds else {
            throw fail("completeness.study_force_seconds", "must not be shorter than study_timeout_seconds")
        }
        guard (1...64).contains(workers.jobs) else { throw fail("workers.jobs", "must be between 1 and 64") }
        guard workers.memoryBudgetMiB >= 256 else { throw fail("workers.memory_budget_mib", "must be at least 256") }
        guard (1...256).contains(workers.threads) else { throw fail("workers.threads", "must be between 1 and 256") }
        try validate(retry, key: "retry", fail: fail)
        guard metrics.file.isEmpty || metrics.file.hasPrefix("/") else {
            throw fail("metrics.file", "\"\(metrics.file)\" must be an absolute path")
        }
        guard processing.configuration.isEmpty || processing.configuration.hasPrefix("/") else {
            throw fail("processing.configuration", "\"\(processing.configuration)\" must be an absolute path")
        }
        var names: Set<String> = []
        for (index, destination) in exports.enumerated() {
            let key = "export[\(index + 1)]"
            guard !destination.name.isEmpty, destination.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { throw fail("\(key).name", "needs a name of letters, digits, '-' or '_'") }
            guard names.insert(destination.name).inserted else { throw fail("\(key).name", "\"\(destination.name)\" is used twice") }
            guard !destination.host.isEmpty else { throw fail("\(key).host", "is required") }
            guard (1...65535).contains(destination.port) else { throw fail("\(key).port", "must be between 1 and 65535") }
            for (field, title) in [("called_ae", destination.calledAETitle), ("calling_ae", destination.callingAETitle)] {
                guard Self.isValidAETitle(title) else {
                    throw fail("\(key).\(field)", "\"\(title)\" is not an AE title (1–16 characters, no backslash or control characters)")
                }
            }
            guard destination.timeoutSeconds > 0 else { throw fail("\(key).timeout_seconds", "must be positive") }
            try validate(destination.retry, key: key, fail: fail)
        }
    }

    private func validate(
        _ retry: Retry, key: String, fail: (String, String) -> DaemonConfigurationError
    ) throws {
        guard (1...100).contains(retry.maxAttempts) else { throw fail("\(key).max_attempts", "must be between 1 and 100") }
        guard !retry.backoffSeconds.isEmpty, retry.backoffSeconds.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw fail("\(key).backoff_seconds", "must list one or more non-negative numbers of seconds")
        }
    }

    /// The DICOM rule for an AE title (PS3.5 AE): 1–16 characters of the default repertoire, no backslash, not
    /// only spaces.
    static func isValidAETitle(_ title: String) -> Bool {
        (1...16).contains(title.count) && title.allSatisfy { $0.isASCII && !$0.isNewline && $0 != "\\" && ($0.asciiValue ?? 0) >= 32 }
            && !title.allSatisfy { $0 == " " }
    }

    static func normalised(_ path: String) -> String {
        let standard = (path as NSString).standardizingPath
        return standard.count > 1 && standard.hasSuffix("/") ? String(standard.dropLast()) : standard
    }
}
