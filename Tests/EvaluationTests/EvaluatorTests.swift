import Foundation
import Imaging
import MSLModel
import Phantom
import Testing

@testable import Dataset
@testable import Evaluation

/// Every experiment on two tiny phantom subjects (procedural atlas, 32² model grid) and tiny untrained networks,
/// main and ablations: each table has its rows for both subjects with finite values, the numbers agree where two
/// experiments or a closed form say what they must be, and the writer's files hold them.
@Suite(.serialized) struct EvaluatorTests {
    /// Two test subjects (and the training subject the reference set requires), made once.
    static let dataset: Dataset = {
        let atlas = try! ProceduralAtlas.build(spacingMM: 2)
        var options = ReferenceSetOptions()
        options.seed = 91
        options.train = 1
        options.validation = 0
        options.test = 2
        options.preparation.modelSize = 32
        options.preparation.fieldOfViewMM = 256
        options.slices = 18
        options.sliceThicknessMM = 10
        options.renderMatrix = 64
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-evaluation-\(UUID().uuidString)")
        _ = try! ReferenceSet.generate(options: options, atlas: atlas, atlasName: "procedural", into: folder)
        return try! Dataset(folder: folder)
    }()

    static var settings: EvaluationSettings {
        var s = EvaluationSettings()
        s.simulation.views = 32
        s.slicesPerSubject = 2
        s.lambdaMapSlicesPerSubject = 1
        s.lambdaMapIterations = 3
        s.crossModalViews = [16, 32]
        s.crossModalAccelerations = [4, 8]
        s.robustnessSettings = [.init(views: 32, acceleration: 4), .init(views: 16, acceleration: 8)]
        s.misregistrationShifts = [3]
        return s
    }

    static func models() throws -> EvaluationModels {
        try EvaluationModels(
            main: MSLNetwork(configuration: .tiny, seed: 5),
            ablations: [
                .singleModality: MSLNetwork(configuration: .tiny, seed: 6), .ctOnly: MSLNetwork(configuration: .tiny, seed: 7),
                .mrOnly: MSLNetwork(configuration: .tiny, seed: 8),
            ])
    }

    /// One run shared by the tests below.
    nonisolated(unsafe) static let outcome: Evaluator.Outcome = {
        try! Evaluator(settings: settings, models: models(), dataset: dataset).run()
    }()

    static func table(_ kind: ExperimentKind) throws -> ExperimentTable {
        try #require(outcome.tables.first { $0.kind == kind })
    }

    static func key(_ condition: String, _ method: String, _ reference: String) -> ExperimentTable.RowKey {
        ExperimentTable.RowKey(condition, method, reference)
    }

    @Test func everyTableHasEveryRowForBothSubjectsWithFiniteValues() throws {
        let outcome = Self.outcome
        #expect(outcome.tables.map(\.kind) == ExperimentKind.allCases)
        for table in outcome.tables {
            #expect(table.subjects == Self.dataset.patients(in: .test))
            #expect(!table.rows.isEmpty)
            for row in table.rows {
                for (s, values) in row.values.enumerated() {
                    #expect(values.count == table.columns.count)
                    for value in values {
                        let v = try #require(value, "\(table.kind) \(row.key) subject \(s): missing")
                        #expect(v.isFinite, "\(table.kind) \(row.key): \(v)")
                    }
                }
            }
            #expect(outcome.plots[table.kind] != nil && outcome.montages[table.kind] != nil)
        }
    }

    @Test func lambdaSweepSumsArePairSumsAndItsBaselinesAreListed() throws {
        let table = try Self.table(.lambdaSweep)
        let lambdas = Self.settings.sweepLambdas
        #expect(table.rows.count == 3 * lambdas.count + 6, "\(table.rows.map(\.key))")
        for lambda in lambdas {
            let condition = LambdaSweep.condition(lambda)
            let ct = try #require(table.row(Self.key(condition, "MSL", "CT")))
            let mr = try #require(table.row(Self.key(condition, "MSL", "MR")))
            let sum = try #require(table.row(Self.key(condition, "MSL", LambdaSweep.sum)))
            for s in 0..<2 {
                for c in 0..<3 {
                    #expect(abs(sum.values[s][c]! - (ct.values[s][c]! + mr.values[s][c]!)) <= 1e-12)
                }
            }
        }
        for (method, reference) in [
            ("FBP", "CT"), ("zero-filled", "MR"), ("single-modality model (CT)", "CT"), ("single-modality model (MR)", "MR"),
            ("CT-only model", "CT"), ("MR-only model", "MR"),
        ] {
            #expect(table.row(Self.key("inputs", method, reference)) != nil, "\(method)")
        }
        #expect(table.notes.count == 3 && table.notes.allSatisfy { $0.contains("spread") })
    }

