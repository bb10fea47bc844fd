import Dispatch
import Foundation

/// SIGTERM and SIGINT (stop gracefully) and SIGHUP (reload), turned into flags the daemon's loop reads. The
/// signals are ignored at the process level and delivered through dispatch sources, so no handler runs inside
/// the loop. SIGPIPE and SIGXFSZ are ignored: a closed socket or a file-size limit must become an error the
/// daemon handles, not its death.
final class DaemonSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var stop = false
    private var reload = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    private func received(_ number: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if number == SIGHUP { reload = true } else { stop = true }
    }

    var stopRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stop
    }

    /// Whether a reload was asked for since the last call.
    func takeReload() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        defer { reload = false }
        return reload
    }
}

/// A worker's job as the loop sees it: which generation it runs, its memory estimate, and a stop request the
/// worker polls between stages.
final class RunningJob: @unchecked Sendable {
    let id: String
    let generation: Int
    let memoryMiB: Int
    private let lock = NSLock()
    private var cancelled = false

    init(id: String, generation: Int, memoryMiB: Int) {
        self.id = id
        self.generation = generation
        self.memoryMiB = memoryMiB
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}

/// Results handed from worker threads to the loop.
final class ResultQueue<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    func push(_ item: Element) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    func drain() -> [Element] {
        lock.lock()
        defer { lock.unlock() }
        defer { items = [] }
        return items
    }
}
