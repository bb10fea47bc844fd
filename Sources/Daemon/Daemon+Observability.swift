import Foundation
import Imaging

extension Daemon {
    /// Watchdog ping, systemd STATUS when it changed, and the metrics file every `metrics.interval_seconds`.
    func observe(now: Double) throws {
        pingWatchdog()
        let status = statusLine()
        if status != lastStatus {
            lastStatus = status
            try? notifier?.status(status)
        }
        if now - lastMetricsWrite >= configuration.metrics.intervalSeconds { try writeMetrics(now: now) }
    }

    /// `WATCHDOG=1` at half the interval systemd asked for (WatchdogSec).
    func pingWatchdog() {
        guard let notifier, let interval = SystemdNotifier.watchdogInterval(environment: ProcessInfo.processInfo.environment)
        else { return }
        let now = ContinuousClock.now
        if now - lastWatchdog >= interval / 2 {
            lastWatchdog = now
            try? notifier.watchdog()
        }
    }

    /// One line for `systemctl status`: queue depth, running jobs, pause.
    func statusLine() -> String {
        let queued = ((try? journal.stateCounts()) ?? [:])[.queued] ?? 0
        return "queue \(queued), running \(running.count)" + (intakePaused ? ", intake paused (disk space)" : "")
    }

    func writeMetrics(now: Double) throws {
        lastMetricsWrite = now
        metrics.jobs = try journal.stateCounts()
        metrics.quarantined = try journal.quarantineCounts()
        metrics.running = running.count
        metrics.intakePaused = intakePaused
        metrics.pendingFiles = pending.count + candidates.count
        metrics.peakResidentBytes = PeakMemory.residentBytes()
        do {
            try AtomicFile.write(Data(metrics.render().utf8), to: URL(fileURLWithPath: configuration.metricsFile))
        } catch {
            log.warning("metrics.write_failed", ["message": .message("\(error)")])
        }
    }
}
