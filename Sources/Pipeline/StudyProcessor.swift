import DICOM
import Foundation
import Imaging
import MSLModel
import Physics
import Registration

/// One study folder in, one job folder out (`msl process`; the daemon calls the same): select the CT and MR
/// series, load them through the geometry gate, register MR → CT, map to the model grid, simulate the sparse
/// acquisitions, reconstruct, and write the derived series, the λ-map, the registration object, the reports
/// and the manifest into `<output>/<job>/`, which appears whole or not at all (`JobFolder`).
///
/// The job name is `msl-` + 16 hexadecimal digits of a hash of the selected instances, the effective
/// configuration, the model and the version: a re-run of the same job replaces its folder, and its DICOM
/// UIDs are the same (deterministic UIDs), so receivers update rather than duplicate.
public struct StudyProcessor: Sendable {
    public var configuration: PipelineConfiguration

    public init(configuration: PipelineConfiguration = PipelineConfiguration()) {
        self.configuration = configuration
    }

    /// What `process` produced.
    public struct Result: Sendable {
        public let jobFolder: URL
        public let inputs: String
        /// Role and series folder of each DICOM output.
        public let outputs: [(role: String, folder: String)]
        public let report: URL
        public let pdf: URL?
        /// Seconds per stage, as `report.json` records them.
        public let timings: [(stage: String, seconds: Double)]
    }

    /// Scans and indexes `study` and selects its series, as `process` would.
    public func select(_ study: URL) throws -> (index: SeriesIndex, selection: SeriesSelection) {
        let scan: DirectoryScanner.Result
        do { scan = try DirectoryScanner().scan(study.path) } catch {
            throw PipelineError.input(path: study.path, reason: "\(error)")
        }
        guard !scan.instances.isEmpty else {
            throw PipelineError.input(
                path: study.path,
                reason: "no readable DICOM instance (\(scan.rejected.count) unreadable files, \(scan.ignored.count) "
                    + "ignored by name)")
        }
        let index = SeriesIndex.build(from: scan.instances)
        return (index, try SeriesSelector.select(from: index, configuration: configuration.selection))
    }

