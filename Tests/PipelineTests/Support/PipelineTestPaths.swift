import Foundation
import Testing

/// Where the pipeline tests find the repository's files and the shared real DICOM corpora.
enum PipelineTestPaths {
    /// The repository root: this file is `<root>/Tests/PipelineTests/Support/PipelineTestPaths.swift`
    /// (symbolic links resolved, so a checkout reached through a link still finds `../shared`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Configs/msl.yaml`.
    static let exampleConfiguration = repositoryRoot.appendingPathComponent("Configs/msl.yaml")

    /// A folder of `../shared/data/dicom` (see shared/data/README.md); fails the test when missing.
    static func sharedDICOM(_ folder: String) throws -> String {
        let path = repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/data/dicom/\(folder)", isDirectory: true).path
        try #require(
            FileManager.default.fileExists(atPath: path),
            "shared test data missing: \(path) (see shared/data/README.md)")
        return path
    }

    /// A new empty temporary folder.
    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msl-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
