import Foundation
import Imaging
import Testing

@testable import DICOM

/// The single-instance writers read back: Parametric Map, Spatial Registration, Encapsulated PDF.
@Suite struct WriterObjectTests {
    typealias T = AttributeTag
    typealias Path = DICOMDataset.ItemPath

    /// A λ-map on the CT grid with values 0, 0.1, …, 1.
    static func lambdaMap() throws -> Volume {
        var map = try WriterFixtures.ctVolume()
        map.voxels = map.voxels.indices.map { Float($0 % 11) / 10 }
        return map
    }

    static func mapProvenance() -> Provenance {
        var p = WriterFixtures.provenance()
        p.mixing = .map(description: "alpha=0.01, mean 0.5")
        return p
    }

    /// A minimal, valid PDF 1.4 file written by hand: one empty page, cross-reference table, trailer.
    static func minimalPDF() -> [UInt8] {
        var body = "%PDF-1.4\n"
        var offsets: [Int] = []
        for object in [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
        ] {
            offsets.append(body.utf8.count)
            body += "\(offsets.count) 0 obj \(object) endobj\n"
        }
        let xref = body.utf8.count
        body += "xref\n0 4\n0000000000 65535 f \n"
        for offset in offsets { body += String(format: "%010d 00000 n \n", offset) }
        body += "trailer << /Size 4 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(body.utf8)
    }

    // MARK: - Parametric Map

    @Test func parametricMapCarriesFramesGroupsAndFloatValues() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let map = try Self.lambdaMap()
            let written = try ParametricMapWriter(map: map, sources: sources, provenance: Self.mapProvenance())
                .write(to: output.path)
            #expect(written.sopClassUID == "1.2.840.10008.5.1.4.1.1.30" && written.instances.count == 1)
            let path = written.instances[0].path
            let file = try DICOMFile(path: path)
            #expect(try file.string(T.sopInstanceUID) == written.instances[0].sopInstanceUID)
            #expect(try file.string(T.seriesInstanceUID) == written.seriesInstanceUID)
            #expect(try file.integers(T.numberOfFrames) == [4])
            #expect(try file.integers(T.rows) == [5] && file.integers(T.columns) == [6])
            #expect(try file.integers(T.bitsAllocated) == [32])
            #expect(try file.string(T.contentQualification) == "RESEARCH")
            #expect(try file.strings(T.imageType) == ["DERIVED", "PRIMARY", "VOLUME", "NONE"])
            #expect(try file.string(T.frameOfReferenceUID) == WriterFixtures.ctFrameUID)
            #expect(try file.string(T.contentDate) == "20240131")
            #expect(try file.string(T.seriesDescription) == "NOT FOR DIAGNOSTIC USE MSL-LAMBDA lambda-map")
            #expect(try file.string(T.patientName) == "Doe^Jane")