    /// Processes `study` into a job folder under `output`; `log` gets one line per stage (no identifiers).
    /// `shouldCancel` is asked between stages and between batches of slices; when it answers true the job stops
    /// with `PipelineError.cancelled` and leaves nothing in `output`.
    public func process(
        _ study: URL, output: URL, log: (String) -> Void = { _ in }, shouldCancel: @escaping () -> Bool = { false }
    ) throws -> Result {
        var clock = StageClock(shouldCancel: shouldCancel)
        let (_, selection) = try select(study)
        try clock.lap("selection")
        let inputs =
            selection.ct != nil && selection.mr != nil
            ? "CT and MR" : selection.ct != nil
                ? "CT only (MR outputs synthesised from the CT)" : "MR only (CT outputs synthesised from the MR)"
        log("selected: \(inputs)")

        let (network, card, modelURL) = try ModelLocation.load(configuration.reconstruction.model)
        try clock.lap("model")
        let loaded = try LoadedStudy(
            ct: selection.ct, mr: selection.mr, loader: SeriesLoader(gate: GeometryGate(policies: configuration.geometry)))
        try clock.lap("loading")
        log("loaded \([loaded.ct, loaded.mr].compactMap { $0?.subSeries.label }.joined(separator: " and "))")

        var registrationSettings = RegistrationConfiguration()
        registrationSettings.qualityGuard.enabled = configuration.registration.qualityGuard
        let aligned = try AlignedStudy(
            loaded, registration: registrationSettings, register: configuration.registration.enabled)
        try clock.lap("registration")
        if let placement = aligned.mrPlacement { log("MR placed: \(placement)") }

        let stack = try ModelGridStack(
            aligned, modelSize: card.configuration.inputSize, fieldOfViewMM: configuration.grid.fieldOfViewMM,
            minimumHeadFraction: configuration.grid.minimumHeadFraction)
        try clock.lap("model grid")
        log("\(stack.sliceIndices.count) slices on the \(stack.size)² model grid")

        let simulation = configuration.simulation.sensorSimulation
        var optimiser: LambdaMapOptimiser?
        if configuration.reconstruction.lambdaMap {
            var o = LambdaMapOptimiser()
            o.alpha = Float(configuration.reconstruction.lambdaMapAlpha)
            o.iterations = configuration.reconstruction.lambdaMapSteps
            optimiser = o
        }
        let reconstruction = try StackReconstruction(
            stack, network: network, simulation: simulation,
            lambdas: configuration.reconstruction.lambdas.map { Float($0) }, lambdaMap: optimiser,
            shouldCancel: shouldCancel)
        try clock.lap("reconstruction")
        log("reconstructed")
        let quality = try QualityTable(reconstruction, stack: stack)
        let volumes = try OutputVolumes(reconstruction, stack: stack, on: aligned.geometry)
        try clock.lap("metrics")

        let yaml = configuration.yaml()
        let selected = (loaded.ct?.instances ?? []) + (loaded.mr?.instances ?? [])
        let jobKey = ProcessingReport.hashedKey(
            selected.map(\.sopInstanceUID).sorted().joined(separator: "\\") + "|" + yaml + "|" + card.modelSHA256 + "|"
                + MSLIdentity.softwareVersion)
        let job = try JobFolder(root: output, name: "msl-\(jobKey)")
        do {
            let provenance = Provenance(
                algorithmVersion: MSLIdentity.softwareVersion, modelSHA256: card.modelSHA256, mixing: .lambda(0),
                parameters: ["configuration": ProcessingReport.hashedKey(yaml)])
            let suffix = selection.ct == nil ? "-MRONLY" : selection.mr == nil ? "-CTONLY" : ""
            let dicom = try DICOMOutputs(
                volumes: volumes, study: loaded, aligned: aligned, inputs: suffix, provenance: provenance,
                into: job.staging)
            try clock.lap("DICOM outputs")
            let report = ProcessingReport(
                software: "msl \(MSLIdentity.softwareVersion)", job: job.name, inputs: inputs,
                series: Self.inputSeries(loaded), selection: selection.explanation.text,
                registration: aligned.mrPlacement.map { placement in
                    ProcessingReport.RegistrationReport(
                        placement: placement, mrToCTMatrix: aligned.registration.flatMap { Self.mrToCT($0.transform) },
                        finalMetric: aligned.registration?.finalMetric, iterations: aligned.registration?.iterations,
                        quality: aligned.registration?.quality)
                },
                grid: ProcessingReport.GridReport(
                    modelSize: stack.size, fieldOfViewMM: configuration.grid.fieldOfViewMM,
                    pixelSpacingMM: stack.spacingMM, firstSlice: stack.sliceIndices.first!,
                    lastSlice: stack.sliceIndices.last!, slices: stack.sliceIndices.count,
                    minimumHeadFraction: configuration.grid.minimumHeadFraction),
                simulation: simulation,
                model: ProcessingReport.ModelReport(
                    file: modelURL.lastPathComponent, sha256: card.modelSHA256, preset: card.preset,
                    parameters: card.parameters, cardTrainingCommand: card.training.command),
                quality: quality, lambdaMap: Self.lambdaMapReport(reconstruction, optimiser),
                outputs: dicom.outputs.map {
                    ProcessingReport.OutputReport(
                        role: $0.role, folder: $0.folder, sopClassUID: $0.series.sopClassUID,
                        seriesInstanceUID: $0.series.seriesInstanceUID, seriesNumber: $0.series.seriesNumber,
                        instances: $0.series.instances.count, clippedVoxels: $0.series.clippedVoxelCount)
                },
                timings: clock.timings, peakMemoryMiB: Double(PeakMemory.residentBytes()) / 1_048_576,
                configuration: yaml)
            try AtomicFile.write(try report.encoded(), to: job.staging.appendingPathComponent("report.json"))
            var roles = ["report.json": "report"]
            var outputs = dicom.outputs
            if configuration.output.pdf || configuration.output.png {
                let document = ReportDocument(
                    report: report, figures: ReportFigures(reconstruction: reconstruction, stack: stack, quality: quality))
                let pdf = job.staging.appendingPathComponent("report.pdf")
                for png in try document.write(pdf: pdf, pngFolder: configuration.output.png ? job.staging : nil) {
                    roles[png] = "figure"
                }
                if configuration.output.pdf {
                    roles["report.pdf"] = "report"
                    outputs.append(
                        try DICOMOutputs.encapsulate(
                            pdf: pdf, sources: loaded.sources,
                            provenance: DICOMOutputs.provenance(
                                base: provenance, mixing: .lambda(0), registrationUID: dicom.registrationUID),
                            into: job.staging))
                } else {
                    try FileManager.default.removeItem(at: pdf)
                }
                try clock.lap("report")
            }
            let manifest = try JobManifest(
                job: job.name, software: report.software, folder: job.staging, outputs: outputs, roles: roles)
            try manifest.write(into: job.staging)
            if shouldCancel() { throw PipelineError.cancelled }
            try job.commit()
            log("wrote \(job.final.path)")
            return Result(
                jobFolder: job.final, inputs: inputs, outputs: outputs.map { ($0.role, $0.folder) },
                report: job.final.appendingPathComponent("report.json"),
                pdf: configuration.output.pdf ? job.final.appendingPathComponent("report.pdf") : nil,
                timings: clock.timings.map { ($0.stage, $0.seconds) })
        } catch {
            job.discard()
            throw error
        }
    }

