import Foundation

extension Daemon {
    /// Judges the candidate paths and the pending ones that are due: admits DICOM into jobs, quarantines what
    /// can never be input, and keeps files still being written for later.
    func intake(now: Double) throws {
        for (path, due) in pending where due <= now {
            pending[path] = nil
            candidates.insert(path)
        }
        let batch = candidates.sorted()
        candidates.removeAll()
        for path in batch {
            guard let inbox = inbox(of: path) else { continue }
            try judge(path, inbox: inbox, now: now)
        }
    }

    private func inbox(of path: String) -> String? {
        configuration.folders.inboxes.first { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    private func judge(_ path: String, inbox: String, now: Double) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // gone already
        let mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        if let known = try journal.file(at: path), known.size == Int(info.st_size), known.mtime == mtime { return }
        if ownOutputs[path] == mtime { return }
        let relative = String(path.dropFirst(inbox.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        switch FileAdmission.judge(
            path, modalities: configuration.intake.modalities, quietSeconds: configuration.completeness.seriesQuietSeconds,
            now: now)
        {
        case .ignored:
            return
        case .notYet(let retryAt):
            pending[path] = retryAt
        case .ownOutput:
            ownOutputs[path] = mtime
            log.info("intake.own_output_ignored", ["file.key": .key(salt.key(path))])
        case .rejected(let reason, let message):
            let file = FileRecord(
                path: path, inbox: inbox, relativePath: relative, jobID: "", size: Int(info.st_size), mtime: mtime,
                sopInstanceUID: "", seriesKey: "", modality: "", instanceNumber: nil, frames: 1, positionMM: nil,
                receivedAt: now)
            let group = "file:" + salt.key(path).description
            let job = try journal.transaction { () -> JobRecord in
                guard case .joined(let job, _) = try journal.admit(file, group: group, dropRoot: nil, at: now) else {
                    throw JournalError.job(id: group, reason: "a rejected file joined an open job")
                }
                try journal.move(
                    job.id, from: .received, to: .quarantined, at: now, note: "rejected at intake",
                    set: ["reason": reason, "message": message])
                return job
            }
            metrics.failures[reason, default: 0] += 1
            log.warning(
                "intake.rejected",
                ["job.id": .code(job.id), "file.key": .key(salt.key(path)), "reason": .code(reason), "message": .message(message)])
        case .admitted(let facts):
            let (group, dropRoot) = grouping(relative: relative, inbox: inbox, patient: facts.patient)
            let file = FileRecord(
                path: path, inbox: inbox, relativePath: relative, jobID: "", size: facts.size, mtime: facts.mtime,
                sopInstanceUID: facts.sopInstanceUID,
                seriesKey: salt.key(facts.patient + "|" + facts.studyInstanceUID + "|" + facts.seriesInstanceUID).description,
                modality: facts.modality, instanceNumber: facts.instanceNumber, frames: facts.frames,
                positionMM: facts.positionMM, receivedAt: now)
            switch try journal.admit(file, group: group, dropRoot: dropRoot, at: now) {
            case .joined(let job, let created):
                if created {
                    log.info("job.received", ["job.id": .code(job.id), "study.key": .key(HashedKey(hex: group))])
                }
            case .replanned(let job, let wasRunning):
                running[job.id]?.cancel()
                log.warning(
                    "job.replanned",
                    ["job.id": .code(job.id), "series.key": .key(HashedKey(hex: file.seriesKey)), "was_running": .bool(wasRunning)])
            }
        }
    }

    /// The job group of an admitted file: its drop folder (`group_by = "folder"`, files below a top-level folder
    /// of the inbox), otherwise its patient. Returns the hashed key and the drop folder to tidy after the job.
    private func grouping(relative: String, inbox: String, patient: String) -> (String, String?) {
        let components = relative.split(separator: "/")
        if configuration.intake.groupBy == .folder, components.count >= 2 {
            let drop = (inbox as NSString).appendingPathComponent(String(components[0]))
            return (salt.key("folder:" + drop).description, drop)
        }
        return (salt.key("patient:" + patient).description, nil)
    }

    /// Pauses intake and job starts while any daemon folder's file system has less than `min_free_mib` free.
    func updateDiskState() {
        let minimum = configuration.intake.minimumFreeMiB * 1_048_576
        var free: [String: Int] = [:]
        for (role, folder) in [
            ("inbox", configuration.folders.inboxes[0]), ("work", configuration.folders.work),
            ("outbox", configuration.folders.outbox), ("state", configuration.folders.state),
        ] {
            free[role] = DiskSpace.freeBytes(folder)
        }
        metrics.freeBytes = free
        metrics.minimumFreeBytes = minimum
        let low = ["work", "outbox", "state"].contains { (free[$0] ?? Int.max) < minimum }
        if low != intakePaused {
            intakePaused = low
            if low {
                log.warning("intake.paused", ["minimum_free_mib": .int(configuration.intake.minimumFreeMiB)])
            } else {
                log.info("intake.resumed", [:])
                for inbox in configuration.folders.inboxes { candidates.formUnion(InboxWatcher.files(under: inbox)) }
            }
        }
    }
}
