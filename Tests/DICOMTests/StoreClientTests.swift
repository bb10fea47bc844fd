import Foundation
import Testing

@testable import DICOM

#if canImport(Glibc)
    import Glibc
#endif

/// C-STORE against DCMTK's `storescp` on loopback: real associations, real files on the peer's disk.
/// Each test starts its own `storescp` on a free port and terminates it in every path.
@Suite struct StoreClientTests {
    typealias T = AttributeTag

    @Test func sendsASeriesAndThePeerStoresTheSameInstances() throws {
        let folder = try WriterFixtures.temporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try WriterFixtures.sources(in: folder)
        let sources = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appendingPathComponent($0).path }
        let jpegLS = try ReaderFixtures.fixture("reader_signed12_jpegls.dcm")
        let paths = sources + [jpegLS]

        try StoreSCP.run(in: folder) { scp in
            let outcomes = try StoreClient(host: "127.0.0.1", port: scp.port, calledAETitle: "MSLPACS").send(paths)
            #expect(outcomes.map(\.path) == paths)
            for outcome in outcomes {
                #expect(outcome.status == 0x0000, "\(outcome)")
                #expect(outcome.classification == .success && outcome.isDelivered)
            }
            let received = try scp.receivedByInstanceUID()
            #expect(received.count == paths.count, "\(received.keys.sorted())\n\(scp.log())")
            for path in sources {
                let sent = try DICOMFile(path: path)
                let uid = try #require(try sent.string(T.sopInstanceUID))
                let copy = try #require(received[uid], "\(uid) not received")
                let stored = try DICOMFile(path: copy)
                #expect(try stored.string(T.sopClassUID) == sent.string(T.sopClassUID))
                #expect(try stored.transferSyntaxUID() == sent.transferSyntaxUID())
                #expect(
                    try DICOMDataset(contentsOf: copy).values(T.pixelData, as: UInt8.self)
                        == DICOMDataset(contentsOf: path).values(T.pixelData, as: UInt8.self))
            }
            // This storescp takes only uncompressed syntaxes: the JPEG-LS file was decompressed on the way.
            let copy = try #require(received["1.2.826.0.1.3680043.9.7433.1.1"], "JPEG-LS fixture not received")
            let stored = try DICOMFile(path: copy)
            #expect(try stored.transferSyntaxUID() == "1.2.840.10008.1.2.1")
            let original = try DICOMFile(path: jpegLS)
            for frame in 0..<2 { #expect(try stored.storedValues(frame: frame) == original.storedValues(frame: frame)) }
        }
    }

    @Test func keepsACompressedSyntaxThePeerAcceptsAndReportsAnUnsupportedSOPClass() throws {
        let folder = try WriterFixtures.temporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let odd = folder.appendingPathComponent("private-class.dcm").path
        try WriterFixtures.writeInstance(
            to: odd, modality: "CT", k: 0, geometry: try WriterFixtures.ctGeometry(),
            seriesUID: "1.2.826.0.1.3680043.8.498.77",
            frameUID: WriterFixtures.ctFrameUID, patientName: "Doe^Jane", characterSet: nil, encoding: .ascii
        ) { try $0.set(T.sopClassUID, "1.2.826.0.1.3680043.8.498.99") }
        let jpegLS = try ReaderFixtures.fixture("reader_signed12_jpegls.dcm")

        try StoreSCP.run(in: folder, options: ["+xa"]) { scp in
            let outcomes = try StoreClient(host: "127.0.0.1", port: scp.port, calledAETitle: "MSLPACS").send([
                odd, jpegLS,
            ])
            #expect(outcomes[0].status == StoreOutcome.notSent)
            #expect(outcomes[0].classification == .failure && !outcomes[0].isDelivered)
            #expect(
                outcomes[0].detail
                    == "the peer accepted no presentation context for 1.2.826.0.1.3680043.8.498.99 in "
                    + "Explicit or Implicit VR Little Endian"
            )
            #expect(outcomes[0].description.hasPrefix("\(odd): not sent (status 0xFFFF): the peer accepted"))
            #expect(outcomes[1].status == 0x0000, "\(outcomes[1])")
            let received = try scp.receivedByInstanceUID()
            #expect(Array(received.keys) == ["1.2.826.0.1.3680043.9.7433.1.1"])
            let stored = try DICOMFile(path: try #require(received.values.first))
            #expect(try stored.transferSyntaxUID() == "1.2.840.10008.1.2.4.80")  // JPEG-LS lossless, as sent
            #expect(try stored.storedValues(frame: 1) == DICOMFile(path: jpegLS).storedValues(frame: 1))
        }
    }

    @Test func nothingListeningIsATransientNetworkErrorNamingThePeer() throws {
        let port = try StoreSCP.freePort()
        let client = StoreClient(host: "127.0.0.1", port: port, calledAETitle: "MSLPACS", timeoutSeconds: 5)
        let error = try #require(throws: DICOMError.self) {
            try client.send([try ReaderFixtures.fixture("reader_s8_odd.dcm")])
        }
        guard case .network(let peer, let reason) = error else {
            Issue.record("expected .network, got \(error)")
            return
        }
        #expect(peer == "127.0.0.1:\(port)")
        #expect(reason.contains("Connection refused"), "\(reason)")
        #expect(error.isTransient)
        #expect(error.description.hasPrefix("127.0.0.1:\(port): cannot open an association"))
    }

    /// storescp 3.6.7 accepts any called AE title (neither it nor dcmrecv checks it), so the refusing
    /// peer is `storescp --refuse`, which rejects every association request.
    @Test func aRejectedAssociationIsANetworkErrorWithThePeersReason() throws {
        let folder = try WriterFixtures.temporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: folder) }
        try StoreSCP.run(in: folder, options: ["--refuse"]) { scp in
            let client = StoreClient(host: "127.0.0.1", port: scp.port, calledAETitle: "NOTMSLPACS")
            let error = try #require(throws: DICOMError.self) {
                try client.send([try ReaderFixtures.fixture("reader_s8_odd.dcm")])
            }
            guard case .network(let peer, let reason) = error else {
                Issue.record("expected .network, got \(error)")
                return
            }
            #expect(peer == "127.0.0.1:\(scp.port)")
            #expect(
                reason.hasPrefix(
                    "the peer rejected the association (called AE title 'NOTMSLPACS', calling AE title 'MSL')"),
                "\(reason)")
            #expect(reason.contains("Rejected Permanent"), "\(reason)")
            #expect(error.isTransient)
            #expect(try scp.receivedByInstanceUID().isEmpty)
        }
    }

    /// A peer that accepts the TCP connection but never answers: the association request gives up after
    /// `timeoutSeconds`, instead of blocking the daemon's export.
    @Test func aSilentPeerTimesOut() throws {
        let (fd, port) = try StoreSCP.boundSocket()
        defer { close(fd) }
        try #require(listen(fd, 4) == 0, "listen: \(String(cString: strerror(errno)))")
        let client = StoreClient(host: "127.0.0.1", port: port, calledAETitle: "MSLPACS", timeoutSeconds: 1)
        let start = Date()
        let error = try #require(throws: DICOMError.self) {
            try client.send([try ReaderFixtures.fixture("reader_s8_odd.dcm")])
        }
        let elapsed = Date().timeIntervalSince(start)
        guard case .network(let peer, let reason) = error else {
            Issue.record("expected .network, got \(error)")
            return
        }
        #expect(peer == "127.0.0.1:\(port)")
        #expect(reason.hasPrefix("cannot open an association"), "\(reason)")
        #expect(elapsed >= 0.9 && elapsed < 4, "gave up after \(elapsed) s")
    }

    /// A peer that aborts the association on the first C-STORE (`storescp --abort-after`): the batch fails
    /// as a network error naming the file being sent.
    @Test func anAbortDuringTheBatchIsANetworkErrorNamingTheFile() throws {
        let folder = try WriterFixtures.temporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = [
            try ReaderFixtures.fixture("reader_s8_odd.dcm"), try ReaderFixtures.fixture("reader_u10_highbit13.dcm"),
        ]
        try StoreSCP.run(in: folder, options: ["--abort-after"]) { scp in
            let client = StoreClient(host: "127.0.0.1", port: scp.port, calledAETitle: "MSLPACS", timeoutSeconds: 5)
            let error = try #require(throws: DICOMError.self) { try client.send(paths) }
            guard case .network(_, let reason) = error else {
                Issue.record("expected .network, got \(error)")
                return
            }
            #expect(reason.hasPrefix("C-STORE of \(paths[0]) (file 1 of 2) failed: "), "\(reason)")
            #expect(error.isTransient)
        }
    }

    /// Invalid settings fail before connecting: against a closed port a connection attempt would be `.network`.
    @Test func invalidSettingsFailBeforeConnecting() throws {
        let port = try StoreSCP.freePort()
        let path = try ReaderFixtures.fixture("reader_s8_odd.dcm")
        let cases: [(StoreClient, String)] = [
            (
                StoreClient(host: "127.0.0.1", port: port, calledAETitle: "PACS\\1"),
                "called AE title 'PACS\\1' contains a backslash"
            ),
            (
                StoreClient(host: "127.0.0.1", port: port, calledAETitle: "ABCDEFGHIJKLMNOPQ"),
                "has 17 characters, more than 16"
            ),
            (
                StoreClient(host: "127.0.0.1", port: port, callingAETitle: "   ", calledAETitle: "PACS"),
                "the calling AE title is only spaces"
            ),
            (
                StoreClient(host: "127.0.0.1", port: port, callingAETitle: "", calledAETitle: "PACS"),
                "the calling AE title is empty"
            ),
            (StoreClient(host: "127.0.0.1", port: port, calledAETitle: "PA\nCS"), "contains a control character"),
            (StoreClient(host: "127.0.0.1", port: 0, calledAETitle: "PACS"), "port 0 is outside 1...65535"),
            (StoreClient(host: "127.0.0.1", port: 70000, calledAETitle: "PACS"), "port 70000 is outside 1...65535"),
            (StoreClient(host: "pacs host", port: port, calledAETitle: "PACS"), "is not a host name or IPv4 address"),
            (StoreClient(host: "127.0.0.1", port: port, calledAETitle: "PACS", timeoutSeconds: 0), "timeout 0 s"),
        ]
        for (client, expected) in cases {
            let error = try #require(throws: DICOMError.self) { try client.send([path]) }
            guard case .invalidPeer(let peer, let reason) = error else {
                Issue.record("expected .invalidPeer for \(client), got \(error)")
                continue
            }
            #expect(peer == client.peer)
            #expect(reason.contains(expected), "\(reason)")
            #expect(!error.isTransient)
        }
        let both = StoreClient(host: "127.0.0.1", port: 0, callingAETitle: "", calledAETitle: "PACS")
        #expect(
            throws: DICOMError.invalidPeer(
                peer: "127.0.0.1:0", reason: "port 0 is outside 1...65535; the calling AE title is empty")
        ) {
            try both.send([path])
        }
        #expect(try StoreClient(host: "127.0.0.1", port: port, calledAETitle: "PACS").send([]) == [])
    }

    /// Every file is read before connecting: an unreadable one fails the batch, named, without a connection.
    @Test func anUnreadableFileFailsTheBatchBeforeConnecting() throws {
        let folder = try WriterFixtures.temporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.txt").path
        try Data("not DICOM at all, just some words that fill more than 132 bytes of a file ".utf8 + Data(count: 200))
            .write(to: URL(fileURLWithPath: text))
        let missing = folder.appendingPathComponent("missing.dcm").path
        let client = StoreClient(host: "127.0.0.1", port: try StoreSCP.freePort(), calledAETitle: "PACS")
        let good = try ReaderFixtures.fixture("reader_s8_odd.dcm")
        let unreadable = try #require(throws: DICOMError.self) { try client.send([good, text]) }
        guard case .unreadable(let path, let reason) = unreadable else {
            Issue.record("expected .unreadable, got \(unreadable)")
            return
        }
        #expect(path == text)
        #expect(reason.contains("not a DICOM file"), "\(reason)")
        let absent = try #require(throws: DICOMError.self) { try client.send([missing]) }
        guard case .io(let absentPath, let absentReason) = absent else {
            Issue.record("expected .io, got \(absent)")
            return
        }
        #expect(absentPath == missing)
        #expect(absentReason.contains("No such file"), "\(absentReason)")
    }

    @Test func outcomesClassifyStatusesAndSayWhy() {
        #expect(StoreOutcome.classify(0x0000) == .success)
        for warning: UInt16 in [0xB000, 0xB006, 0xB007] { #expect(StoreOutcome.classify(warning) == .warning) }
        for failure: UInt16 in [0xA700, 0xA900, 0xC000, 0x0122, 0x0001, 0xB001, StoreOutcome.notSent] {
            #expect(StoreOutcome.classify(failure) == .failure)
        }
        #expect(StoreOutcome(path: "/o/a.dcm", status: 0).description == "/o/a.dcm: stored")
        let coerced = StoreOutcome(path: "/o/a.dcm", status: 0xB000, detail: "PatientName changed")
        #expect(coerced.isDelivered)
        #expect(
            coerced.description
                == "/o/a.dcm: stored with warning 0xB000 (coercion of data elements): PatientName changed")
        let full = StoreOutcome(path: "/o/a.dcm", status: 0xA701)
        #expect(!full.isDelivered)
        #expect(full.description == "/o/a.dcm: refused with status 0xA701 (out of resources)")
        #expect(StoreOutcome(path: "/o/a.dcm", status: 0x0122).description.contains("0x0122 (SOP class not supported)"))
        let error = DICOMError.network(peer: "pacs:104", reason: "timeout")
        #expect(error.description == "pacs:104: timeout")
        #expect(error.isTransient)
        #expect(!DICOMError.invalidPeer(peer: "pacs:104", reason: "bad").isTransient)
    }
}

