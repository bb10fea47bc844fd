import Foundation
import Imaging

/// Writes a `Volume` as a derived single-frame series: one CT Image Storage (1.2.840.10008.5.1.4.1.1.2)
/// or MR Image Storage (1.2.840.10008.5.1.4.1.1.4) instance per slice (`clinical-conventions.md` §8–§9,
/// what treatment planning systems import).
///
/// Each instance carries the full Image Plane module from the volume's geometry (Image Position of the
/// slice's first voxel, Image Orientation = the direction's i and j columns, Pixel Spacing = (spacing.y,
/// spacing.x), Slice Thickness = Spacing Between Slices = spacing.z), the geometry's Frame of Reference,
/// the patient and study copied verbatim from the reference source with its Specific Character Set,
/// ImageType DERIVED\SECONDARY\AXIAL, and the provenance: Derivation Description and Code Sequence,
/// Source Image Sequence citing every CT and MR source (purpose 121322), Referenced Image Sequence to
/// the CT slice at the same position when there is one, and msl's Contributing Equipment item.
/// Pixel values are stored through `StoredValueMap` (CT: HU as int16; MR: uint16 with a Real World Value
/// Mapping). UIDs and the Series Number are deterministic (`OutputIdentity`); Content Date/Time come from
/// the provenance or the sources, never the clock, so the same inputs write the same bytes.
///
/// Everything is validated and every dataset built before the first file is written.
public struct DerivedImageSeriesWriter: Sendable {
    /// The SOP class written.
    public enum Kind: String, Sendable, Codable {
        /// CT Image Storage, values in HU.
        case ct = "CT"
        /// MR Image Storage, values in the MR's arbitrary units (also for non-HU blends).
        case mr = "MR"

        /// The SOP Class UID.
        public var sopClassUID: String {
            switch self {
            case .ct: return "1.2.840.10008.5.1.4.1.1.2"
            case .mr: return "1.2.840.10008.5.1.4.1.1.4"
            }
        }
    }

    /// CT or MR Image Storage.
    public var kind: Kind
    /// What the series is, e.g. "MSL-CT", "MSL-MR", "HYBRID": in Series Description, Derivation
    /// Description and the UIDs. Letters, digits, "-" and "_", at most 16 characters.
    public var label: String
    /// The values (HU for CT) and geometry; its Frame of Reference UID is required.
    public var volume: Volume
    /// The CT and MR instances it was derived from.
    public var sources: SourceSeries
    /// How it was made.
    public var provenance: Provenance
    /// Whether the grid was resampled from a source grid (gantry tilt, uneven spacing, MR onto CT). Also
    /// taken as true when MR sources are given or a slice has no CT slice at its position.
    public var isResampled: Bool
    /// File names are "<prefix>-<instance number, 4 digits>.dcm"; default the label in lower case.
    public var fileNamePrefix: String

    /// A writer; nothing is checked until `write(to:)`.
    public init(
        kind: Kind, label: String, volume: Volume, sources: SourceSeries, provenance: Provenance,
        isResampled: Bool = false, fileNamePrefix: String? = nil
    ) {
        self.kind = kind
        self.label = label
        self.volume = volume
        self.sources = sources
        self.provenance = provenance
        self.isResampled = isResampled
        self.fileNamePrefix = fileNamePrefix ?? label.lowercased()
    }

    /// Validates everything, builds every instance, then writes them into `directory` (which must exist),
    /// each atomically (temporary name, fsync, rename).
    ///
    /// - Throws: `DICOMError.writeFailed` listing every problem found before writing (inputs, provenance,
    ///   sources, text that does not fit the copied character set); `.io` when the file system fails.
    public func write(to directory: String) throws(DICOMError) -> WrittenSeries {
        let plan = try prepare(directory: directory)
        var datasets: [DICOMDataset] = []
        var clipped = 0
        for k in 0..<volume.size.z {
            let (dataset, count) = try makeSlice(k, plan: plan, directory: directory)
            datasets.append(dataset)
            clipped += count
        }
        var instances: [WrittenInstance] = []
        for (k, dataset) in datasets.enumerated() {
            let path = plan.paths[k]
            try dataset.save(to: path)
            instances.append(
                WrittenInstance(
                    path: path, sopInstanceUID: plan.context.identity.instanceUID(k + 1), instanceNumber: k + 1))
        }
        return WrittenSeries(
            sopClassUID: kind.sopClassUID, seriesInstanceUID: plan.context.identity.seriesInstanceUID,
            seriesNumber: plan.context.identity.seriesNumber, instances: instances, clippedVoxelCount: clipped)
    }

    // MARK: - Validation

    /// What `prepare` resolved.
    struct Plan {
        let context: WriterContext
        let map: StoredValueMap
        let frameOfReferenceUID: String
        let isResampled: Bool
        /// For each slice, the CT source at the same position and orientation, if any.
        let matchingCT: [InstanceMetadata?]
        let paths: [String]
        let seriesDescription: String
        let derivationDescription: String
        /// The MR source whose acquisition attributes an MR output copies.
        let mrReference: CopySource?
    }

