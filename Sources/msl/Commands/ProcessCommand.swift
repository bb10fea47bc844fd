import ArgumentParser
import Foundation
import Pipeline

/// `msl process`: one study folder in, one job folder of derived series and reports out (`StudyProcessor`).
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Reconstruct one study folder into derived DICOM series and reports.",
        discussion: """
            Indexes STUDY_DIR, selects one CT and one MR series of one patient by the configuration's rules \
            (--explain prints why each series was or was not chosen, and stops), loads them through the \
            geometry gate, registers the MR onto the CT, maps both onto the model grid, simulates the sparse \
            acquisitions (64-view fan-beam CT, 4x Cartesian MR by default), and reconstructs with the model: \
            MSL-CT, MSL-MR, hybrids at the configured lambdas and the optimised lambda-map with its fused image. \
            With only a CT or only an MR the other modality is synthesised and every output's description says \
            so. Writes DIR/<job>/ atomically: one folder per DICOM series (MSL-CT as CT, the others as MR, the \
            lambda-map as a Parametric Map, the registration as a Spatial Registration object), report.json, \
            the report PDF and PNG figures with the PDF also as an Encapsulated PDF series, and manifest.json \
            last. The job name is a hash of the inputs, configuration, model and version: a re-run replaces it.
            """
    )

    @Argument(help: "Study folder (searched recursively for DICOM files).")
    var study: String

    @Option(help: "Output folder; the job folder is created inside it.")
    var out: String?

    @Option(help: "Configuration file (YAML; see docs/configuration.md). Default: the built-in defaults.")
    var config: String?

    @Flag(help: "Print why each series was or was not selected, then stop.")
    var explain = false

    func validate() throws {
        if !explain && out == nil { throw ValidationError("give --out DIR (or --explain)") }
    }

    func run() throws {
        let configuration = try config.map { try PipelineConfiguration.load(from: URL(fileURLWithPath: $0)) }
            ?? PipelineConfiguration()
        let processor = StudyProcessor(configuration: configuration)
        let folder = URL(fileURLWithPath: study)
        if explain {
            do {
                print(try processor.select(folder).selection.explanation.text, terminator: "")
            } catch let error as SelectionError {
                print(error.description)
                throw ExitCode(1)
            }
            return
        }
        let result = try Self.process(folder, output: URL(fileURLWithPath: out!), with: processor)
        print("inputs: \(result.inputs)")
        Self.printLocations(result)
    }

    /// Runs `processor` with its stage lines on standard error (shared with `msl demo`).
    static func process(_ study: URL, output: URL, with processor: StudyProcessor) throws -> StudyProcessor.Result {
        try processor.process(study, output: output) {
            FileHandle.standardError.write(Data("msl process: \($0)\n".utf8))
        }
    }

    /// Prints where the job's outputs and reports are.
    static func printLocations(_ result: StudyProcessor.Result) {
        print("job: \(result.jobFolder.path)")
        for output in result.outputs { print("  \(output.role): \(output.folder)/") }
        print("report: \(result.report.path)")
        if let pdf = result.pdf { print("report PDF: \(pdf.path)") }
    }
}
