import ArgumentParser
import Dataset
import Foundation

/// `msl dataset prepare`: a folder of CT/MR NIfTI pairs → a dataset folder (`Dataset` target does the work).
struct DatasetPrepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Prepare a training dataset from a folder of CT/MR NIfTI pairs.",
        discussion: """
            INPUT holds <patient>_ct.nii[.gz] (Hounsfield units) and <patient>_t1.nii[.gz] (or \
            _mr) for each patient; other files are ignored. Each MR is registered onto its CT \
            (rigid, Mattes mutual information), a head mask is drawn from the MR per axial slice, \
            CT and MR are brought to [0, 1], and the slices with head are mapped onto the \
            model grid. Patients are split into train, validation and test by a seeded draw \
            (default about 70/10/20 %, at least one test patient when there are two or more); \
            a part's size is a count (8) or a fraction (0.2 or 20%); when any is given, the \
            others default to 0 and train to the patients left. Writes one \
            <patient>.safetensors per patient into --out, then manifest.json.
            """
    )

    @Argument(help: ArgumentHelp("Folder of CT/MR NIfTI pairs.", valueName: "input-folder"))
    var input: String

    @Option(
        help: ArgumentHelp(
            "Dataset folder to write (created if missing; must be empty unless --force).", valueName: "folder"))
    var out: String

    @Option(help: ArgumentHelp("Side of the square model grid, in pixels.", valueName: "n"))
    var modelSize = 128

    @Option(help: ArgumentHelp("Side of the square field of view mapped onto the model grid.", valueName: "mm"))
    var fieldOfView = 256.0

    @Option(
        help: ArgumentHelp(
            "Keep a slice when its head mask covers at least this fraction of it (0: any head).", valueName: "fraction")
    )
    var minHeadFraction = 0.0

    @Flag(help: "Do not register: resample the MR onto the CT grid through scanner coordinates alone.")
    var noRegistration = false

    @Option(help: ArgumentHelp("Training patients: a count (8) or a fraction (0.7, 70%).", valueName: "size"))
    var train: SplitSize?

    @Option(help: ArgumentHelp("Validation patients: a count or a fraction.", valueName: "size"))
    var validation: SplitSize?

    @Option(help: ArgumentHelp("Test patients: a count or a fraction.", valueName: "size"))
    var test: SplitSize?

    @Option(help: "Seed of the patient split.")
    var seed: UInt64 = 0

    @Flag(help: "Replace the dataset (or other files) already in --out.")
    var force = false

    var options: DatasetPreparationOptions {
        DatasetPreparationOptions(
            modelSize: modelSize, fieldOfViewMM: fieldOfView, minimumHeadFraction: minHeadFraction,
            registerMR: !noRegistration)
    }

    func validate() throws {
        var problems = options.problems.map(Self.optionNames)
        let fractions = [train, validation, test].compactMap { size -> Double? in
            if case .fraction(let f) = size { return f } else { return nil }
        }
        if fractions.reduce(0, +) > 1 + 1e-9 { problems.append("the split's fractions add up to more than 1") }
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
        // The input pairs, the split and the output folder, checked here (cheap listings) so that a problem is
        // reported with this command's usage; `run` repeats them.
        _ = try makeSplit(of: discover().patientIDs)
        _ = try checkOutputFolder()
    }

    func run() throws {
        let discovery = try discover()
        let ids = discovery.patientIDs
        let split = try makeSplit(of: ids)
        let previous = try checkOutputFolder()

        let ignored = discovery.ignoredFiles.isEmpty ? "" : "; \(discovery.ignoredFiles.count) other file(s) ignored"
        print("found \(ids.count) patient(s) in \(input)\(ignored)")
        fflush(nil)
        let outURL = URL(fileURLWithPath: out)
        var writer = try DatasetWriter(
            folder: outURL, options: options, seed: seed, split: split, replacingExisting: force)
        let preparation = DatasetPreparation(options: options)
        let pairs = Dictionary(uniqueKeysWithValues: discovery.pairs.map { ($0.patientID, $0) })
        var sliceTotal = 0
        for id in split.allPatients {
            guard let pair = pairs[id] else { continue }
            let started = ContinuousClock.now
            do {
                let volumes = try pair.load()
                let prepared = try preparation.prepare(volumes)
                try writer.write(prepared)
                sliceTotal += prepared.sliceCount
                let seconds = (ContinuousClock.now - started) / .milliseconds(1) / 1000
                print(
                    "patient \(id): kept \(prepared.sliceCount) of \(volumes.ct.size.z) slices, "
                        + "\(Self.describe(prepared.registration)) (\(String(format: "%.1f", seconds)) s)")
                fflush(nil)
            } catch {
                throw CommandLineError(
                    "\(error)\n\(out) has no manifest.json: the dataset is incomplete; fix the input and run again "
                        + "with --force")
            }
        }
        let manifest = try writer.finish()
        removeStaleFiles(previous, keeping: manifest)

        printSplit(split, leftOut: ids.count - split.allPatients.count)
        print(
            "wrote \(manifest.patients.count) patient file(s), \(sliceTotal) slices of "
                + "\(modelSize)×\(modelSize); manifest: \(outURL.appendingPathComponent(DatasetManifest.fileName).path)"
        )
    }

    /// The pairs in the input folder; a missing folder or unpaired files are a validation error naming the files.
    func discover() throws -> PairedInputDiscovery {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(input): no such folder; give the folder of <patient>_ct / _t1 NIfTI files")
        }
        do { return try PairedInputDiscovery(folder: URL(fileURLWithPath: input)) } catch let error as DatasetError {
            throw ValidationError(error.description)
        }
    }

    /// The seeded split of `ids` into the part sizes asked for (`SplitSize.counts`).
    func makeSplit(of ids: [String]) throws -> PatientSplit {
        let counts = SplitSize.counts(patients: ids.count, train: train, validation: validation, test: test)
        let split: PatientSplit
        do {
            split = try PatientSplit(
                patients: ids, train: counts.train, validation: counts.validation, test: counts.test, seed: seed)
        } catch let error as DatasetError { throw ValidationError(error.description) }
        guard !split.allPatients.isEmpty else {
            throw ValidationError("the split holds no patient; give --train, --validation or --test a size above 0")
        }
        return split
    }

    /// The parts' sizes and ids (file-derived ids only).
    func printSplit(_ split: PatientSplit, leftOut: Int) {
        print("split (seed \(seed)):")
        for part in DatasetPart.allCases {
            let members = split[part]
            let list = members.isEmpty ? "" : " (\(members.joined(separator: ", ")))"
            print("  \(part.rawValue): \(members.count)\(list)")
        }
        if leftOut > 0 { print("  left out: \(leftOut) patient(s) beyond the requested sizes") }
    }

    /// Refuses a file, or a non-empty folder without `--force`; returns the manifest of a dataset being replaced.
    func checkOutputFolder() throws -> DatasetManifest? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else {
            throw ValidationError("\(out): is a file; give --out a folder for the dataset")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        let manifestURL = URL(fileURLWithPath: out).appendingPathComponent(DatasetManifest.fileName)
        let holdsDataset = entries.contains(DatasetManifest.fileName)
        if !force && !entries.isEmpty {
            throw ValidationError(
                holdsDataset
                    ? "\(out): already holds a dataset (\(DatasetManifest.fileName)); choose another folder or "
                        + "pass --force to replace it"
                    : "\(out): exists and is not empty (\(entries.count) \(entries.count == 1 ? "entry" : "entries")); choose another folder or "
                        + "pass --force to write the dataset into it")
        }
        guard holdsDataset, let data = try? Data(contentsOf: manifestURL) else { return nil }
        return try? JSONDecoder().decode(DatasetManifest.self, from: data)
    }

    /// After `--force` replaced a dataset: deletes the old patient files that the new manifest does not list.
    func removeStaleFiles(_ previous: DatasetManifest?, keeping manifest: DatasetManifest) {
        guard let previous else { return }
        let kept = Set(manifest.patients.map(\.file))
        for entry in previous.patients
        where !kept.contains(entry.file) && entry.file == DatasetWriter.fileName(of: entry.id) {
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: out).appendingPathComponent(entry.file))
        }
    }

    /// One progress phrase for how the MR reached the CT grid (no identifiers).
    static func describe(_ registration: RegistrationSummary) -> String {
        switch registration.method {
        case .alreadyAligned:
            return "already aligned"
        case .scannerCoordinates:
            return "no registration (scanner coordinates)"
        case .registered:
            let metric = registration.finalMetric.map { String(format: "%.4f", $0) } ?? "?"
            let stop = registration.stopReason?.rawValue ?? "stopped"
            let iterations = registration.iterations.map { " after \($0) iterations" } ?? ""
            return "registration metric \(metric) (\(stop)\(iterations))"
        }
    }

    /// `DatasetPreparationOptions` problems with the manifest keys replaced by this command's option names.
    static func optionNames(_ problem: String) -> String {
        let names = [
            ("model_size = ", "--model-size "), ("field_of_view_mm = ", "--field-of-view "),
            ("minimum_head_fraction = ", "--min-head-fraction "),
        ]
        for (key, option) in names where problem.hasPrefix(key) { return option + problem.dropFirst(key.count) }
        return problem
    }
}

