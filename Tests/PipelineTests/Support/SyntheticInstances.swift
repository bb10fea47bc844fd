import DICOM

/// Instance metadata for selection tests: one stack of `count` slices, every attribute the rules read
/// present unless a test changes it.
enum SyntheticInstances {
    static let axialRow = SIMD3<Double>(1, 0, 0)
    static let axialColumn = SIMD3<Double>(0, 1, 0)
    static let sagittalRow = SIMD3<Double>(0, 1, 0)
    static let sagittalColumn = SIMD3<Double>(0, 0, -1)

    /// A stack of slices `thicknessMM` apart along the plane normal, numbered 1…count.
    static func series(
        modality: String = "CT", description: String? = "Head 2.5 mm",
        imageType: [String] = ["ORIGINAL", "PRIMARY", "AXIAL"],
        seriesNumber: Int = 2, series: String = "1.2.826.0.7.2", study: String = "1.2.826.0.7",
        patientID: String = "P-7", issuer: String? = "HOSPITAL", count: Int = 20, thicknessMM: Double? = 2.5,
        row: SIMD3<Double> = axialRow, column: SIMD3<Double> = axialColumn
    ) -> [InstanceMetadata] {
        let normal = SIMD3(
            row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
            row.x * column.y - row.y * column.x)
        return (0..<count).map { k in
            InstanceMetadata(
                path: "/study/\(series)/\(k + 1).dcm", transferSyntaxUID: "1.2.840.10008.1.2.1",
                sopClassUID: modality == "MR" ? "1.2.840.10008.5.1.4.1.1.4" : "1.2.840.10008.5.1.4.1.1.2",
                sopInstanceUID: "\(series).\(k + 1)", studyInstanceUID: study, seriesInstanceUID: series,
                frameOfReferenceUID: "\(study).1", modality: modality, patientID: patientID, issuerOfPatientID: issuer,
                imageType: imageType, seriesDescription: description, seriesNumber: seriesNumber, instanceNumber: k + 1,
                acquisitionNumber: 1,
                imagePositionPatient: SIMD3(-100, -100, -50) + Double(k) * (thicknessMM ?? 3) * normal,
                imageOrientationRow: row, imageOrientationColumn: column, pixelSpacing: SIMD2(1, 1),
                sliceThickness: thicknessMM, rows: 16, columns: 16)
        }
    }
}
