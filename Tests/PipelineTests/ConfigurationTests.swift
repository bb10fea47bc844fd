import DICOM
import Foundation
import Physics
import Testing

@testable import Pipeline

/// `PipelineConfiguration`: defaults, the committed example, partial files, and the effective YAML.
@Suite struct ConfigurationTests {
    @Test func defaultsAreTheDocumentedValues() {
        let c = PipelineConfiguration()
        #expect(c.problems.isEmpty)
        #expect(c.selection.ct.modalities == ["CT"] && c.selection.mr.modalities == ["MR"])
        #expect(c.selection.ct.imageTypeRequire == ["ORIGINAL"] && c.selection.mr.imageTypeRequire.isEmpty)
        #expect(c.selection.ct.orientations == [.axial, .oblique])
        #expect(c.selection.mr.orientations == [.axial, .coronal, .sagittal, .oblique])
        #expect(c.selection.ct.sliceThicknessMM == .init(minMM: 0, maxMM: 6))
        #expect(c.selection.mr.sliceThicknessMM == .init(minMM: 0, maxMM: 8))
        #expect(c.selection.ct.minSlices == 8 && c.selection.mr.minSlices == 8)
        #expect(c.selection.ct.prefer == .mostSlices && c.selection.mr.prefer == .mostSlices)
        #expect(c.geometry == GeometryPolicies())
        #expect(c.registration.enabled && c.registration.qualityGuard)
        #expect(c.grid.fieldOfViewMM == 256 && c.grid.minimumHeadFraction == 0)
        #expect(c.simulation.ctViews == 64 && c.simulation.ctBeam == .fan && c.simulation.ctPhotons == nil)
        #expect(c.simulation.mrAcceleration == 4 && c.simulation.mrMask == .authors)
        #expect(c.simulation.mrCenterFraction == 0.1 && c.simulation.mrNoiseSigma == 0 && c.simulation.seed == 1337)
        #expect(c.reconstruction.model == nil && c.reconstruction.lambdas == [0.3, 0.5, 0.7])
        #expect(c.reconstruction.lambdaMap && c.reconstruction.lambdaMapAlpha == 0.001)
        #expect(c.reconstruction.lambdaMapSteps == 40)
        #expect(c.output.pdf && c.output.png)
    }

    @Test func theSimulationMapsOntoPhysicsWithDerivedSeeds() {
        var c = PipelineConfiguration()
        c.simulation.ctViews = 90
        c.simulation.ctBeam = .parallel
        c.simulation.ctPhotons = 1e5
        c.simulation.mrAcceleration = 6
        c.simulation.mrMask = .equispaced
        c.simulation.mrCenterFraction = 0.08
        c.simulation.mrNoiseSigma = 0.01
        c.simulation.seed = UInt32.max
        let s = c.sensorSimulation
        #expect(s.views == 90 && s.beam == .parallel && s.photons == 1e5)
        #expect(s.acceleration == 6 && s.mask == .equispaced && s.centerFraction == 0.08 && s.mrNoiseSigma == 0.01)
        #expect(s.maskSeed == UInt32.max && s.ctNoiseSeed == 0 && s.mrNoiseSeed == 1)
        // The rest stays Physics' default.
        let d = SensorSimulation()
        #expect(s.detectorBins == d.detectorBins && s.fbpMode == d.fbpMode && s.filter == d.filter)
        let defaults = PipelineConfiguration().sensorSimulation
        #expect(defaults.maskSeed == 1337 && defaults.ctNoiseSeed == 1338 && defaults.mrNoiseSeed == 1339)
        #expect(defaults.views == d.views && defaults.acceleration == d.acceleration && defaults.mask == d.mask)
    }

    /// docs/configuration.md and Configs/msl.yaml describe the defaults: the example must read back as them.
    @Test func theCommittedExampleIsTheDefaults() throws {
        let url = PipelineTestPaths.exampleConfiguration
        #expect(try PipelineConfiguration.load(from: url) == PipelineConfiguration())
        // Not vacuous: the example lists every section.
        let text = try String(contentsOf: url, encoding: .utf8)
        for section in PipelineConfiguration.CodingKeys.allCases {
            #expect(text.contains("\n\(section.rawValue):\n"), "Configs/msl.yaml lacks \(section.rawValue)")
        }
    }

    @Test func anEmptyOrCommentOnlyFileIsTheDefaults() throws {
        #expect(try PipelineConfiguration.parse(yaml: "", source: "empty.yaml") == PipelineConfiguration())
        #expect(try PipelineConfiguration.parse(yaml: "# nothing\n", source: "c.yaml") == PipelineConfiguration())
    }

