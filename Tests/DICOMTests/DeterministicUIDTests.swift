import Testing

@testable import DICOM

@Suite struct DeterministicUIDTests {
    @Test func decimalConversionMatchesKnownValues() {
        #expect(DeterministicUID.decimal([0]) == "0")
        #expect(DeterministicUID.decimal([1, 0]) == "256")
        #expect(DeterministicUID.decimal([UInt8](repeating: 0xFF, count: 16)) == "340282366920938463463374607431768211455")  // 2¹²⁸ − 1
    }

    @Test func sameInputsSameUIDAndAnyChangeGivesAnother() {
        let base = DeterministicUID.make(inputs: ["1.2.3", "1.2.4"], parameters: ["lambda": "0.5"], version: "0.1.0", role: "series")
        #expect(base == DeterministicUID.make(inputs: ["1.2.4", "1.2.3"], parameters: ["lambda": "0.5"], version: "0.1.0", role: "series"))
        let variants = [
            DeterministicUID.make(inputs: ["1.2.3"], parameters: ["lambda": "0.5"], version: "0.1.0", role: "series"),
            DeterministicUID.make(inputs: ["1.2.3", "1.2.4"], parameters: ["lambda": "0.6"], version: "0.1.0", role: "series"),
            DeterministicUID.make(inputs: ["1.2.3", "1.2.4"], parameters: ["lambda": "0.5"], version: "0.1.1", role: "series"),
            DeterministicUID.make(inputs: ["1.2.3", "1.2.4"], parameters: ["lambda": "0.5"], version: "0.1.0", role: "instance 1"),
            // Field boundaries matter: "1.2.3"+"1.2.4" must not collide with "1.2.31.2.4".
            DeterministicUID.make(inputs: ["1.2.31.2.4"], parameters: ["lambda": "0.5"], version: "0.1.0", role: "series"),
        ]
        #expect(Set(variants + [base]).count == variants.count + 1)
    }

    @Test func uidsAreValidDICOMUIDs() {
        for role in ["a", "b", "c", "instance 17"] {
            let uid = DeterministicUID.make(inputs: ["1"], parameters: [:], version: "1", role: role)
            #expect(uid.hasPrefix("2.25."))
            #expect(uid.count <= 64)
            let number = uid.dropFirst(5)
            #expect(number.allSatisfy(\.isNumber) && number.first != "0")
        }
    }
}
