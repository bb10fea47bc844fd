import Foundation
import Imaging
import Testing

@testable import Dataset

@Suite struct DatasetStorageTests {
    static let options = DatasetPreparationOptions(modelSize: 8, fieldOfViewMM: 100)

    /// A prepared patient with recognisable values: element e of slice s is (s·64 + e)/1000 + offset.
    static func patient(_ id: String, slices: [Int], offset: Float) throws -> PreparedPatient {
        let n = 8
        var values: [Float] = []
        for e in 0..<slices.count * n * n { values.append(Float(e) / 1000 + offset) }
        return try PreparedPatient(
            id: id, modelSize: n, ct: values, mr: values.map { 1 - $0 }, mask: values.map { $0 > 0.05 ? 1 : 0 },
            sliceIndices: slices, registration: .alreadyAligned,
            normalisation: IntensityNormalisation(
                ctFillHounsfield: -1024, mrFill: 0, mrScaling: MinMaxScaling(minimum: 0, maximum: 300)),
            source: "test \(id)")
    }

    /// Writes patients a (3 slices), b (2), c (4): train [a, c], validation [], test [b].
    static func writeDataset(in folder: URL) throws -> DatasetManifest {
        let split = try PatientSplit(train: ["c", "a"], validation: [], test: ["b"])
        var writer = try DatasetWriter(folder: folder, options: options, seed: 99, split: split)
        try writer.write(patient("a", slices: [4, 5, 6], offset: 0))
        try writer.write(patient("b", slices: [10, 12], offset: 0.1))
        try writer.write(patient("c", slices: [0, 1, 2, 3], offset: 0.2))
        return try writer.finish()
    }

    @Test func roundTrip() throws {
        let folder = try TemporaryFolder()
        let written = try Self.writeDataset(in: folder.url)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        #expect(names == ["a.safetensors", "b.safetensors", "c.safetensors", "manifest.json"])

        let dataset = try Dataset(folder: folder.url)
        #expect(dataset.manifest == written)
        #expect(dataset.manifest.format == "msl-dataset" && dataset.manifest.version == 1)
        #expect(dataset.manifest.seed == 99)
        #expect(dataset.manifest.patients.map(\.sliceCount) == [3, 2, 4])
        #expect(dataset.manifest.patients.allSatisfy { $0.sha256.count == 64 })
        #expect(dataset.modelSize == 8)
        #expect(dataset.patients(in: .train) == ["a", "c"])
        #expect(dataset.slices(in: .train).count == 7)
        #expect(dataset.slices(in: .validation).isEmpty)
        #expect(
            dataset.slices(in: .test) == [
                SliceReference(patient: "b", index: 0), SliceReference(patient: "b", index: 1),
            ])

        let expected = try Self.patient("c", slices: [0, 1, 2, 3], offset: 0.2)
        for s in 0..<4 {
            let slice = try dataset.slice(patient: "c", index: s)
            #expect(slice.ct == Array(expected.slice(s, of: \.ct)))
            #expect(slice.mr == Array(expected.slice(s, of: \.mr)))
            #expect(slice.mask == Array(expected.slice(s, of: \.mask)))
            #expect(slice.sourceIndex == s)
        }
        #expect(try dataset.slice(SliceReference(patient: "b", index: 1)).sourceIndex == 12)
        #expect(throws: DatasetError.sliceOutOfRange(patient: "b", index: 2, count: 2)) {
            try dataset.slice(patient: "b", index: 2)
        }
        #expect(throws: DatasetError.unknownPatient("z")) { try dataset.slice(patient: "z", index: 0) }
    }

    @Test func writingTwiceGivesTheSameBytes() throws {
        let (one, two) = (try TemporaryFolder(), try TemporaryFolder())
        _ = try Self.writeDataset(in: one.url)
        _ = try Self.writeDataset(in: two.url)
        for name in ["a.safetensors", "manifest.json"] {
            let a = try Data(contentsOf: one.url.appendingPathComponent(name))
            let b = try Data(contentsOf: two.url.appendingPathComponent(name))
            #expect(a == b, "\(name)")
        }
    }

    @Test func corruptedByteIsDetectedAndNamesTheFile() throws {
        let folder = try TemporaryFolder()
        _ = try Self.writeDataset(in: folder.url)
        let url = folder.url.appendingPathComponent("b.safetensors")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: url)
        #expect {
            try Dataset(folder: folder.url)
        } throws: { error in
            guard case DatasetError.hashMismatch(let path, _, _) = error else { return false }
            return path.hasSuffix("/b.safetensors") && "\(error)".contains("b.safetensors")
        }
    }

    @Test func missingFileIsDetected() throws {
        let folder = try TemporaryFolder()
        _ = try Self.writeDataset(in: folder.url)
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("c.safetensors"))
        #expect {
            try Dataset(folder: folder.url)
        } throws: { error in
            guard case DatasetError.missingFile(let path, let patient) = error else { return false }
            return path.hasSuffix("/c.safetensors") && patient == "c"
        }
    }

    @Test func missingManifestAndOtherVersionsAreRejected() throws {
        let folder = try TemporaryFolder()
        #expect(throws: DatasetError.self) { try Dataset(folder: folder.url) }
        _ = try Self.writeDataset(in: folder.url)
        let url = folder.url.appendingPathComponent("manifest.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        object["version"] = 2
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        #expect {
            try Dataset(folder: folder.url)
        } throws: { error in
            guard case DatasetError.unsupportedVersion(_, let found, _) = error else { return false }
            return found == "2"
        }
    }

    @Test func writerRefusesAnExistingDatasetAndIncompleteSplits() throws {
        let folder = try TemporaryFolder()
        _ = try Self.writeDataset(in: folder.url)
        let split = try PatientSplit(train: ["a"], validation: [], test: ["b"])
        #expect(throws: DatasetError.self) {
            try DatasetWriter(folder: folder.url, options: Self.options, seed: 1, split: split)
        }
        var writer = try DatasetWriter(
            folder: folder.url, options: Self.options, seed: 1, split: split, replacingExisting: true)
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("manifest.json").path))
        try writer.write(Self.patient("a", slices: [1], offset: 0))
        #expect(throws: DatasetError.self) { try writer.write(Self.patient("a", slices: [1], offset: 0)) }
        #expect {
            try writer.finish()
        } throws: { error in
            "\(error)".contains("no file was written for b")
        }
    }
}