    func prepare(directory: String) throws(DICOMError) -> Plan {
        var problems: [String] = []
        let geometry = volume.geometry
        let frame = geometry.frameOfReferenceUID ?? ""
        if frame.isEmpty {
            problems.append(
                "the volume's geometry has no Frame of Reference UID (required: it ties the output to its sources)")
        } else if !DICOMValueCheck.isUID(frame) {
            problems.append("the volume's Frame of Reference UID '\(frame)' is not a UID")
        }
        if geometry.size.x > 65535 || geometry.size.y > 65535 {
            problems.append("slices of \(geometry.size.x) × \(geometry.size.y) exceed Rows/Columns 65535")
        }
        if geometry.size.z > 9999 {
            problems.append("\(geometry.size.z) slices exceed the 9999 msl numbers files with")
        }
        if let bad = volume.voxels.firstIndex(where: { !$0.isFinite }) {
            let count = volume.voxels.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
            problems.append("the volume has \(count) non-finite voxels (first at index \(bad))")
        }
        if label.isEmpty || label.count > 16
            || !label.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            })
        {
            problems.append("label '\(label)' must be 1–16 ASCII letters, digits, '-' or '_'")
        }
        problems += WriterFiles.problems(prefix: fileNamePrefix, directory: directory)

        let matching = matchingCTSlices(frame: frame)
        let resampled = isResampled || !sources.mr.isEmpty || matching.contains { $0 == nil }
        let seriesDescription = provenance.seriesDescription(label: label)
        let derivation = provenance.derivationDescription(output: "\(label) (\(kind.rawValue))", isResampled: resampled)
        if let p = DICOMValueCheck.textProblem(seriesDescription, maxLength: 64) {
            problems.append("Series Description '\(seriesDescription)' \(p); shorten the banner or the label")
        }
        if let p = DICOMValueCheck.textProblem(derivation, maxLength: 1024) {
            problems.append("Derivation Description \(p)")
        }

        let context = try WriterContext.make(
            object: "\(kind.rawValue) Image \(label)",
            parameters: [
                "label": label, "kind": kind.rawValue, "resampled": String(resampled),
                "geometry": Self.describe(geometry),
            ],
            problems: problems,
            texts: { _ in [("Series Description", seriesDescription), ("Derivation Description", derivation)] },
            requiresContentDate: false, sources: sources, provenance: provenance, destination: directory)
        var mrReference: CopySource?
        if kind == .mr, let first = SourceSeries.sorted(sources.mr).first {
            do {
                mrReference = try CopySource(path: first.path)
            } catch {
                throw .writeFailed(path: directory, reason: "the MR source cannot be read: \(error)")
            }
        }
        let map: StoredValueMap
        switch kind {
        case .ct: map = .hounsfield
        case .mr:
            let low = volume.voxels.min() ?? 0
            let high = volume.voxels.max() ?? 0
            map = .unsigned(spanning: low, high)
        }
        let paths = (0..<geometry.size.z).map {
            WriterFiles.path(directory: directory, prefix: fileNamePrefix, number: $0 + 1)
        }
        return Plan(
            context: context, map: map, frameOfReferenceUID: frame, isResampled: resampled, matchingCT: matching,
            paths: paths, seriesDescription: seriesDescription, derivationDescription: derivation,
            mrReference: mrReference)
    }

    /// For each slice k, the CT source in the same frame whose Image Orientation matches within 1e-4 and
    /// whose Image Position is within 0.01 mm of the slice's.
    func matchingCTSlices(frame: String) -> [InstanceMetadata?] {
        let geometry = volume.geometry
        return (0..<geometry.size.z).map { k in
            let position = geometry.physicalPoint(ofIndex: SIMD3(0, 0, k))
            return sources.ct.first { instance in
                guard instance.frameOfReferenceUID == frame, let p = instance.imagePositionPatient,
                    let row = instance.imageOrientationRow, let column = instance.imageOrientationColumn
                else { return false }
                let orientation = max(
                    (row - geometry.direction.column0).maxAbsolute, (column - geometry.direction.column1).maxAbsolute)
                return orientation <= 1e-4 && (p - position).maxAbsolute <= 0.01
            }
        }
    }

    static func describe(_ g: Geometry) -> String {
        let d = g.direction
        let numbers =
            [g.originMM.x, g.originMM.y, g.originMM.z, g.spacingMM.x, g.spacingMM.y, g.spacingMM.z]
            + [d.column0, d.column1, d.column2].flatMap { [$0.x, $0.y, $0.z] }
        return "\(g.size.x)x\(g.size.y)x\(g.size.z) " + numbers.map { "\($0)" }.joined(separator: ",")
    }
}

extension SIMD3 where Scalar == Double {
    /// Largest |component|.
    fileprivate var maxAbsolute: Double { Swift.max(abs(x), abs(y), abs(z)) }
}
