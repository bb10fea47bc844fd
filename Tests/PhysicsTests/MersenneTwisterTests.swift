import Testing

@testable import Physics

@Suite struct MersenneTwisterTests {
    @Test func firstOutputsMatchTheReferenceImplementation() {
        // mt19937ar.c's init_genrand(5489) (the C++ std::mt19937 default): the 1st output is
        // 3499211612 and the 10000th 4123659995 (C++ standard [rand.predef]).
        var random = MersenneTwister(seed: 5489)
        #expect(random.nextUInt32() == 3_499_211_612)
        for _ in 1..<9999 { _ = random.nextUInt32() }
        #expect(random.nextUInt32() == 4_123_659_995)
    }

    @Test func randomSampleMatchesNumpyRandomState1337() throws {
        let expected = try MRFixture.values().randomState1337.randomSample
        var random = MersenneTwister(seed: 1337)
        #expect(expected.map { _ in random.nextDouble() } == expected)
    }

    @Test func standardNormalMatchesNumpyLegacyGauss() throws {
        let expected = try MRFixture.values().randomState1337.standardNormal
        var random = MersenneTwister(seed: 1337)
        for (i, value) in expected.enumerated() {
            let draw = random.nextStandardNormal()
            #expect(abs(draw - value) <= 1e-15 * max(1, abs(value)), "draw \(i): \(draw) vs numpy \(value)")
        }
    }

    @Test func randintMatchesNumpyMaskedRejection() throws {
        let fixture = try MRFixture.values().randomState1337
        var random = MersenneTwister(seed: 1337)
        #expect(fixture.randintBounds.map { random.nextInt(below: $0) } == fixture.randint)
        var unit = MersenneTwister(seed: 1)
        var untouched = MersenneTwister(seed: 1)
        #expect(unit.nextInt(below: 1) == 0)
        #expect(unit.nextUInt32() == untouched.nextUInt32())
    }
}