    /// The same image measured by two experiments gives the same numbers: MSL at λ 0 of the sweep is the
    /// cross-modal MSL-CT from CT + MR at the base views, and the single-modality table's full input.
    @Test func experimentsAgreeOnTheSameImage() throws {
        let sweep = try #require(try Self.table(.lambdaSweep).row(Self.key("λ 0.0", "MSL", "CT")))
        let cross = try #require(try Self.table(.crossModal).row(Self.key("32 views", CrossModalEnhancement.ctBoth, "CT")))
        let single = try #require(try Self.table(.singleModality).row(Self.key("CT+MR", "MSL-CT", "CT")))
        let robust = try #require(try Self.table(.samplingRobustness).row(Self.key("32c+1/4m", "MSL-CT", "CT")))
        for row in [cross, single, robust] { #expect(row.values == sweep.values) }
    }

    /// The FBP row against an MAE computed here from the simulation of the first evaluated slice alone.
    @Test func baselineRowsMeasureTheSparseInputAgainstItsTarget() throws {
        let subject = Self.dataset.patients(in: .test)[0]
        let positions = EvaluationSettings.evenlySpaced(2, of: Self.dataset.sliceCount(patient: subject))
        var simulation = Self.settings.simulation
        simulation.views = 16
        let n = Self.dataset.modelSize
        var maes: [Double] = []
        for position in positions {
            let slice = try Self.dataset.slice(patient: subject, index: position)
            let fbp = try SparseInputs.ct(slice.ct, size: n, spacingMM: 256 / Double(n), simulation: simulation)
            maes.append(zip(fbp, slice.ct).map { Double(abs(min(1, max(0, $0)) - $1)) }.reduce(0, +) / Double(n * n))
        }
        let row = try #require(try Self.table(.crossModal).row(Self.key("16 views", "FBP", "CT")))
        #expect(abs(row.values[0][0]! - maes.reduce(0, +) / 2) <= 1e-6)
    }

    @Test func crossModalTestsEachMethodAgainstItsBaselines() throws {
        let table = try Self.table(.crossModal)
        for condition in ["16 views", "32 views"] {
            let tested = table.comparisons.filter { $0.a == Self.key(condition, CrossModalEnhancement.ctBoth, "CT") }.map(\.b.method)
            #expect(Set(tested) == [CrossModalEnhancement.ctAlone, "FBP", "single-modality model (CT)", "CT-only model"])
        }
        for condition in ["MR 4×", "MR 8×"] {
            let tested = table.comparisons.filter { $0.a == Self.key(condition, CrossModalEnhancement.mrBoth, "MR") }.map(\.b.method)
            #expect(Set(tested) == [CrossModalEnhancement.mrAlone, "zero-filled", "single-modality model (MR)", "MR-only model"])
        }
        for comparison in table.comparisons {
            #expect(comparison.tests.allSatisfy { $0 == nil || ($0!.n <= 2 && $0!.pValue >= 0.5) }, "two subjects: p ≥ 0.5")
        }
    }

    @Test func robustnessPrintsThePapersNumbersBesideOurs() throws {
        let table = try Self.table(.samplingRobustness)
        #expect(Set(table.rows.map(\.key.condition)) == ["32c+1/4m", "16c+1/8m"])
        #expect(table.notes.count == 2)
        #expect(table.notes[0].contains("MAE 0.0054") && table.notes[0].contains("not measured"), "\(table.notes[0])")
        #expect(table.notes[1].contains("MI (nats) 1.5358"))
    }

    /// Unshifted, FUSION is the aligned blend itself (MAE 0, SSIM 1); shifted, it is not.
    @Test func misregistrationFusionIsExactOnlyWhenAligned() throws {
        let table = try Self.table(.misregistration)
        for lambda in Self.settings.misregistrationLambdas {
            let aligned = try #require(table.row(Self.key("shift 0 px", Misregistration.method("FUSION", lambda), "aligned blend")))
            let shifted = try #require(table.row(Self.key("shift 3 px", Misregistration.method("FUSION", lambda), "aligned blend")))
            for s in 0..<2 {
                #expect(aligned.values[s][0] == 0 && abs(aligned.values[s][1]! - 1) < 1e-12)
                #expect(shifted.values[s][0]! > 0.001)
            }
            for method in Misregistration.methods {
                #expect(table.row(Self.key("shift 3 px", Misregistration.method(method, lambda), "aligned blend")) != nil, "\(method)")
            }
        }
    }

    /// The optimised map never ends below the best constant, which is never below λ 0.5.
    @Test func lambdaMapNeverEndsBelowTheBestConstant() throws {
        let table = try Self.table(.lambdaMap)
        let optimised = try #require(table.row(Self.key("maps", LambdaMapExperiment.optimised, "CT, MR")))
        let best = try #require(table.row(Self.key("maps", LambdaMapExperiment.bestConstant, "CT, MR")))
        let half = try #require(table.row(Self.key("maps", LambdaMapExperiment.half, "CT, MR")))
        for s in 0..<2 {
            #expect(optimised.values[s][0]! >= best.values[s][0]!)
            #expect(best.values[s][0]! >= half.values[s][0]!)
        }
    }

    @Test func writerWritesEveryFileWithTheTablesValues() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-evaluation-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let provenance = EvaluationProvenance(
            model: .init(path: "m.safetensors", sha256: "ab", preset: "tiny", iterations: 0, trainingCommand: "none"),
            ablations: [:],
            dataset: .init(path: "d", manifestSHA256: "cd", seed: 91, part: "test", subjects: Self.dataset.patients(in: .test)),
            command: "msl evaluate", software: "msl test")
        let written = try EvaluationWriter.write(Self.outcome, settings: Self.settings, provenance: provenance, to: folder)
        #expect(written.last == "README.md")
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        for table in Self.outcome.tables {
            let id = table.kind.rawValue
            #expect(readme.contains(table.title) && readme.contains("(\(id)-plot.png)"))
            for name in ["\(id)-plot.png", "\(id)-montage.png"] {
                let png = try Data(contentsOf: folder.appendingPathComponent(name))
                #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name)")
            }
            // One CSV line per subject, row and column, each value as the table holds it.
            let csv = try String(contentsOf: folder.appendingPathComponent("\(id).csv"), encoding: .utf8)
                .split(separator: "\n").dropFirst()
            #expect(csv.count == table.rows.count * 2 * table.columns.count)
            let first = table.rows[0]
            let line = try #require(csv.first)
            #expect(line.hasSuffix(",\(first.values[0][0]!)"), "\(line)")
            let markdown = try String(contentsOf: folder.appendingPathComponent("\(id).md"), encoding: .utf8)
            #expect(markdown.contains("## Per subject"))
        }
        let record = try JSONDecoder().decode(
            EvaluationWriter.Record.self, from: Data(contentsOf: folder.appendingPathComponent("evaluation.json")))
        #expect(record.tables.count == Self.outcome.tables.count && record.settings == Self.settings)
    }

    @Test func settingsThatCannotRunAreRefusedWithReasons() throws {
        var settings = Self.settings
        settings.sweepLambdas = [1.5]
        settings.crossModalViews = [1]
        settings.experiments = []
        #expect(throws: EvaluationError.self) { try Evaluator(settings: settings, models: Self.models(), dataset: Self.dataset) }
        #expect(settings.problems.count == 3, "\(settings.problems)")
        var other = MSLConfiguration.tiny
        other.inputSize = 64
        #expect(throws: EvaluationError.self) {
            try EvaluationModels(main: MSLNetwork(configuration: .tiny, seed: 1), ablations: [.ctOnly: MSLNetwork(configuration: other, seed: 1)])
        }
    }
}
