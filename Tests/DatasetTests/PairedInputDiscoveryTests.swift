import Foundation
import Imaging
import Testing

@testable import Dataset

@Suite struct PairedInputDiscoveryTests {
    static func write(_ names: [String], in folder: URL) throws {
        let volume = Volume(geometry: try Geometry(size: SIMD3(4, 4, 2)), repeating: 1)
        for name in names { try NIfTI.encode(volume).write(to: folder.appendingPathComponent(name)) }
    }

    @Test func pairsCTWithT1OrMR() throws {
        let folder = try TemporaryFolder("inputs")
        try Self.write(
            ["p001_ct.nii", "p001_t1.nii", "p002_CT.nii.gz", "p002_mr.nii.gz", "p001_t2.nii"], in: folder.url)
        try Data("notes".utf8).write(to: folder.url.appendingPathComponent("README.txt"))
        try Data().write(to: folder.url.appendingPathComponent(".DS_Store"))
        let discovery = try PairedInputDiscovery(folder: folder.url)
        #expect(discovery.patientIDs == ["p001", "p002"])
        #expect(discovery.pairs[0].ctFile.lastPathComponent == "p001_ct.nii")
        #expect(discovery.pairs[0].mrFile.lastPathComponent == "p001_t1.nii")
        #expect(discovery.pairs[1].mrFile.lastPathComponent == "p002_mr.nii.gz")
        #expect(discovery.ignoredFiles == ["README.txt", "p001_t2.nii"])
        let pair = try discovery.pairs[1].load()
        #expect(pair.patientID == "p002" && !pair.aligned)
        #expect(pair.ct.size == SIMD3(4, 4, 2))
        #expect(pair.source == "ct: p002_CT.nii.gz, mr: p002_mr.nii.gz")
    }

    @Test func patientIdsMayContainUnderscores() {
        #expect(PairedInputDiscovery.parse("rire_p_01_t1.nii.gz")?.patient == "rire_p_01")
        #expect(PairedInputDiscovery.parse("ct.nii") == nil)
        #expect(PairedInputDiscovery.parse("_ct.nii") == nil)
        #expect(PairedInputDiscovery.parse("p1_ct.img") == nil)
    }

    @Test func oneModalityAndDuplicatesAreReportedWithTheirFiles() throws {
        let folder = try TemporaryFolder("inputs")
        try Self.write(
            ["p001_ct.nii", "p001_t1.nii", "p002_ct.nii", "p003_t1.nii", "p004_ct.nii", "p004_t1.nii", "p004_mr.nii"],
            in: folder.url)
        #expect {
            try PairedInputDiscovery(folder: folder.url)
        } throws: { error in
            guard case DatasetError.inputFolder(_, let problems) = error else { return false }
            return problems.count == 3
                && problems[0].hasPrefix("p002_ct.nii: patient p002 has no p002_t1.nii[.gz]")
                && problems[1].hasPrefix("p003_t1.nii: patient p003 has no p003_ct.nii[.gz]")
                && problems[2].contains("p004_mr.nii, p004_t1.nii")
        }
    }

    @Test func emptyFolderAndBadIdsAreReported() throws {
        let folder = try TemporaryFolder("inputs")
        #expect(throws: DatasetError.self) { try PairedInputDiscovery(folder: folder.url) }
        try Self.write(["bad id_ct.nii", "bad id_t1.nii"], in: folder.url)
        #expect {
            try PairedInputDiscovery(folder: folder.url)
        } throws: { error in
            "\(error)".contains("bad id_ct.nii: patient id \"bad id\"")
        }
        #expect(throws: DatasetError.self) {
            try PairedInputDiscovery(folder: folder.url.appendingPathComponent("absent"))
        }
    }

    @Test func unreadableVolumeNamesTheFile() throws {
        let folder = try TemporaryFolder("inputs")
        try Self.write(["p001_ct.nii"], in: folder.url)
        try Data("not a nifti file".utf8).write(to: folder.url.appendingPathComponent("p001_t1.nii"))
        let discovery = try PairedInputDiscovery(folder: folder.url)
        #expect {
            try discovery.pairs[0].load()
        } throws: { error in
            guard case DatasetError.unreadableFile(let path, _) = error else { return false }
            return path.hasSuffix("/p001_t1.nii")
        }
    }
}
