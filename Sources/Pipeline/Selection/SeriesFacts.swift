import DICOM
import Foundation

/// What the selection rules look at in one sub-series, read from its instances' metadata once.
public struct SeriesFacts: Sendable, Equatable {
    /// SeriesNumber (0020,0011) of the first instance.
    public let seriesNumber: Int?
    /// Modality (0008,0060).
    public let modality: String
    /// SeriesDescription (0008,103E), "" when absent.
    public let description: String
    /// The distinct ImageType (0008,0008) values, each with how many instances carry it, most common first.
    public let imageTypes: [ImageTypeCount]
    /// Slices: the frames of every instance (one per single-frame instance).
    public let sliceCount: Int
    /// Thickness used by the rules: the median SliceThickness (0018,0050), else the median step between
    /// neighbouring positions along the slice normal; nil when neither is known.
    public let thicknessMM: Double?
    /// Smallest and largest SliceThickness when the instances disagree (nil when they agree or none has one).
    public let thicknessSpreadMM: ClosedRange<Double>?
    /// Whether `thicknessMM` came from positions rather than SliceThickness.
    public let thicknessFromPositions: Bool
    /// The slice plane from ImageOrientationPatient (0020,0037) of the first instance having one.
    public let plane: PlaneClassification?

    /// Reads the facts of a sub-series.
    public init(_ subSeries: SubSeries) {
        let instances = subSeries.instances
        seriesNumber = subSeries.seriesNumber
        modality = subSeries.modality
        description = instances.first?.seriesDescription ?? ""
        var groups: [ImageTypeCount] = []
        for instance in instances {
            let values = instance.imageType.map { $0.trimmingCharacters(in: .whitespaces) }
            if let k = groups.firstIndex(where: { $0.values == values }) {
                groups[k].count += 1
            } else {
                groups.append(ImageTypeCount(values: values, count: 1))
            }
        }
        imageTypes = groups.enumerated().sorted { ($1.element.count, $0.offset) < ($0.element.count, $1.offset) }
            .map(\.element)
        sliceCount = instances.reduce(0) { $0 + max(1, $1.numberOfFrames) }
        let thicknesses = instances.compactMap(\.sliceThickness).filter { $0.isFinite && $0 > 0 }
        if let low = thicknesses.min(), let high = thicknesses.max() {
            thicknessMM = Self.median(thicknesses)
            thicknessSpreadMM = low < high ? low...high : nil
            thicknessFromPositions = false
        } else {
            thicknessMM = Self.medianStep(instances)
            thicknessSpreadMM = nil
            thicknessFromPositions = thicknessMM != nil
        }
        plane =
            instances.lazy.compactMap { instance -> PlaneClassification? in
                guard let row = instance.imageOrientationRow, let column = instance.imageOrientationColumn else {
                    return nil
                }
                return PlaneClassification(row: row, column: column)
            }.first
    }

    /// The ImageType values as DICOM prints them, "DERIVED\SECONDARY" (most common first, joined by " / ").
    public var imageTypeText: String {
        imageTypes.isEmpty ? "(none)" : imageTypes.map { $0.values.joined(separator: "\\") }.joined(separator: " / ")
    }

    /// "5.5 mm", "5.5 mm (4–7)", "2.5 mm (from positions)", "unknown".
    public var thicknessText: String {
        guard let thicknessMM else { return "thickness unknown" }
        var text = Printing.millimetres(thicknessMM) + " mm"
        if let spread = thicknessSpreadMM {
            text += " (median of \(Printing.millimetres(spread.lowerBound))–\(Printing.millimetres(spread.upperBound)))"
        }
        if thicknessFromPositions { text += " (slice spacing)" }
        return text
    }

    /// The median (mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median distance between neighbouring slice positions along the normal of the first
    /// orientation; nil with fewer than two distinct positions.
    static func medianStep(_ instances: [InstanceMetadata]) -> Double? {
        guard
            let oriented = instances.first(where: { $0.imageOrientationRow != nil && $0.imageOrientationColumn != nil }
            ),
            let row = oriented.imageOrientationRow, let column = oriented.imageOrientationColumn
        else { return nil }
        let normal = SIMD3(
            row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
            row.x * column.y - row.y * column.x)
        let coordinates = instances.compactMap { $0.imagePositionPatient.map { ($0 * normal).sum() } }.sorted()
        let steps = zip(coordinates.dropFirst(), coordinates).map { $0 - $1 }.filter { $0 > 1e-6 }
        return steps.isEmpty ? nil : median(steps)
    }
}

/// One distinct ImageType (0008,0008) value of a sub-series and how many instances carry it.
public struct ImageTypeCount: Sendable, Equatable {
    /// The values, trimmed, as stored ("DERIVED", "SECONDARY").
    public var values: [String]
    /// Instances carrying exactly these values.
    public var count: Int

    /// "DERIVED\SECONDARY".
    public var text: String { values.joined(separator: "\\") }
}
