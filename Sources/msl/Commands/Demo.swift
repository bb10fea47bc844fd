import ArgumentParser
import Foundation
import Imaging
import Phantom
import Pipeline

/// `msl demo`: the product's main job end to end on a synthetic patient, with the shipped model.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a phantom CT/MR study and process it with the shipped model.",
        discussion: """
            Writes one synthetic head (template anatomy, a random lesion) as CT and T1 MR DICOM series into a \
            temporary inbox, runs msl process on it with the default configuration and the shipped model, \
            removes the inbox, and prints where the job folder and its report are.
            """
    )

    @Option(help: "Output folder for the job (created if missing).")
    var out = "msl-demo"

    @Option(help: "Seed of the synthetic patient.")
    var seed: UInt64 = 7

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("msl-demo-inbox-\(getpid())")
        try? FileManager.default.removeItem(at: inbox)
        defer { try? FileManager.default.removeItem(at: inbox) }
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let atlas = try TemplateAtlas.build()
        let study = PhantomStudy(
            subjectID: "DEMO\(seed)", parameters: SubjectParameters(seed: seed, options: PhantomOptions(), atlas: atlas),
            ctGrid: Self.ctGrid, atlasName: "template")
        let written = try study.write(into: inbox.path, atlas: atlas)
        print("phantom study (CT \(Self.ctGrid.slices) slices, MR \(SeriesGrid.standardMR.slices) slices) → \(written.folder)")
        let output = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let result = try ProcessCommand.process(
            URL(fileURLWithPath: written.folder), output: output, with: StudyProcessor())
        ProcessCommand.printLocations(result)
        print(String(format: "done in %.0f s", (clock.now - start).seconds.rounded(.down)))
    }

    /// The demo CT: 256² × 0.9 mm in plane, 56 slices of 3 mm (168 mm, the whole head), a routine head CT.
    static let ctGrid = SeriesGrid(matrix: 256, pixelSpacingMM: 0.9, sliceThicknessMM: 3, slices: 56)
}