/// The size of one part of the split: a patient count (`8`) or a fraction of the patients (`0.2`, `20%`).
enum SplitSize: ExpressibleByArgument, Equatable {
    case count(Int)
    case fraction(Double)

    init?(argument: String) {
        if argument.hasSuffix("%") {
            guard let percent = Double(argument.dropLast()), percent >= 0, percent <= 100 else { return nil }
            self = .fraction(percent / 100)
        } else if let count = Int(argument) {
            guard count >= 0 else { return nil }
            self = .count(count)
        } else if let fraction = Double(argument), fraction >= 0, fraction <= 1 {
            self = .fraction(fraction)
        } else {
            return nil
        }
    }

    /// The number of patients out of `total`: a count as given, a fraction rounded to the nearest.
    func patients(of total: Int) -> Int {
        switch self {
        case .count(let count): return count
        case .fraction(let fraction): return Int((fraction * Double(total)).rounded())
        }
    }

    /// The part sizes for `total` patients. With no size given: test 20 % (at least 1 when there are two or more
    /// patients), validation 10 %, train the rest. Otherwise a missing validation or test size is 0 and a missing
    /// train size is the patients left; a train fraction is lowered if rounding would exceed the patients.
    static func counts(
        patients total: Int, train: SplitSize?, validation: SplitSize?, test: SplitSize?
    ) -> (train: Int, validation: Int, test: Int) {
        guard train != nil || validation != nil || test != nil else {
            let test = total >= 2 ? max(1, SplitSize.fraction(0.2).patients(of: total)) : 0
            let validation = min(SplitSize.fraction(0.1).patients(of: total), total - test)
            return (total - test - validation, validation, test)
        }
        let validationCount = validation?.patients(of: total) ?? 0
        let testCount = test?.patients(of: total) ?? 0
        let rest = max(0, total - validationCount - testCount)
        switch train {
        case nil: return (rest, validationCount, testCount)
        case .count(let count)?: return (count, validationCount, testCount)
        case .fraction(let fraction)?:
            return (min(Self.fraction(fraction).patients(of: total), rest), validationCount, testCount)
        }
    }
}
