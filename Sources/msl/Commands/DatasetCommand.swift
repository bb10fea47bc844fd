import ArgumentParser

/// `msl dataset`: training data: prepare a dataset folder from CT/MR pairs, look at it, write the reference.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Prepare, inspect and generate training datasets of paired CT and MR slices.",
        discussion: """
            A dataset folder holds one <patient>.safetensors file per patient (CT, MR and head mask \
            slices on the model grid, both images on [0, 1]) and manifest.json, written last, with \
            the options, the patient split and each file's SHA-256 (format: Sources/Dataset/README.md).
            """,
        subcommands: [DatasetPrepare.self, DatasetShow.self, DatasetReference.self]
    )
}
