import Testing

@testable import DICOM

@Suite struct DICOMErrorTests {
    @Test func descriptionsNameTheFileAndOnlyIOIsTransient() {
        let error = DICOMError.undecodablePixels(path: "/in/a.dcm", reason: "JPEG 2000 (1.2.840.10008.1.2.4.90) has no decoder")
        #expect(error.description == "/in/a.dcm: cannot decode pixel data: JPEG 2000 (1.2.840.10008.1.2.4.90) has no decoder")
        #expect(!error.isTransient)
        #expect(DICOMError.io(path: "/in", reason: "disk full").isTransient)
        let gate = DICOMError.geometryRejected(series: "3", findings: ["a", "b"])
        #expect(gate.description == "series 3 rejected by the geometry gate:\n  - a\n  - b")
    }
}
