import Foundation

@testable import DICOM

/// Synthetic instance metadata for the index, gate and assembly tests: stacks of slices placed
/// exactly where a scanner would put them, with the attributes each test varies.
enum SyntheticSeries {
    static let axialRow = SIMD3<Double>(1, 0, 0)
    static let axialColumn = SIMD3<Double>(0, 1, 0)

    /// One instance; every geometry attribute present unless a test removes it.
    static func instance(
        number: Int, position: SIMD3<Double>, row: SIMD3<Double> = axialRow, column: SIMD3<Double> = axialColumn,
        rows: Int = 8, columns: Int = 6, pixelSpacing: SIMD2<Double> = SIMD2(0.8, 0.6),
        series: String = "1.2.826.0.9.3",
        seriesNumber: Int = 3, study: String = "1.2.826.0.9", patientID: String = "P1", issuer: String? = "HOSP",
        modality: String = "CT"
    ) -> InstanceMetadata {
        InstanceMetadata(
            path: "/inbox/\(series)/\(number).dcm", transferSyntaxUID: "1.2.840.10008.1.2.1",
            sopClassUID: "1.2.840.10008.5.1.4.1.1.2", sopInstanceUID: "\(series).\(number)", studyInstanceUID: study,
            seriesInstanceUID: series, frameOfReferenceUID: "1.2.826.0.9.99", modality: modality, patientID: patientID,
            issuerOfPatientID: issuer, imageType: ["ORIGINAL", "PRIMARY", "AXIAL"], seriesNumber: seriesNumber,
            instanceNumber: number, acquisitionNumber: 1, imagePositionPatient: position, imageOrientationRow: row,
            imageOrientationColumn: column, pixelSpacing: pixelSpacing, sliceThickness: 2.5, rows: rows,
            columns: columns, rescaleSlope: 1, rescaleIntercept: -1024)
    }

    /// A stack whose slice k sits at origin + k·stepVector (default: `step` along row × column),
    /// numbered 1…count in position order.
    static func stack(
        count: Int, step: Double = 2.5, origin: SIMD3<Double> = SIMD3(-100, -120, 40),
        row: SIMD3<Double> = axialRow, column: SIMD3<Double> = axialColumn, stepVector: SIMD3<Double>? = nil,
        rows: Int = 8, columns: Int = 6, series: String = "1.2.826.0.9.3", seriesNumber: Int = 3,
        firstNumber: Int = 1
    ) -> [InstanceMetadata] {
        let normal = row.cross(column)
        let vector = stepVector ?? step * normal
        return (0..<count).map { k in
            instance(
                number: firstNumber + k, position: origin + Double(k) * vector, row: row, column: column, rows: rows,
                columns: columns, series: series, seriesNumber: seriesNumber)
        }
    }

    /// Slices at the given coordinates along the axial normal (z), numbered 1, 2, … or by `numbers`
    /// (a lost file leaves a gap in InstanceNumber as well as in position).
    static func axial(
        atZ zs: [Double], numbers: [Int]? = nil, origin: SIMD2<Double> = SIMD2(-100, -120)
    ) -> [InstanceMetadata] {
        zs.enumerated().map { k, z in instance(number: numbers?[k] ?? k + 1, position: SIMD3(origin.x, origin.y, z)) }
    }

    /// The patient-space centre of pixel (i, j) of an instance (i along the row cosine by PixelSpacing[1],
    /// j along the column cosine by PixelSpacing[0]).
    static func point(_ instance: InstanceMetadata, i: Int, j: Int) -> SIMD3<Double> {
        let spacing = instance.pixelSpacing!
        return instance.imagePositionPatient! + Double(i) * spacing.y * instance.imageOrientationRow!
            + Double(j) * spacing.x * instance.imageOrientationColumn!
    }

    /// f(p) = 3·x − 2·y + 5·z + 7: linear in patient coordinates, so linear resampling must reproduce it.
    static func ramp(_ p: SIMD3<Double>) -> Double { 3 * p.x - 2 * p.y + 5 * p.z + 7 }

    /// A loader returning the ramp sampled at each pixel centre (x fastest).
    static func rampPixels(_ instance: InstanceMetadata, _ frame: Int) -> [Float] {
        var values: [Float] = []
        for j in 0..<instance.rows {
            for i in 0..<instance.columns { values.append(Float(ramp(point(instance, i: i, j: j)))) }
        }
        return values
    }

    /// A direction rotated by `degrees` about `axis` (Rodrigues), for oblique and tilted stacks.
    static func rotate(_ v: SIMD3<Double>, about axis: SIMD3<Double>, degrees: Double) -> SIMD3<Double> {
        let k = axis / axis.norm
        let (c, s) = (cos(degrees * .pi / 180), sin(degrees * .pi / 180))
        return v * c + k.cross(v) * s + k * k.dot(v) * (1 - c)
    }
}
