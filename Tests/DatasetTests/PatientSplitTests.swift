import Tensor
import Testing

@testable import Dataset

@Suite struct PatientSplitTests {
    static let ids = (1...10).map { "p\($0 < 10 ? "0" : "")\($0)" }

    @Test func splitsByPatientWithTheRequestedCounts() throws {
        let split = try PatientSplit(patients: Self.ids.reversed(), train: 6, validation: 2, test: 2, seed: 7)
        #expect(split.train.count == 6 && split.validation.count == 2 && split.test.count == 2)
        let all = split.train + split.validation + split.test
        #expect(Set(all).count == 10)
        #expect(Set(all) == Set(Self.ids))
        for part in DatasetPart.allCases {
            #expect(split[part] == split[part].sorted())
            for id in split[part] { #expect(split.part(of: id) == part) }
        }
        #expect(split.allPatients == Self.ids)
    }

    @Test func deterministicForASeedAndIndependentOfInputOrder() throws {
        let a = try PatientSplit(patients: Self.ids, train: 5, validation: 2, test: 3, seed: 42)
        let b = try PatientSplit(patients: Self.ids.reversed(), train: 5, validation: 2, test: 3, seed: 42)
        #expect(a == b)
        let others = try (43...50).map {
            try PatientSplit(patients: Self.ids, train: 5, validation: 2, test: 3, seed: UInt64($0))
        }
        #expect(others.contains { $0 != a })
    }

    @Test func leftoverPatientsBelongToNoPart() throws {
        let split = try PatientSplit(patients: Self.ids, train: 3, validation: 1, test: 1, seed: 1)
        #expect(split.allPatients.count == 5)
        #expect(Self.ids.filter { split.part(of: $0) == nil }.count == 5)
    }

    @Test func countsBeyondThePatientsAreAnError() {
        #expect {
            try PatientSplit(patients: Self.ids, train: 8, validation: 2, test: 1, seed: 1)
        } throws: { error in
            "\(error)".contains("11 patients requested") && "\(error)".contains("only 10")
        }
        #expect(throws: DatasetError.self) {
            try PatientSplit(patients: Self.ids, train: -1, validation: 2, test: 1, seed: 1)
        }
    }

    @Test func duplicatesAndBadIdsAreErrors() {
        #expect(throws: DatasetError.self) {
            try PatientSplit(patients: ["a", "b", "a"], train: 1, validation: 1, test: 0, seed: 1)
        }
        #expect(throws: DatasetError.self) { try PatientSplit(train: ["a"], validation: ["a"], test: []) }
        #expect(throws: DatasetError.self) { try PatientSplit(train: ["../x"], validation: [], test: []) }
        #expect(throws: DatasetError.self) { try PatientSplit(train: [".hidden"], validation: [], test: []) }
    }

    @Test func drawIsUniformEnough() {
        var generator = SeededGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<3000 { counts[PatientSplit.draw(below: 3, using: &generator)] += 1 }
        #expect(counts.allSatisfy { $0 > 900 && $0 < 1100 })
    }
}
