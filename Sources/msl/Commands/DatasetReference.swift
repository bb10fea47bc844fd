import ArgumentParser
import Dataset
import Foundation
import Phantom

/// `msl dataset reference`: the phantom reference set, from a fixed seed, in one command.
struct DatasetReference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Generate the phantom reference dataset (default 40 train / 5 validation / 10 test subjects).",
        discussion: """
            Subjects are drawn as by `msl phantom` (seed --seed for P0001, then +1 each) and rendered \
            directly as paired CT and T1 MR on one grid in the CT scanner's frame, then prepared as \
            `msl dataset prepare` does (head mask, normalisation, slices with head, model grid). The \
            first --train subjects form the training part, then --validation, then --test. The \
            defaults are the set the shipped model is trained and evaluated on.
            """
    )

    @Option(help: "Output dataset folder.")
    var out: String

    @Option(help: "Seed of the first subject.")
    var seed: UInt64 = ReferenceSetOptions().seed

    @Option(help: "Training subjects.")
    var train = ReferenceSetOptions().train
    @Option(help: "Validation subjects.")
    var validation = ReferenceSetOptions().validation
    @Option(help: "Test subjects.")
    var test = ReferenceSetOptions().test

    @Option(help: "Model grid size N (N×N).")
    var modelSize = ReferenceSetOptions().preparation.modelSize

    @Option(help: "Field of view of the model grid (mm).")
    var fieldOfView = ReferenceSetOptions().preparation.fieldOfViewMM

    @Flag(help: "Nested-ellipsoid anatomy instead of the templates (fast; for tests).")
    var procedural = false

    @Flag(help: "Replace an existing dataset in --out.")
    var force = false

    func run() throws {
        var options = ReferenceSetOptions()
        options.seed = seed
        options.train = train
        options.validation = validation
        options.test = test
        options.preparation.modelSize = modelSize
        options.preparation.fieldOfViewMM = fieldOfView
        let clock = ContinuousClock()
        let start = clock.now
        let atlas = try procedural ? ProceduralAtlas.build() : TemplateAtlas.build()
        let manifest = try ReferenceSet.generate(
            options: options, atlas: atlas, atlasName: procedural ? "procedural" : "template",
            into: URL(fileURLWithPath: out), replacingExisting: force
        ) { print($0) }
        let slices = manifest.patients.map(\.sliceCount).reduce(0, +)
        print("reference set: \(manifest.patients.count) subjects, \(slices) slices in \(PhantomCommand.seconds(clock.now - start)) → \(out)")
    }
}
