import Graphics
import MSLModel

/// Paper Fig. 3B: the optimised spatial λ-map (Eq. 12, `LambdaMapOptimiser`) against the constant λ = 0.5 and the
/// best constant λ of 0, 0.1, …, 1. Columns: the optimiser's objective (½·Parzen MI to MSL-CT + ½·Parzen MI to
/// MSL-MR − α·TV), and the 256-bin MI of the fused image against the full-data CT and MR.
struct LambdaMapExperiment: Experiment {
    let settings: EvaluationSettings
    let kind = ExperimentKind.lambdaMap
    let title = "λ-map optimisation (paper Fig. 3B)"
    var summary: String {
        "On \(settings.lambdaMapSlicesPerSubject) evenly spaced slices per subject at \(settings.base.label): the optimised "
            + "λ-map (\(settings.lambdaMapIterations) steps) against constant λ 0.5 and the best constant λ. The objective is "
            + "Eq. 12 as optimised (Parzen MI to MSL-CT and MSL-MR, 32 bins; TV weight α); MI columns are 256-bin MI of "
            + "the fused image against the full-data CT and MR."
    }
    let columns = ["objective", "MI to CT (nats)", "MI to MR (nats)"]

    static let optimised = "optimised λ-map"
    static let half = "λ 0.5"
    static let bestConstant = "best constant λ"
    static let methods = [optimised, half, bestConstant]

    var comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)] {
        let a = ExperimentTable.RowKey("maps", Self.optimised, "CT, MR")
        return [(a, ExperimentTable.RowKey("maps", Self.half, "CT, MR")), (a, ExperimentTable.RowKey("maps", Self.bestConstant, "CT, MR"))]
    }

    func includes(slice index: Int, of count: Int) -> Bool {
        EvaluationSettings.evenlySpaced(settings.lambdaMapSlicesPerSubject, of: count).contains(index)
    }

    struct Outcome {
        let result: LambdaMapOptimiser.Result
        let images: [(String, [Float], objective: Float)]
    }

    func optimise(_ slice: SliceContext) throws -> Outcome {
        let result = try slice.lambdaMap(slice.base)
        let best = result.bestConstant
        return Outcome(
            result: result,
            images: [
                (Self.optimised, result.image.values, result.objective),
                (Self.half, try slice.main(slice.base, lambda: 0.5), result.constantObjectives[5]),
                (Self.bestConstant, try slice.main(slice.base, lambda: best.lambda), best.objective),
            ])
    }

    func measure(_ slice: SliceContext, _ record: SliceRecorder) throws {
        for (method, image, objective) in try optimise(slice).images {
            record(
                "maps", method, vs: "CT, MR",
                [Double(objective), try slice.metrics(image, against: slice.ct)[2], try slice.metrics(image, against: slice.mr)[2]])
        }
    }

    /// The gain of the optimised map over the best constant, which the optimiser never ends below.
    func notes(_ table: ExperimentTable) -> [String] {
        guard let optimised = table.mean(ExperimentTable.RowKey("maps", Self.optimised, "CT, MR"), column: 0),
            let constant = table.mean(ExperimentTable.RowKey("maps", Self.bestConstant, "CT, MR"), column: 0)
        else { return [] }
        return ["Objective gain of the optimised map over the best constant λ: " + ExperimentTable.number(optimised - constant, signed: true) + " (mean over subjects)."]
    }

    func montage(_ slice: SliceContext) throws -> TiledMontage {
        let n = slice.size
        let outcome = try optimise(slice)
        var tiles = [
            EvaluationFigures.tile("MSL-CT (λ 0)", try slice.main(slice.base, lambda: 0), size: n, ct: true),
            EvaluationFigures.tile("MSL-MR (λ 1)", try slice.main(slice.base, lambda: 1), size: n, ct: false),
            EvaluationFigures.lambdaMapTile("λ-map (0 CT … 1 MR)", outcome.result.map.values, size: n),
        ]
        for (method, image, objective) in outcome.images {
            tiles.append(EvaluationFigures.tile("\(method == Self.bestConstant ? "λ \(outcome.result.bestConstant.lambda)" : method), objective " + ExperimentTable.number(Double(objective)), image, size: n, ct: false))
        }
        return TiledMontage(caption: "λ-map optimisation, \(slice.subject) slice \(slice.index)", tiles: tiles, columns: 3)
    }

    func plot(_ table: ExperimentTable) -> Figure {
        EvaluationFigures.panels(
            caption: "Optimised λ-map against constant maps (mean over subjects)", columns: table.columns, xLabel: "map",
            xCategories: [Self.half, Self.bestConstant, Self.optimised]
        ) { column in
            [
                LinePlot.Series(
                    name: "", x: [0, 1, 2],
                    y: [Self.half, Self.bestConstant, Self.optimised].map {
                        table.mean(ExperimentTable.RowKey("maps", $0, "CT, MR"), column: column) ?? .nan
                    }, color: .series(0), marker: .circle)
            ]
        }
    }
}