/// A `storescp` (DCMTK) listening on a free loopback port, writing what it receives into a folder.
struct StoreSCP {
    let port: Int
    let output: URL
    let logFile: URL

    /// Starts `storescp --aetitle MSLPACS [options] PORT` writing into `parent/received`, waits until it
    /// listens, runs `body`, and terminates it whatever happens.
    static func run(in parent: URL, options: [String] = [], _ body: (StoreSCP) throws -> Void) throws {
        let output = parent.appendingPathComponent("received", isDirectory: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let logFile = parent.appendingPathComponent("storescp.log")
        try #require(
            FileManager.default.createFile(atPath: logFile.path, contents: nil), "cannot create \(logFile.path)")
        let port = try freePort()
        let process = Process()
        process.executableURL = try executable("storescp")
        process.arguments = ["--output-directory", output.path, "--aetitle", "MSLPACS"] + options + [String(port)]
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            // SIGKILL, not terminate(): the child inherits the test thread's signal mask, in which
            // libdispatch blocks SIGTERM, so storescp would never see it and waitUntilExit would hang.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let scp = StoreSCP(port: port, output: output, logFile: logFile)
        let deadline = Date().addingTimeInterval(5)
        while !isListening(port) {
            try #require(process.isRunning, "storescp exited: \(scp.log())")
            try #require(Date() < deadline, "storescp did not listen on \(port) within 5 s: \(scp.log())")
            usleep(20_000)
        }
        try body(scp)
    }

