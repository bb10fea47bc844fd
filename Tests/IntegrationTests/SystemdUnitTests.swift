import Foundation
import Testing

/// The files in `Systemd/` as systemd itself reads them (clinical-conventions §19): `systemd-analyze verify` of the
/// unit prints nothing, `systemd-analyze security --offline=true` rates it below 2.0, and `systemd-sysusers` and
/// `systemd-tmpfiles` create the user and folders from the snippets inside a temporary root. The release build and
/// `make install` are too slow for a test; the unit is verified with ExecStart pointed at the built binary.
@Suite(.enabled(if: SystemdTool.available("systemd-analyze")))
struct SystemdUnitTests {
    static let systemdFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Systemd")
    static var unitFile: URL { systemdFolder.appendingPathComponent("msl.service") }
    static let installedBinary = "/usr/local/lib/msl/msl"

    /// verify checks every directive, every unit it names and that each command exists and is executable. The
    /// shipped unit names the installed binary, which a build folder lacks, so this copy differs from it in the
    /// ExecStart path alone (asserted) and points at the binary just built.
    @Test func verifyPrintsNothing() throws {
        let shipped = try String(contentsOf: Self.unitFile, encoding: .utf8)
        let built = CommandLineTests.executable.path
        let copy = shipped.replacingOccurrences(of: "ExecStart=\(Self.installedBinary) ", with: "ExecStart=\(built) ")
        let changed = zip(shipped.split(separator: "\n"), copy.split(separator: "\n")).filter { $0 != $1 }
        #expect(changed.count == 1, "exactly the ExecStart line differs")
        let folder = try SystemdTool.temporaryFolder("verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let unit = folder.appendingPathComponent("msl.service")
        try copy.write(to: unit, atomically: true, encoding: .utf8)

        let outcome = try SystemdTool.run("systemd-analyze", ["verify", unit.path])
        #expect(outcome.status == 0)
        #expect(outcome.output.isEmpty, "stdout: \(outcome.output)")
        #expect(outcome.errors.isEmpty, "stderr: \(outcome.errors)")

        if FileManager.default.isExecutableFile(atPath: Self.installedBinary) {  // after `make install`: as shipped
            let installed = try SystemdTool.run("systemd-analyze", ["verify", Self.unitFile.path])
            #expect(installed.status == 0 && installed.output.isEmpty && installed.errors.isEmpty, "\(installed.errors)")
        }
    }

    /// The overall exposure (0 best, 10 worst) is parsed from the last line, "→ Overall exposure level for
    /// msl.service: 0.9 SAFE 😀" (":-}" in place of the emoji without a UTF-8 terminal); `--threshold=19`
    /// (tenths) makes systemd itself fail above 1.9 too.
    @Test func securityExposureIsBelowTwo() throws {
        let outcome = try SystemdTool.run(
            "systemd-analyze", ["security", "--offline=true", "--threshold=19", "--no-pager", Self.unitFile.path])
        let line = try #require(outcome.output.split(separator: "\n").last { $0.contains("Overall exposure level") })
        let match = try #require(line.firstMatch(of: try Regex<(Substring, Substring)>(#"level for [^:]+: ([0-9]+\.[0-9]+)"#)))
        let number = try #require(Double(match.output.1))
        #expect(number < 2.0, "\(line)")
        #expect(outcome.status == 0, "\(outcome.errors)")
    }

    /// What the daemon's code relies on, so an edit to the hardening cannot silently drop it.
    @Test func unitKeepsWhatTheDaemonReliesOn() throws {
        let settings = try SystemdTool.assignments(in: Self.unitFile)
        let expected: [(String, String)] = [
            ("Type", "notify"), ("NotifyAccess", "main"), ("WatchdogSec", "60"), ("TimeoutStopSec", "120"),
            ("ExecStart", "\(Self.installedBinary) daemon --config /etc/msl/msl.toml"),
            ("ExecReload", "/bin/kill -HUP $MAINPID"), ("Restart", "on-failure"), ("User", "msl"), ("Group", "msl"),
            ("ReadWritePaths", "/var/lib/msl"), ("ReadOnlyPaths", "/etc/msl"), ("ProtectSystem", "strict"),
            ("UMask", "0027"), ("MemoryDenyWriteExecute", "yes"), ("CapabilityBoundingSet", ""),
            ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"),
        ]
        for (key, value) in expected {
            #expect(settings[key] == [value], "\(key)")
        }
        #expect(settings["PrivateNetwork"] == nil, "PrivateNetwork would cut off the PACS export")
        #expect(settings["MemoryMax"]?.count == 1)
    }

    /// sysusers.d: one system group and user `msl`, home /var/lib/msl, no login shell. Written into a temporary root,
    /// so the machine's own /etc/passwd is untouched.
    @Test func sysusersCreatesTheMslUser() throws {
        let root = try SystemdTool.stagedRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try SystemdTool.run("systemd-sysusers", ["--root=\(root.path)", "msl.conf"])
        #expect(outcome.status == 0)
        let messages = outcome.errors.split(separator: "\n")
        #expect(messages.count == 2 && messages.allSatisfy { $0.hasPrefix("Creating ") }, "\(outcome.errors)")
        let user = try #require(try SystemdTool.entry("msl", in: root.appendingPathComponent("etc/passwd")))
        let group = try #require(try SystemdTool.entry("msl", in: root.appendingPathComponent("etc/group")))
        #expect(user[3] == group[2], "primary group msl")
        #expect(user[5] == "/var/lib/msl")
        #expect(user[6] == "/usr/sbin/nologin")
        let uid = try #require(Int(user[2]))
        #expect(uid > 0 && uid < 1000, "a system user")
    }

    /// tmpfiles.d: the six folders with their modes, owned by the user sysusers made (chown needs root).
    @Test(.enabled(if: geteuid() == 0, "chown in the temporary root needs root"))
    func tmpfilesCreatesTheFolders() throws {
        let root = try SystemdTool.stagedRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try SystemdTool.run("systemd-sysusers", ["--root=\(root.path)", "msl.conf"]).status == 0)
        let outcome = try SystemdTool.run("systemd-tmpfiles", ["--root=\(root.path)", "--create", "msl.conf"])
        #expect(outcome.status == 0)
        #expect(outcome.errors.isEmpty, "stderr: \(outcome.errors)")
        let user = try #require(try SystemdTool.entry("msl", in: root.appendingPathComponent("etc/passwd")))
        let folders: [(String, mode_t)] = [
            ("", 0o750), ("inbox", 0o2770), ("work", 0o750), ("outbox", 0o750), ("quarantine", 0o750),
            ("archive", 0o750), ("state", 0o750),
        ]
        for (name, mode) in folders {
            let path = root.appendingPathComponent("var/lib/msl").appendingPathComponent(name).path
            var info = stat()
            try #require(stat(path, &info) == 0, "\(path) exists")
            #expect(info.st_mode & S_IFMT == S_IFDIR, "\(name) is a folder")
            #expect(info.st_mode & 0o7777 == mode, "\(name): mode \(String(info.st_mode & 0o7777, radix: 8))")
            #expect(String(info.st_uid) == user[2] && String(info.st_gid) == user[3], "\(name) owned by msl")
        }
    }
}