    static func inputSeries(_ study: LoadedStudy) -> [ProcessingReport.InputSeries] {
        [("CT", study.ct), ("MR", study.mr)].compactMap { role, series in
            guard let series, let first = series.instances.first else { return nil }
            let geometry = series.volume.geometry
            return ProcessingReport.InputSeries(
                role: role,
                patientKey: PatientKey(first).hashedLabel,
                studyKey: ProcessingReport.hashedKey(first.studyInstanceUID),
                seriesKey: ProcessingReport.hashedKey(first.seriesInstanceUID), seriesNumber: first.seriesNumber,
                modality: first.modality, description: first.seriesDescription, instances: series.instances.count,
                size: [geometry.size.x, geometry.size.y, geometry.size.z],
                spacingMM: [geometry.spacingMM.x, geometry.spacingMM.y, geometry.spacingMM.z],
                resampled: series.assembled.isResampled,
                resampledBecause: series.assembled.resampledBecause.map { "\($0)" },
                findings: series.assembled.findings.map { "\($0)" })
        }
    }

    /// The MR → CT matrix as the REG object writes it (inverse of the fixed → moving transform).
    static func mrToCT(_ fixedToMoving: Imaging.AffineTransform) -> [Double]? {
        guard let inverse = try? fixedToMoving.inverted() else { return nil }
        let m = inverse.matrix
        let o = inverse.offsetMM
        return [0, 1, 2].flatMap { r in [m.row(r).x, m.row(r).y, m.row(r).z, o[r]] } + [0, 0, 0, 1]
    }

    static func lambdaMapReport(
        _ reconstruction: StackReconstruction, _ optimiser: LambdaMapOptimiser?
    ) -> ProcessingReport.LambdaMapReport? {
        guard let optimiser, let results = reconstruction.lambdaMap?.results, !results.isEmpty else { return nil }
        func mean(_ values: [Float]) -> Double { values.map(Double.init).reduce(0, +) / Double(values.count) }
        return ProcessingReport.LambdaMapReport(
            alpha: optimiser.alpha, steps: optimiser.iterations, meanObjective: mean(results.map(\.objective)),
            meanBestConstantObjective: mean(results.map(\.bestConstantObjective)),
            meanMutualInformationGain: mean(results.map { $0.mutualInformation - $0.bestConstantMutualInformation }),
            slicesBelowStart: results.filter { $0.objective < $0.startObjective }.count, perSlice: results)
    }
}

/// Wall-clock time per stage; each lap is also where a cancelled job stops.
struct StageClock {
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private(set) var timings: [ProcessingReport.StageTiming] = []
    private let shouldCancel: () -> Bool

    init(shouldCancel: @escaping () -> Bool) {
        last = clock.now
        self.shouldCancel = shouldCancel
    }

    mutating func lap(_ stage: String) throws {
        if shouldCancel() { throw PipelineError.cancelled }
        let now = clock.now
        timings.append(ProcessingReport.StageTiming(stage: stage, seconds: (now - last).seconds))
        last = now
    }
}
