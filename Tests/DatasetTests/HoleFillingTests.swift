import Imaging
import Testing

@testable import Dataset

@Suite struct HoleFillingTests {
    @Test(arguments: DatasetFixtures.fill)
    func matchesScipy(_ golden: DatasetFixtures.FillCase) {
        let filled = HoleFilling.filled(golden.mask.map { $0 != 0 }, width: golden.width, height: golden.height)
        #expect(filled.map { $0 ? 1 : 0 } == golden.filled, "\(golden.name)")
    }

    @Test func emptyImageStaysEmpty() {
        #expect(HoleFilling.filled([], width: 0, height: 0).isEmpty)
        #expect(HoleFilling.filled([false], width: 1, height: 1) == [false])
    }
}