    @Test func aPartialFileChangesOnlyItsKeys() throws {
        let yaml = """
            selection:
              mr:
                min_slices: 20
                description_include: ["*mprage*"]
                slice_thickness_mm: {max: 3}
            simulation:
              ct_views: 32
              ct_photons: 50000
              mr_mask: variableDensityPoissonDisc
            reconstruction:
              lambdas: [0.5]
              model: /models/head.safetensors
            output:
              png: false
            """
        let parsed = try PipelineConfiguration.parse(yaml: yaml, source: "site.yaml")
        var expected = PipelineConfiguration()
        expected.selection.mr.minSlices = 20
        expected.selection.mr.descriptionInclude = ["*mprage*"]
        expected.selection.mr.sliceThicknessMM.maxMM = 3
        expected.simulation.ctViews = 32
        expected.simulation.ctPhotons = 50000
        expected.simulation.mrMask = .variableDensityPoissonDisc
        expected.reconstruction.lambdas = [0.5]
        expected.reconstruction.model = "/models/head.safetensors"
        expected.output.png = false
        #expect(parsed == expected)
        // The MR rule's other keys keep the MR defaults, not the CT ones.
        #expect(parsed.selection.mr.modalities == ["MR"] && parsed.selection.mr.sliceThicknessMM.minMM == 0)
        #expect(parsed.selection.ct == SeriesRule.defaultCT)
    }

    @Test func nullKeepsTheDefault() throws {
        let parsed = try PipelineConfiguration.parse(
            yaml: "simulation:\n  ct_views: null\n  seed: ~\nreconstruction:\n", source: "c.yaml")
        #expect(parsed == PipelineConfiguration())
    }

    @Test func theEffectiveYAMLRoundTrips() throws {
        var c = PipelineConfiguration()
        c.selection.ct.modalities = ["CT", "PT"]
        c.selection.ct.descriptionInclude = ["*head*", "yes", "*"]
        c.selection.ct.descriptionExclude = []
        c.selection.ct.imageTypeRequire = ["ORIGINAL", "PRIMARY"]
        c.selection.ct.imageTypeExclude = ["LOCALIZER"]
        c.selection.ct.orientations = [.axial]
        c.selection.ct.sliceThicknessMM = .init(minMM: 0.5, maxMM: 3.25)
        c.selection.ct.minSlices = 30
        c.selection.ct.prefer = .thinnest
        c.selection.mr.prefer = .highestSeriesNumber
        c.selection.mr.descriptionInclude = ["t1 'quoted' \"both\"", "é?"]
        c.geometry.gantryTilt = .reject
        c.geometry.missingFrameOfReference = .reject
        c.registration.enabled = false
        c.registration.qualityGuard = false
        c.grid.fieldOfViewMM = 240.5
        c.grid.minimumHeadFraction = 0.05
        c.simulation.ctViews = 128
        c.simulation.ctBeam = .parallel
        c.simulation.ctPhotons = 2.5e-7
        c.simulation.mrAcceleration = 8
        c.simulation.mrMask = .equispaced
        c.simulation.mrCenterFraction = 0.04
        c.simulation.mrNoiseSigma = 1e-5
        c.simulation.seed = 4_000_000_000
        c.reconstruction.model = "models/123.safetensors"
        c.reconstruction.lambdas = [0, 0.1, 1]
        c.reconstruction.lambdaMap = false
        c.reconstruction.lambdaMapAlpha = 0.3
        c.reconstruction.lambdaMapSteps = 7
        c.output.pdf = false
        c.output.png = false
        #expect(c.problems.isEmpty)
        let yaml = c.yaml()
        #expect(try PipelineConfiguration.parse(yaml: yaml, source: "effective") == c, "\(yaml)")
        let defaults = PipelineConfiguration().yaml()
        #expect(try PipelineConfiguration.parse(yaml: defaults, source: "effective") == PipelineConfiguration())
        // Every key is written, nil ones as null, in documentation order.
        #expect(defaults.contains("ct_photons: null") && defaults.contains("model: null"))
        #expect(defaults.contains("lambdas: [0.3, 0.5, 0.7]"))
        let sections = PipelineConfiguration.CodingKeys.allCases.map {
            defaults.range(of: "\n\($0.rawValue):")?.lowerBound
        }
        #expect(!defaults.hasPrefix(" ") && sections.dropFirst().allSatisfy { $0 != nil })
        #expect(defaults.hasPrefix("selection:"))
    }

    /// The validation table of `geometry` keys matches the keys `GeometryPolicies` itself writes.
    @Test func geometryKeysMatchGeometryPolicies() throws {
        let node = try YAMLNodeEncoder.node(of: GeometryPolicies())
        let written = Array(try #require(node.mapping).keys.compactMap(\.string))
        #expect(written == PipelineConfiguration.geometryKeys.map(\.key))
    }
}
