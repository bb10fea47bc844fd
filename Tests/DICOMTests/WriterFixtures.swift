import Foundation
import Imaging
import Testing

@testable import DICOM

/// Synthetic source series for the writer tests, written with msl's own dataset API (so these tests
/// need no DCMTK command line): a small CT series and an MR series of one patient, in two frames of
/// reference, with a patient name in the character set asked for.
enum WriterFixtures {
    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder(_ name: String = "writer") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "msl-\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let studyUID = "1.2.826.0.1.3680043.8.498.1"
    static let ctSeriesUID = "1.2.826.0.1.3680043.8.498.2"
    static let mrSeriesUID = "1.2.826.0.1.3680043.8.498.3"
    static let ctFrameUID = "1.2.826.0.1.3680043.8.498.4"
    static let mrFrameUID = "1.2.826.0.1.3680043.8.498.5"
    static let ctSOPClass = "1.2.840.10008.5.1.4.1.1.2"
    static let mrSOPClass = "1.2.840.10008.5.1.4.1.1.4"

    /// The CT grid of the fixtures: 6 columns × 5 rows × 4 slices, 0.8 × 0.9 mm pixels, 2.5 mm slices, an
    /// oblique orientation (rotated 10° about z), origin (−10.25, 20.5, 30.125).
    static func ctGeometry(frame: String? = ctFrameUID) throws -> Geometry {
        let angle = 10.0 * .pi / 180
        let row = SIMD3(cos(angle), sin(angle), 0)
        let column = SIMD3(-sin(angle), cos(angle), 0)
        return try Geometry(
            size: SIMD3(6, 5, 4), originMM: SIMD3(-10.25, 20.5, 30.125), spacingMM: SIMD3(0.8, 0.9, 2.5),
            direction: Matrix3(columns: (row, column, SIMD3(0, 0, 1))), frameOfReferenceUID: frame)
    }

    /// One source instance: the patient and study attributes, the geometry of slice `k` of `geometry`,
    /// and int16 pixels with Rescale Slope 1 (CT) or uint16 (MR).
    static func writeInstance(
        to path: String, modality: String, k: Int, geometry: Geometry, seriesUID: String, frameUID: String,
        patientName: String, characterSet: String?, encoding: DICOMTextEncoding, studyDate: String = "20240131",
        studyTime: String = "101500", extra: (DICOMDataset) throws -> Void = { _ in }
    ) throws {
        typealias T = AttributeTag
        let d = try DICOMDataset(label: path, encoding: encoding)
        if let characterSet { try d.set(T.specificCharacterSet, characterSet) }
        try d.set(T.sopClassUID, modality == "CT" ? ctSOPClass : mrSOPClass)
        try d.set(T.sopInstanceUID, "\(seriesUID).\(k + 1)")
        try d.set(T.studyDate, studyDate)
        try d.set(T.studyTime, studyTime)
        try d.set(T.accessionNumber, "ACC42")
        try d.set(T.modality, modality)
        try d.set(T.manufacturer, "Fixture")
        try d.set(T.referringPhysicianName, "Who^Doctor")
        try d.set(T.patientName, patientName)
        try d.set(T.patientID, "PID-7")
        try d.set(T.issuerOfPatientID, "HOSP")
        try d.set(T.patientBirthDate, "19700101")
        try d.set(T.patientSex, "O")
        try d.set(T.studyInstanceUID, studyUID)
        try d.set(T.seriesInstanceUID, seriesUID)
        try d.set(T.studyID, "S1")
        try d.set(T.seriesNumber, modality == "CT" ? "2" : "5")
        try d.set(T.instanceNumber, String(k + 1))
        try d.set(T.patientPosition, "HFS")
        let p = geometry.physicalPoint(ofIndex: SIMD3(0, 0, k))
        let r = geometry.direction.column0
        let c = geometry.direction.column1
        try d.set(T.imagePositionPatient, decimals: [p.x, p.y, p.z])
        try d.set(T.imageOrientationPatient, decimals: [r.x, r.y, r.z, c.x, c.y, c.z])
        try d.set(T.frameOfReferenceUID, frameUID)
        try d.set(T.positionReferenceIndicator, "OM")
        try d.set(T.pixelSpacing, decimals: [geometry.spacingMM.y, geometry.spacingMM.x])
        try d.set(T.sliceThickness, decimals: [geometry.spacingMM.z])
        try d.set(T.samplesPerPixel, integers: [1])
        try d.set(T.photometricInterpretation, "MONOCHROME2")
        try d.set(T.rows, integers: [geometry.size.y])
        try d.set(T.columns, integers: [geometry.size.x])
        try d.set(T.bitsAllocated, integers: [16])
        try d.set(T.bitsStored, integers: [16])
        try d.set(T.highBit, integers: [15])
        let count = geometry.size.x * geometry.size.y
        if modality == "CT" {
            try d.set(T.pixelRepresentation, integers: [1])
            try d.set(T.rescaleIntercept, "0")
            try d.set(T.rescaleSlope, "1")
            try d.set(T.kvp, "120")
            try d.set(T.pixelData, values: (0..<count).map { Int16(($0 * 37 + k * 11) % 2000 - 1000) }, vr: "OW")
        } else {
            try d.set(T.pixelRepresentation, integers: [0])
            try d.set(T.scanningSequence, "GR")
            try d.set(T.sequenceVariant, "SP")
            try d.set(T.echoTime, "4.2")
            try d.set(T.repetitionTime, "2300")
            try d.set(T.pixelData, values: (0..<count).map { UInt16(($0 * 53 + k * 7) % 4000) }, vr: "OW")
        }
        try extra(d)
        try d.save(to: path)
    }