            let d = try DICOMDataset(contentsOf: path)
            #expect(try d.values(T.floatPixelData, as: Float.self) == map.voxels)
            let shared = Path.root.appending(T.sharedFunctionalGroupsSequence, item: 0)
            let measures = shared.appending(T.pixelMeasuresSequence, item: 0)
            #expect(try d.string(T.pixelSpacing, in: measures) == "0.9\\0.8")
            #expect(try d.string(T.sliceThickness, in: measures) == "2.5")
            let orientation = shared.appending(T.planeOrientationSequence, item: 0)
            let g = map.geometry
            for i in 0..<6 {
                let expected = i < 3 ? g.direction.column0[i] : g.direction.column1[i - 3]
                let value = try #require(try d.double(T.imageOrientationPatient, index: i, in: orientation))
                #expect(abs(value - expected) <= 1e-13)
            }
            let rwvm = shared.appending(T.realWorldValueMappingSequence, item: 0)
            #expect(try d.double(T.doubleFloatRealWorldValueFirstValueMapped, in: rwvm) == 0)
            #expect(try d.double(T.doubleFloatRealWorldValueLastValueMapped, in: rwvm) == 1)
            #expect(try d.double(T.realWorldValueSlope, in: rwvm) == 1)
            #expect(try d.double(T.realWorldValueIntercept, in: rwvm) == 0)
            #expect(try WriterDerivedImageTests.codes(d, T.measurementUnitsCodeSequence, in: rwvm) == [.noUnits])
            let derivation = shared.appending(T.derivationImageSequence, item: 0)
            #expect(try d.itemCount(T.sourceImageSequence, in: derivation) == 7)
            #expect(
                try WriterDerivedImageTests.codes(d, T.derivationCodeSequence, in: derivation)
                    == [.spatialResampling, .mixingMapOptimisation])
            let frameType = shared.appending(T.parametricMapFrameTypeSequence, item: 0)
            #expect(try d.string(T.frameType, in: frameType) == "DERIVED\\PRIMARY\\VOLUME\\NONE")
            #expect(try d.itemCount(T.perFrameFunctionalGroupsSequence) == 4)
            for k in 0..<4 {
                let frame = Path.root.appending(T.perFrameFunctionalGroupsSequence, item: k)
                let content = frame.appending(T.frameContentSequence, item: 0)
                #expect(try d.double(T.dimensionIndexValues, in: content) == Double(k + 1))
                #expect(try d.double(T.inStackPositionNumber, in: content) == Double(k + 1))
                let position = frame.appending(T.planePositionSequence, item: 0)
                let p = g.physicalPoint(ofIndex: SIMD3(0, 0, k))
                for axis in 0..<3 {
                    let value = try #require(try d.double(T.imagePositionPatient, index: axis, in: position))
                    #expect(abs(value - p[axis]) <= 1e-9)
                }
            }
            let index = Path.root.appending(T.dimensionIndexSequence, item: 0)
            #expect(try d.double(T.dimensionIndexPointer, in: index) == Double(0x0020_0032))
            #expect(try d.double(T.functionalGroupPointer, in: index) == Double(0x0020_9113))
            let organization = Path.root.appending(T.dimensionOrganizationSequence, item: 0)
            #expect(
                try d.string(T.dimensionOrganizationUID, in: index)
                    == d.string(T.dimensionOrganizationUID, in: organization))
            // Common Instance Reference: the CT and the MR series of the study.
            #expect(try d.itemCount(T.referencedSeriesSequence) == 2)
            let ctSeries = Path.root.appending(T.referencedSeriesSequence, item: 0)
            #expect(try d.string(T.seriesInstanceUID, in: ctSeries) == WriterFixtures.ctSeriesUID)
            #expect(try d.itemCount(T.referencedInstanceSequence, in: ctSeries) == 4)
        }
    }

    @Test func parametricMapRejectsValuesOutsideZeroToOneAndMissingDates() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            var map = try Self.lambdaMap()
            map.voxels[7] = 1.5
            #expect {
                _ = try ParametricMapWriter(map: map, sources: sources, provenance: Self.mapProvenance()).write(
                    to: output.path)
            } throws: { "\($0)".contains("not finite numbers in [0, 1]") }
            // Content Date/Time are Type 1: undated sources need Provenance.contentDateTime.
            let undated = try WriterFixtures.sources(
                in: sourceFolder, studyDate: "", studyTime: "")
            let good = try Self.lambdaMap()
            #expect {
                _ = try ParametricMapWriter(map: good, sources: undated, provenance: Self.mapProvenance()).write(
                    to: output.path)
            } throws: { "\($0)".contains("Provenance.contentDateTime") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
            var dated = Self.mapProvenance()
            dated.contentDateTime = try DICOMDateTime(date: "20250102", time: "030405.5")
            let written = try ParametricMapWriter(map: good, sources: undated, provenance: dated).write(to: output.path)
            let file = try DICOMFile(path: written.instances[0].path)
            #expect(try file.string(T.contentDate) == "20250102" && file.string(T.contentTime) == "030405.5")
        }
    }

    // MARK: - Spatial Registration

    static let registration = Imaging.AffineTransform(
        eulerAnglesRadians: SIMD3(0.1, -0.05, 0.2), translationMM: SIMD3(1.5, -2, 3.25), centerMM: SIMD3(5, 6, 7))

    @Test func registrationHoldsTheMRToCTMatrix() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let writer = SpatialRegistrationWriter(
                fixed: sources.ct, moving: sources.mr, fixedToMoving: Self.registration,
                provenance: WriterFixtures.provenance())
            let written = try writer.write(to: output.path)
            #expect(written.sopClassUID == "1.2.840.10008.5.1.4.1.1.66.1")
            #expect(written.instances[0].sopInstanceUID == writer.sopInstanceUID)
            let file = try DICOMFile(path: written.instances[0].path)
            #expect(try file.string(T.modality) == "REG")
            #expect(try file.string(T.frameOfReferenceUID) == WriterFixtures.ctFrameUID)
            #expect(try file.string(T.contentLabel) == "MSL_REG")
            #expect(try file.itemCount(T.registrationSequence) == 2)

            let d = try DICOMDataset(contentsOf: written.instances[0].path)
            func matrix(_ item: Int) throws -> [Double] {
                let m = Path.root.appending(T.registrationSequence, item: item)
                    .appending(T.matrixRegistrationSequence, item: 0).appending(T.matrixSequence, item: 0)
                #expect(try d.string(T.frameOfReferenceTransformationMatrixType, in: m) == "RIGID")
                return try (0..<16).map {
                    try #require(try d.double(T.frameOfReferenceTransformationMatrix, index: $0, in: m))
                }
            }
            let ct = Path.root.appending(T.registrationSequence, item: 0)
            let mr = Path.root.appending(T.registrationSequence, item: 1)
            #expect(try d.string(T.frameOfReferenceUID, in: ct) == WriterFixtures.ctFrameUID)
            #expect(try d.string(T.frameOfReferenceUID, in: mr) == WriterFixtures.mrFrameUID)
            #expect(try d.itemCount(T.referencedImageSequence, in: ct) == 4)
            #expect(try d.itemCount(T.referencedImageSequence, in: mr) == 3)
            #expect(try matrix(0) == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
            // M maps MR points to CT points: M · T(x) = x for CT points x.
            let m = try matrix(1)
            #expect(m[12...] == [0, 0, 0, 1])
            for x in [SIMD3<Double>(0, 0, 0), SIMD3(100, -50, 25), SIMD3(-10.25, 20.5, 30.125)] {
                let y = Self.registration.apply(to: x)
                for r in 0..<3 {
                    let back = m[4 * r] * y.x + m[4 * r + 1] * y.y + m[4 * r + 2] * y.z + m[4 * r + 3]
                    #expect(abs(back - x[r]) <= 1e-9, "row \(r) of M·T(\(x))")
                }
            }
            #expect(
                try WriterDerivedImageTests.codes(
                    d, AttributeTag(group: 0x0070, element: 0x030D, keyword: "RegistrationTypeCodeSequence"),
                    in: mr.appending(T.matrixRegistrationSequence, item: 0))
                    == [.imageContentBasedAlignment])
            #expect(try d.itemCount(T.referencedSeriesSequence) == 2)
        }
    }

    @Test func registrationRejectsNonRigidAndSharedFrames() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let sheared = Imaging.AffineTransform(
                matrix: Matrix3(rows: (SIMD3(1, 0.1, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1))))
            #expect {
                _ = try SpatialRegistrationWriter(
                    fixed: sources.ct, moving: sources.mr, fixedToMoving: sheared,
                    provenance: WriterFixtures.provenance()
                ).write(to: output.path)
            } throws: { "\($0)".contains("not rigid") }
            let mirrored = Imaging.AffineTransform(matrix: Matrix3(diagonal: SIMD3(1, 1, -1)))
            #expect {
                _ = try SpatialRegistrationWriter(
                    fixed: sources.ct, moving: sources.mr, fixedToMoving: mirrored,
                    provenance: WriterFixtures.provenance()
                ).write(to: output.path)
            } throws: { "\($0)".contains("not rigid") }
            #expect {
                _ = try SpatialRegistrationWriter(
                    fixed: sources.ct, moving: sources.ct, fixedToMoving: .identity,
                    provenance: WriterFixtures.provenance()
                ).write(to: output.path)
            } throws: { "\($0)".contains("share Frame of Reference") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
        }
    }

    // MARK: - Encapsulated PDF

    @Test func pdfIsEncapsulatedWithPatientStudyAndTitle() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            var pdf = Self.minimalPDF()
            if pdf.count % 2 == 0 { pdf.append(0x0A) }  // an odd length exercises the OB pad byte
            let written = try EncapsulatedPDFWriter(
                pdf: pdf, documentTitle: "MSL report", sources: sources, provenance: WriterFixtures.provenance()
            ).write(to: output.path)
            #expect(written.sopClassUID == "1.2.840.10008.5.1.4.1.1.104.1")
            let file = try DICOMFile(path: written.instances[0].path)
            #expect(try file.string(T.modality) == "DOC")
            #expect(try file.string(T.mimeTypeOfEncapsulatedDocument) == "application/pdf")
            #expect(try file.string(T.documentTitle) == "MSL report")
            #expect(try file.string(T.burnedInAnnotation) == "YES")
            #expect(try file.string(T.verificationFlag) == "UNVERIFIED")
            #expect(try file.integers(T.encapsulatedDocumentLength) == [pdf.count])
            #expect(try file.string(T.studyInstanceUID) == WriterFixtures.studyUID)
            #expect(try file.string(T.patientID) == "PID-7")
            #expect(try file.string(T.seriesInstanceUID) != WriterFixtures.ctSeriesUID)
            let d = try DICOMDataset(contentsOf: written.instances[0].path)
            let stored = try #require(try d.values(T.encapsulatedDocument, as: UInt8.self))
            #expect(Array(stored.prefix(pdf.count)) == pdf && stored.count == pdf.count + 1)
            #expect(try WriterDerivedImageTests.codes(d, T.conceptNameCodeSequence) == [.processingReport])
            #expect(try d.itemCount(T.sourceInstanceSequence) == 7)
        }
    }

    @Test func pdfWriterRejectsWhatIsNotAPDF() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            #expect {
                _ = try EncapsulatedPDFWriter(
                    pdf: Array("hello".utf8), sources: sources, provenance: WriterFixtures.provenance()
                )
                .write(to: output.path)
            } throws: { "\($0)".contains("%PDF-") && "\($0)".contains("%%EOF") }
            let truncated = Array(Self.minimalPDF().prefix(40))
            #expect {
                _ = try EncapsulatedPDFWriter(pdf: truncated, sources: sources, provenance: WriterFixtures.provenance())
                    .write(to: output.path)
            } throws: { "\($0)".contains("truncated") }
        }
    }
}
