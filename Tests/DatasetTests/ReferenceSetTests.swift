import Foundation
import Imaging
import Phantom
import Testing

@testable import Dataset

/// The reference-set pipeline on two tiny procedural subjects: rendered, prepared, split by patient and
/// stored; what comes back has the counts, shapes and value ranges the training loop relies on.
@Suite struct ReferenceSetTests {
    @Test func twoTinySubjectsMakeAValidSplitDataset() throws {
        let atlas = try ProceduralAtlas.build(spacingMM: 2)
        var options = ReferenceSetOptions()
        options.seed = 77
        options.train = 1
        options.validation = 0
        options.test = 1
        options.preparation.modelSize = 32
        options.preparation.fieldOfViewMM = 256
        options.slices = 18
        options.sliceThicknessMM = 10
        options.renderMatrix = 64
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-reference-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines: [String] = []
        let manifest = try ReferenceSet.generate(
            options: options, atlas: atlas, atlasName: "procedural", into: folder) { lines.append($0) }
        #expect(lines.count == 2)
        #expect(manifest.split[.train] == ["P0001"] && manifest.split[.test] == ["P0002"])
        #expect(manifest.split[.validation].isEmpty)

        let dataset = try Dataset(folder: folder)
        #expect(dataset.modelSize == 32)
        for patient in ["P0001", "P0002"] {
            let count = dataset.sliceCount(patient: patient)
            // The head spans about 196 mm of the 180 mm slab: most of the 18 slices hold head.
            #expect(count >= 12 && count <= 18, "\(patient): \(count) slices")
            for index in 0..<count {
                let slice = try dataset.slice(patient: patient, index: index)
                #expect(slice.ct.count == 32 * 32 && slice.mr.count == 32 * 32)
                #expect(slice.ct.allSatisfy { $0 >= 0 && $0 <= 1 } && slice.mr.allSatisfy { $0 >= 0 && $0 <= 1 })
                #expect(slice.mask.contains(1))
            }
        }
        // Soft tissue maps to the authors' network value (μ/0.6 ≈ 0.32 for water); bone is brighter.
        let middle = try dataset.slice(patient: "P0001", index: dataset.sliceCount(patient: "P0001") / 2)
        let centre = middle.ct[16 * 32 + 16]
        #expect(abs(centre - 0.32) < 0.03, "brain centre network value \(centre)")
        #expect(middle.ct.max()! > 0.45, "the skull is brighter than soft tissue")
        // Same seed, same bytes.
        let again = folder.appendingPathComponent("again")
        _ = try ReferenceSet.generate(options: options, atlas: atlas, atlasName: "procedural", into: again)
        for name in ["P0001.safetensors", "manifest.json"] {
            #expect(
                try Data(contentsOf: folder.appendingPathComponent(name))
                    == Data(contentsOf: again.appendingPathComponent(name)))
        }
    }
}