/// Running systemd's tools for the tests, and reading what they wrote.
enum SystemdTool {
    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Whether /usr/bin/`tool` exists (systemd-analyze ships with the Debian package systemd).
    static func available(_ tool: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/\(tool)")
    }

    /// Runs /usr/bin/`tool`; stdout and stderr apart, since "prints nothing" is about both.
    static func run(_ tool: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SYSTEMD_COLORS": "0"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    static func temporaryFolder(_ label: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-systemd-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A root as `make install DESTDIR=` lays the snippets out (`usr/lib/{sysusers,tmpfiles}.d/msl.conf`), with
    /// an empty `etc/`; the tools resolve a bare `msl.conf` through those folders under `--root`.
    static func stagedRoot() throws -> URL {
        let root = try temporaryFolder("root")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        for (kind, source) in [("sysusers.d", "msl.sysusers.conf"), ("tmpfiles.d", "msl.tmpfiles.conf")] {
            let folder = root.appendingPathComponent("usr/lib").appendingPathComponent(kind)
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try manager.copyItem(
                at: SystemdUnitTests.systemdFolder.appendingPathComponent(source),
                to: folder.appendingPathComponent("msl.conf"))
        }
        return root
    }

    /// The colon-separated fields of `name`'s line in a passwd or group file.
    static func entry(_ name: String, in file: URL) throws -> [String]? {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
            .first { $0.first == name }
    }

    /// Every `Key=value` of a unit file (comments and section headers skipped), values in order of appearance.
    static func assignments(in file: URL) throws -> [String: [String]] {
        var settings: [String: [String]] = [:]
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.hasPrefix("#"), !text.hasPrefix(";"), !text.hasPrefix("["),
                let equals = text.firstIndex(of: "=")
            else { continue }
            settings[String(text[..<equals]), default: []].append(String(text[text.index(after: equals)...]))
        }
        return settings
    }
}
