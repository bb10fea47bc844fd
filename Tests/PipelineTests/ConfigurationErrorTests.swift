import Foundation
import Testing

@testable import Pipeline

/// Strict reading: unknown keys, wrong types and invalid values are problems naming key, line and file,
/// all reported together.
@Suite struct ConfigurationErrorTests {
    func problems(_ yaml: String, source: String = "site.yaml") throws -> (ConfigurationError, [ConfigurationProblem]) {
        do {
            _ = try PipelineConfiguration.parse(yaml: yaml, source: source)
        } catch {
            return (error, error.problems)
        }
        Issue.record("\(source) was accepted")
        throw CancellationError()
    }

    @Test func anUnknownKeyNamesItsPathTheFileAndTheValidKeys() throws {
        let (error, problems) = try problems("simulation:\n  ct_views: 32\n  ct_veiws: 48\n")
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.keyPath == "simulation.ct_veiws")
        #expect(problem.line == 3)
        let text = error.description
        #expect(text.contains("site.yaml"))
        #expect(text.contains("simulation.ct_veiws"))
        #expect(text.contains("did you mean 'ct_views'?"))
        #expect(
            text.contains(
                "the keys of simulation are ct_views, ct_beam, ct_photons, mr_acceleration, mr_mask, "
                    + "mr_center_fraction, mr_noise_sigma, seed"), "\(text)")
    }

    @Test func unknownKeysAreFoundAtEveryLevel() throws {
        let yaml = """
            selectoin: {}
            selection:
              ct:
                slice_thickness_mm: {min: 0, maxi: 5}
                prefered: thinnest
              pet: {}
            geometry:
              gantry: reject
            """
        let (_, problems) = try problems(yaml)
        #expect(
            problems.map(\.keyPath) == [
                "selectoin", "selection.ct.slice_thickness_mm.maxi", "selection.ct.prefered", "selection.pet",
                "geometry.gantry",
            ])
        #expect(problems[0].message.contains("the keys of the top level are selection, geometry, registration"))
        #expect(problems[1].message.contains("the keys of selection.ct.slice_thickness_mm are min, max"))
        #expect(problems[3].message.contains("the keys of selection are ct, mr"))
        #expect(problems[4].message.contains("gantry_tilt"))
    }

    @Test func everyProblemIsReportedTogetherInFileOrder() throws {
        let yaml = """
            selection:
              ct:
                modalities: []
                slice_thickness_mm: {min: 5, max: 2}
                min_slices: 0
              mr:
                orientations: [axial, diagonal]
                prefer: newest
            geometry:
              gantry_tilt: split
            grid:
              field_of_view_mm: wide
              minimum_head_fraction: 1.5
            simulation:
              ct_views: -3
              ct_beam: cone
              mr_acceleration: 0.5
              seed: -1
            reconstruction:
              lambdas: [0.3, 1.5]
              lambda_map: maybe
              model: weights.bin
            output: yes
            """
        let (error, problems) = try problems(yaml, source: "/etc/msl/site.yaml")
        let expected: [(String, String)] = [
            ("selection.ct.modalities", "is empty"),
            ("selection.ct.slice_thickness_mm", "min 5 is greater than max 2"),
            ("selection.ct.min_slices", "= 0: must be an integer ≥ 1"),
            ("selection.mr.orientations[2]", "'diagonal' is not one of axial, coronal, sagittal, oblique"),
            ("selection.mr.prefer", "'newest' is not one of most_slices, thinnest, highest_series_number"),
            ("geometry.gantry_tilt", "= split: must be one of resample, reject"),
            ("grid.field_of_view_mm", "expected a number, found 'wide'"),
            ("grid.minimum_head_fraction", "= 1.5: must be in [0, 1)"),
            ("simulation.ct_views", "= -3: must be an integer ≥ 1"),
            ("simulation.ct_beam", "'cone' is not one of fan, parallel"),
            ("simulation.mr_acceleration", "= 0.5: must be a finite number ≥ 1"),
            ("simulation.seed", "expected an integer in 0…4294967295, found '-1'"),
            ("reconstruction.lambdas[2]", "= 1.5: λ must be in [0, 1]"),
            ("reconstruction.lambda_map", "expected true or false, found 'maybe'"),
            ("reconstruction.model", "must name a .safetensors file"),
            ("output", "expected a mapping of keys, found 'yes'"),
        ]
        #expect(problems.map(\.keyPath) == expected.map(\.0), "\(error)")
        for (problem, (_, message)) in zip(problems, expected) {
            #expect(problem.message.contains(message), "\(problem)")
            #expect(problem.line != nil, "\(problem)")
        }
        #expect(problems.compactMap(\.line) == problems.compactMap(\.line).sorted())
        let text = error.description
        #expect(text.hasPrefix("the configuration file /etc/msl/site.yaml has 16 problems:"), "\(text)")
        #expect(text.contains("line 15: simulation.ct_views = -3: must be an integer ≥ 1"), "\(text)")
    }

    @Test func theEnumWordsComeFromPhysics() throws {
        let (_, problems) = try problems("simulation:\n  mr_mask: poisson\n")
        #expect(problems.first?.message == "'poisson' is not one of authors, equispaced, variableDensityPoissonDisc")
    }

    @Test func quotedNumbersAreText() throws {
        let (_, problems) = try problems("simulation:\n  ct_views: '64'\n")
        #expect(problems.map(\.description) == ["line 2: simulation.ct_views: expected an integer, found '64'"])
    }

    @Test func yamlSyntaxErrorsNameTheFile() throws {
        let (error, _) = try problems("selection:\n  ct: [unclosed\n", source: "broken.yaml")
        guard case .syntax(let source, _) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(source == "broken.yaml")
        #expect(error.description.hasPrefix("the configuration file broken.yaml is not valid YAML"))
        // A bare glob is a YAML alias: the parser says so rather than reading a pattern.
        let (alias, _) = try problems("selection:\n  mr:\n    description_include: [*t1*]\n")
        #expect(alias.description.contains("alias"), "\(alias)")
    }

    @Test func duplicateKeysAreRejected() throws {
        let (error, _) = try problems("grid:\n  field_of_view_mm: 200\n  field_of_view_mm: 300\n")
        #expect(error.description.contains("field_of_view_mm"), "\(error)")
    }

    @Test func aMissingFileIsUnreadableAndNamed() throws {
        let url = URL(fileURLWithPath: "/nonexistent/msl-\(UUID().uuidString).yaml")
        #expect(throws: ConfigurationError.unreadable(source: url.path, reason: "no such file")) {
            try PipelineConfiguration.load(from: url)
        }
    }

    @Test func loadReportsTheFilePath() throws {
        let folder = try PipelineTestPaths.temporaryFolder("config")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bad.yaml")
        try "output:\n  pfd: true\n".write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try PipelineConfiguration.load(from: url)
            Issue.record("accepted")
        } catch {
            #expect(error.source == url.path)
            #expect(error.description.contains(url.path) && error.description.contains("output.pfd"))
            #expect(error.description.contains("did you mean 'pdf'?"))
        }
    }
}