    /// The received files by their SOP Instance UID.
    func receivedByInstanceUID() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: output.path) {
            let path = output.appendingPathComponent(name).path
            if let uid = try DICOMFile(path: path).string(AttributeTag.sopInstanceUID) { files[uid] = path }
        }
        return files
    }

    /// What storescp printed, for failure messages.
    func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// A TCP port nothing listens on now: the kernel's pick for a socket bound to port 0, then closed.
    static func freePort() throws -> Int {
        let (fd, port) = try boundSocket()
        close(fd)
        return port
    }

    /// A TCP socket bound to a loopback port the kernel picks, and that port; the caller closes it.
    static func boundSocket() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0, "socket: \(String(cString: strerror(errno)))")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        if !bound { close(fd) }
        try #require(bound, "bind: \(String(cString: strerror(errno)))")
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Whether a socket listens on `port`, read from /proc/net/tcp{,6} (state 0A), so that waiting
    /// does not open a connection storescp would have to handle.
    static func isListening(_ port: Int) -> Bool {
        let hexPort = String(format: ":%04X", port)
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                if fields.count > 3, fields[1].hasSuffix(hexPort), fields[3] == "0A" { return true }
            }
        }
        return false
    }

    /// The tool on PATH; fails the test when DCMTK's tools are missing.
    static func executable(_ name: String) throws -> URL {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        let found = folders.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "\(name) not on PATH (Debian package dcmtk; Scripts/setup installs it)")
    }
}
