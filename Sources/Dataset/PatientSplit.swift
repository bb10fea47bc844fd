import Tensor

/// A part of a dataset.
public enum DatasetPart: String, Sendable, Equatable, Codable, CaseIterable {
    case train
    case validation
    case test
}

/// Which patients train, validate and test: a split **by patient**, so that no patient's slices appear in two
/// parts (neighbouring slices of one head are nearly identical; splitting slices would leak test anatomy into
/// training). The authors split by patient id by hand (reference/msl-authors-code.md §3.5); here it is drawn
/// from a seed so that it can be reproduced and recorded in the manifest.
///
/// Each part's ids are sorted (Unicode code point order), so a split is compared and stored independent of the
/// order patients were found in.
public struct PatientSplit: Sendable, Equatable, Codable {
    /// Training patients, sorted.
    public let train: [String]
    /// Validation patients, sorted.
    public let validation: [String]
    /// Test patients, sorted.
    public let test: [String]

    /// A split given explicitly.
    ///
    /// - Throws: `DatasetError.invalidSplit` if an id appears twice (in one part or in two),
    ///   `.invalidPatientID` for an id that cannot name a file.
    public init(train: [String], validation: [String], test: [String]) throws {
        var seen: [String: DatasetPart] = [:]
        for (part, ids) in [(DatasetPart.train, train), (.validation, validation), (.test, test)] {
            for id in ids {
                try PatientID.validate(id)
                if let earlier = seen[id] {
                    throw DatasetError.invalidSplit(
                        "patient \(id) is listed in \(earlier.rawValue) and in \(part.rawValue); "
                            + "each patient belongs to one part")
                }
                seen[id] = part
            }
        }
        self.train = Self.sorted(train)
        self.validation = Self.sorted(validation)
        self.test = Self.sorted(test)
    }

    /// A seeded random split of `patients` into parts of the given sizes.
    ///
    /// The ids are sorted, shuffled by Fisher–Yates with `SeededGenerator(seed:)` (unbiased bounded draws by
    /// rejection, so the result depends only on the ids and the seed, not on the standard library's shuffle), then
    /// cut into train, validation and test in that order. Patients beyond the three counts are left out.
    ///
    /// - Throws: `DatasetError.invalidSplit` for a negative count, counts adding up to more than the patients, or
    ///   a duplicated id; `.invalidPatientID` for an id that cannot name a file.
    public init(patients: [String], train: Int, validation: Int, test: Int, seed: UInt64) throws {
        guard train >= 0, validation >= 0, test >= 0 else {
            throw DatasetError.invalidSplit(
                "counts must be ≥ 0, got train \(train), validation \(validation), test \(test)")
        }
        let requested = train + validation + test
        guard requested <= patients.count else {
            throw DatasetError.invalidSplit(
                "train \(train) + validation \(validation) + test \(test) = \(requested) patients requested, "
                    + "but only \(patients.count) are available; lower the counts")
        }
        for id in patients { try PatientID.validate(id) }
        var ids = Self.sorted(patients)
        if let duplicate = zip(ids, ids.dropFirst()).first(where: { $0.0 == $0.1 }) {
            throw DatasetError.invalidSplit("patient \(duplicate.0) is given twice; patient ids must be unique")
        }
        var generator = SeededGenerator(seed: seed)
        for i in stride(from: ids.count - 1, to: 0, by: -1) {
            ids.swapAt(i, Self.draw(below: i + 1, using: &generator))
        }
        try self.init(
            train: Array(ids[0..<train]), validation: Array(ids[train..<train + validation]),
            test: Array(ids[train + validation..<requested]))
    }

    /// The ids of one part.
    public subscript(part: DatasetPart) -> [String] {
        switch part {
        case .train: return train
        case .validation: return validation
        case .test: return test
        }
    }

    /// The part a patient belongs to, or nil when the patient is in none.
    public func part(of patient: String) -> DatasetPart? {
        DatasetPart.allCases.first { self[$0].contains(patient) }
    }

    /// Every id in the split, sorted.
    public var allPatients: [String] { Self.sorted(train + validation + test) }

    /// Decodes and validates (as `init(train:validation:test:)`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            train: c.decode([String].self, forKey: .train), validation: c.decode([String].self, forKey: .validation),
            test: c.decode([String].self, forKey: .test))
    }

    enum CodingKeys: String, CodingKey {
        case train
        case validation
        case test
    }

    /// Uniform in 0..<n: reject raw draws below 2⁶⁴ mod n, so the accepted range is a multiple of n.
    static func draw(below n: Int, using generator: inout SeededGenerator) -> Int {
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let raw = generator.next()
            if raw >= threshold { return Int(raw % bound) }
        }
    }

    /// Sorted by Unicode code points (UTF-8 byte order), as Python's `sorted`, independent of normalisation.
    static func sorted(_ ids: [String]) -> [String] {
        ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
