import Testing

@testable import Imaging

/// Every metric against the scikit-image / numpy golden values (rtol 1e-4, as the issue asks).
@Suite struct MetricFixtureTests {
    static let pairs = ["noisy", "shifted", "inverted"]

    @Test(arguments: pairs)
    func ssimPsnrMaeMatchScikitImage(pair: String) throws {
        let fixture = try ImagingFixture()
        let expected = try fixture.metricCase(pair)
        let (x, y) = (try fixture.image(named: "base"), try fixture.image(named: pair))
        let ssim = try SSIM().measure(x, y)
        let psnr = try PSNR().measure(x, y)
        let mae = try MeanAbsoluteError().measure(x, y)
        #expect(isClose(ssim, try #require(expected["ssim"] as? Double)), "SSIM \(pair): \(ssim)")
        #expect(isClose(psnr, try #require(expected["psnr"] as? Double)), "PSNR \(pair): \(psnr)")
        #expect(isClose(mae, try #require(expected["mae"] as? Double)), "MAE \(pair): \(mae)")
    }

    @Test(arguments: pairs)
    func mutualInformationMatchesNumpyHistogram(pair: String) throws {
        let fixture = try ImagingFixture()
        let expected = try fixture.metricCase(pair)
        let (x, y) = (try fixture.image(named: "base"), try fixture.image(named: pair))
        let settings: [(String, MutualInformation)] = [
            ("256", MutualInformation()), ("32", MutualInformation(bins: 32)),
            ("fixed_64", MutualInformation(bins: 64, range: .fixed(lower: 0, upper: 1))),
        ]
        for (suffix, metric) in settings {
            let entropies = try metric.entropies(x, y)
            let mi = try #require(expected["mi_\(suffix)"] as? Double)
            let nmi = try #require(expected["nmi_\(suffix)"] as? Double)
            #expect(
                isClose(entropies.mutualInformation, mi),
                "MI \(suffix) \(pair): \(entropies.mutualInformation) vs \(mi)")
            #expect(
                isClose(entropies.normalizedMutualInformation, nmi),
                "NMI \(suffix) \(pair): \(entropies.normalizedMutualInformation) vs \(nmi)")
        }
    }

    @Test func maskedMetricsMatchReference() throws {
        let fixture = try ImagingFixture()
        let expected = try fixture.metricCase("noisy_masked")
        let (x, y) = (try fixture.image(named: "base"), try fixture.image(named: "noisy"))
        let mask = try fixture.image(named: "mask").pixels.map { $0 > 0.5 }
        let values: [(String, Double)] = [
            ("ssim", try SSIM().measure(x, y, mask: mask)), ("psnr", try PSNR().measure(x, y, mask: mask)),
            ("mae", try MeanAbsoluteError().measure(x, y, mask: mask)),
            ("mi_256", try MutualInformation().measure(x, y, mask: mask)),
            ("nmi_256", try MutualInformation().normalized(x, y, mask: mask)),
        ]
        for (key, value) in values {
            let reference = try #require(expected[key] as? Double)
            #expect(isClose(value, reference), "masked \(key): \(value) vs \(reference)")
        }
        // The mask changes the answer, so the test would notice a mask being ignored.
        #expect(!isClose(try SSIM().measure(x, y), try #require(expected["ssim"] as? Double)))
    }
}
