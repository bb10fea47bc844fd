import Foundation
import Testing

@testable import Pipeline

/// The job folder appears whole or not at all: staged in a hidden folder, renamed into place, replacing an
/// earlier run of the same job; a discarded job leaves nothing.
@Suite struct JobFolderTests {
    static func root(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msl-job-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func visible(_ root: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    }

    @Test func stagesHiddenThenCommitsAndReplaces() throws {
        let root = try Self.root("commit")
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try JobFolder(root: root, name: "msl-abc")
        try Data("one".utf8).write(to: first.staging.appendingPathComponent("a.txt"))
        #expect(try Self.visible(root).allSatisfy { $0.hasPrefix(".msl-abc.partial-") })
        try first.commit()
        #expect(try Self.visible(root) == ["msl-abc"])

        let second = try JobFolder(root: root, name: "msl-abc")
        try Data("two".utf8).write(to: second.staging.appendingPathComponent("b.txt"))
        try second.commit()
        #expect(try Self.visible(root) == ["msl-abc"])
        #expect(try Self.visible(root.appendingPathComponent("msl-abc")) == ["b.txt"])
    }

    @Test func discardLeavesNothing() throws {
        let root = try Self.root("discard")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = try JobFolder(root: root, name: "msl-x")
        try Data("partial".utf8).write(to: job.staging.appendingPathComponent("half.dcm"))
        job.discard()
        #expect(try Self.visible(root).isEmpty)
    }

    @Test func refusesARootThatCannotTakeIt() throws {
        let root = try Self.root("refuse")
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = root.appendingPathComponent("missing")
        #expect(throws: PipelineError.self) { try JobFolder(root: missing, name: "msl-x") }
        let file = root.appendingPathComponent("file")
        try Data().write(to: file)
        let error = #expect(throws: PipelineError.self) { try JobFolder(root: file, name: "msl-x") }
        #expect("\(error!)".contains("is a file, not a folder"))
        #expect(try Self.visible(root) == ["file"])
    }

    @Test func hybridRolesNameTheirLambda() {
        #expect(DICOMOutputs.hybridRole(0.3) == "HYBRID30")
        #expect(DICOMOutputs.hybridRole(0.05) == "HYBRID5")
    }
}
