import DICOM
import Foundation
import Imaging

/// Writes the study's DICOM outputs into a folder (the job's temporary folder): the Spatial Registration
/// object first (its UID goes into every image's provenance), then MSL-CT (CT Image Storage, HU), MSL-MR, the
/// hybrids and the λ-map fused image (MR Image Storage), the λ-map (Parametric Map), each series in its own
/// sub-folder. A study from one modality labels its outputs "-CTONLY" or "-MRONLY", so every Series
/// Description says what the output was made from.
struct DICOMOutputs {
    /// One written series and what it is.
    struct Output: Codable {
        /// "MSL-CT", "HYBRID-050", "MSL-LAMBDA", "REG", "REPORT", …
        let role: String
        let folder: String
        let series: WrittenSeries
    }

    let outputs: [Output]
    /// SOP Instance UID of the registration object, when one was written.
    let registrationUID: String?

    /// The provenance shared by every output, with `mixing` set per output.
    static func provenance(
        base: Provenance, mixing: Mixing, registrationUID: String?
    ) -> Provenance {
        var p = base
        p.mixing = mixing
        p.registrationInstanceUID = registrationUID
        return p
    }

    init(
        volumes: OutputVolumes, study: LoadedStudy, aligned: AlignedStudy, inputs suffix: String,
        provenance base: Provenance, into folder: URL
    ) throws {
        let sources = study.sources
        var outputs: [Output] = []
        func write(_ role: String, _ body: (String) throws -> WrittenSeries) throws {
            let sub = folder.appendingPathComponent(role.lowercased())
            do { try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false) } catch {
                throw PipelineError.output(
                    path: sub.path, reason: "cannot create the series folder: \(error.localizedDescription)")
            }
            do { outputs.append(Output(role: role, folder: sub.lastPathComponent, series: try body(sub.path))) } catch {
                throw PipelineError.output(path: sub.path, reason: "\(error)")
            }
        }
        var registrationUID: String?
        if let registration = aligned.registration, let ct = study.ct, let mr = study.mr {
            let writer = SpatialRegistrationWriter(
                fixed: ct.instances, moving: mr.instances, fixedToMoving: registration.transform, provenance: base)
            registrationUID = writer.sopInstanceUID
            try write("REG") { try writer.write(to: $0) }
        }
        let resampled = study.mr != nil || study.ct?.assembled.isResampled == true
        func image(_ role: String, _ kind: DerivedImageSeriesWriter.Kind, _ volume: Volume, _ mixing: Mixing) throws {
            let writer = DerivedImageSeriesWriter(
                kind: kind, label: role + suffix, volume: volume, sources: sources,
                provenance: Self.provenance(base: base, mixing: mixing, registrationUID: registrationUID),
                isResampled: resampled)
            try write(role) { try writer.write(to: $0) }
        }
        try image("MSL-CT", .ct, volumes.mslCT, .lambda(0))
        for (lambda, volume) in volumes.hybrids {
            try image(Self.hybridRole(lambda), .mr, volume, .lambda(Double(lambda)))
        }
        try image("MSL-MR", .mr, volumes.mslMR, .lambda(1))
        let mapDescription = "optimised, Eq. 12 of the MSL paper"
        if let fused = volumes.fused {
            try image("MSL-FUSED", .mr, fused, .map(description: mapDescription))
        }
        if let map = volumes.lambdaMap {
            let writer = ParametricMapWriter(
                map: map, sources: sources,
                provenance: Self.provenance(
                    base: base, mixing: .map(description: mapDescription), registrationUID: registrationUID),
                isResampled: resampled)
            try write("MSL-LAMBDA") { try writer.write(to: $0) }
        }
        self.outputs = outputs
        self.registrationUID = registrationUID
    }

    /// The report PDF as an Encapsulated PDF instance in its own series folder, "report".
    static func encapsulate(pdf: URL, sources: SourceSeries, provenance: Provenance, into folder: URL) throws -> Output {
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: pdf)) } catch {
            throw PipelineError.output(path: pdf.path, reason: "cannot read the report back: \(error)")
        }
        let sub = folder.appendingPathComponent("report")
        do {
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
            let series = try EncapsulatedPDFWriter(pdf: bytes, sources: sources, provenance: provenance).write(to: sub.path)
            return Output(role: "REPORT", folder: "report", series: series)
        } catch {
            throw PipelineError.output(path: sub.path, reason: "\(error)")
        }
    }

    /// "HYBRID30" for λ = 0.3: the λ in hundredths (short enough for a "-MRONLY" suffix in a 16-character label).
    static func hybridRole(_ lambda: Float) -> String { "HYBRID\(Int((lambda * 100).rounded()))" }
}