    /// A CT series (4 slices on `ctGeometry`) and an MR series (3 slices, another frame, 1 mm higher), one
    /// patient, written into `folder`; their metadata as the index would read it.
    static func sources(
        in folder: URL, patientName: String = "Doe^Jane", characterSet: String? = "ISO_IR 192",
        encoding: DICOMTextEncoding = .utf8, studyDate: String = "20240131", studyTime: String = "101500",
        extra: (DICOMDataset) throws -> Void = { _ in }
    ) throws -> SourceSeries {
        let geometry = try ctGeometry()
        var ct: [InstanceMetadata] = []
        for k in 0..<geometry.size.z {
            let path = folder.appendingPathComponent("ct-\(k + 1).dcm").path
            try writeInstance(
                to: path, modality: "CT", k: k, geometry: geometry, seriesUID: ctSeriesUID, frameUID: ctFrameUID,
                patientName: patientName, characterSet: characterSet, encoding: encoding, studyDate: studyDate,
                studyTime: studyTime, extra: extra)
            ct.append(try DICOMFile(path: path).metadata())
        }
        let mrGeometry = try Geometry(
            size: SIMD3(6, 5, 3), originMM: SIMD3(-10, 20, 31), spacingMM: SIMD3(0.8, 0.9, 3),
            direction: .identity, frameOfReferenceUID: mrFrameUID)
        var mr: [InstanceMetadata] = []
        for k in 0..<mrGeometry.size.z {
            let path = folder.appendingPathComponent("mr-\(k + 1).dcm").path
            try writeInstance(
                to: path, modality: "MR", k: k, geometry: mrGeometry, seriesUID: mrSeriesUID, frameUID: mrFrameUID,
                patientName: patientName, characterSet: characterSet, encoding: encoding, studyDate: studyDate,
                studyTime: studyTime, extra: extra)
            mr.append(try DICOMFile(path: path).metadata())
        }
        return SourceSeries(ct: ct, mr: mr)
    }

    /// A provenance with every field set.
    static func provenance(lambda: Double = 0.5, version: String = "1.4.0") -> Provenance {
        Provenance(
            algorithmVersion: version, modelSHA256: String(repeating: "ab", count: 32), mixing: .lambda(lambda),
            deviceUID: "2.25.1234567890", registrationInstanceUID: "2.25.987654321",
            parameters: ["views": "64", "acceleration": "4"])
    }

    /// HU values on the CT grid: a ramp over −1100…2400 HU with fractions, so rounding is exercised.
    static func ctVolume(geometry: Geometry? = nil) throws -> Volume {
        let g = try geometry ?? ctGeometry()
        let voxels = (0..<g.voxelCount).map { Float(-1100) + Float($0) * 29.37 }
        return try Volume(geometry: g, voxels: voxels)
    }

}
