import Testing

@testable import Physics

@Suite struct PhysicsErrorTests {
    @Test func descriptionsNameTheParameterAndTheRule() {
        let error = PhysicsError.invalidParameter(name: "views", value: "0", requirement: "must be at least 1")
        #expect(error.description == "views = 0 is invalid: must be at least 1")
        let size = PhysicsError.sizeMismatch(what: "sinogram", expected: "64×640", actual: "64×512")
        #expect(size.description == "sinogram is 64×512, expected 64×640")
    }
}
