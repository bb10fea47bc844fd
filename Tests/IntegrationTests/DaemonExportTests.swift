import DICOM
import Foundation
import Phantom
import Testing

/// The optional PACS export against a real DCMTK `storescp` on loopback: while the PACS is down the export is
/// retried with backoff (the job itself has succeeded); once it listens every output instance arrives, and the
/// transfer report says so.
@Suite(
    .serialized,
    .enabled(if: DICOMValidationTools.toolsInstalled),
    .enabled(if: FileManager.default.fileExists(atPath: TemplateAtlas.Sources.standard.colin27)))
struct DaemonExportTests {
    /// A loopback port nothing listens on now (the kernel's pick for a socket bound to port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func exportsAreRetriedUntilThePACSListensThenEveryInstanceArrives() throws {
        let port = try Self.freePort()
        let harness = try DaemonHarness(
            label: "export",
            sections: [
                "export": """
                name = "pacs"
                host = "127.0.0.1"
                port = \(port)
                called_ae = "MSLPACS"
                timeout_seconds = 5
                max_attempts = 30
                backoff_seconds = [1]
                """
            ], pipeline: DaemonHarness.tinyPipelineYAML)
        // A table array: the harness writes [export]; TOML wants [[export]] for an array of tables.
        let toml = try String(contentsOf: harness.configFile, encoding: .utf8).replacingOccurrences(of: "[export]", with: "[[export]]")
        try toml.write(to: harness.configFile, atomically: true, encoding: .utf8)
        try harness.start()
        #expect(harness.wait(for: "daemon.started", timeout: 30))
        try harness.drop(try DaemonProcessTests.study(DaemonOperationsTests.tiny, "P0004"), as: "drop")
        #expect(harness.wait(for: "job.succeeded", timeout: 120))
        #expect(harness.wait(for: "export.retrying", timeout: 60))

        let received = harness.root.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let scp = Process()
        scp.executableURL = URL(fileURLWithPath: "/usr/bin/storescp")
        scp.arguments = ["--output-directory", received.path, "--aetitle", "MSLPACS", String(port)]
        scp.standardOutput = FileHandle.nullDevice
        scp.standardError = FileHandle.nullDevice
        try scp.run()
        defer {
            // SIGKILL: a child of a test thread inherits a mask that blocks SIGTERM.
            kill(scp.processIdentifier, SIGKILL)
            scp.waitUntilExit()
        }
        #expect(harness.wait(for: "export.sent", timeout: 60))
        let job = try #require(try harness.outboxEntries().first { $0.hasPrefix("msl-") })
        let sent = try DaemonProcessTests.dicomDigests(harness.outbox.appendingPathComponent(job))
        let arrived = try FileManager.default.contentsOfDirectory(atPath: received.path)
        #expect(arrived.count == sent.count, "\(arrived.count) of \(sent.count) instances arrived")
        let report = try #require(
            JSONSerialization.jsonObject(
                with: Data(contentsOf: harness.state.appendingPathComponent("transfers/j000001-pacs.json"))) as? [String: Any])
        #expect(report["delivered"] as? Int == sent.count)
        #expect(report["failed"] as? Int == 0)
        #expect(try harness.command(["status"]).output.contains("exports: pending 0, sent 1, failed 0"))
        #expect(harness.stop() == 0)
    }
}
