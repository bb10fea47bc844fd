import Graphics

/// Paper Fig. 2B: the MSL image at λ = 0, 0.1, …, 1 from both inputs, measured against the CT and against the MR,
/// and the sum of each pair (the paper finds the sums almost constant along λ: what the image loses of one
/// modality it gains of the other).
struct LambdaSweep: Experiment {
    let settings: EvaluationSettings
    let kind = ExperimentKind.lambdaSweep
    let title = "λ sweep (paper Fig. 2B)"
    var summary: String {
        "The MSL image at each λ, decoded from both inputs (\(settings.base.label)), against the full-data CT and MR; "
            + "\"CT + MR\" rows are the sum of the two (per slice, then averaged). Baselines at \(settings.base.label)."
    }

    static let sum = "CT + MR"
    static func condition(_ lambda: Float) -> String { "λ " + String(format: "%.1f", lambda) }

    var comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)] { [] }

    func measure(_ slice: SliceContext, _ record: SliceRecorder) throws {
        for lambda in settings.sweepLambdas {
            let image = try slice.main(slice.base, lambda: lambda)
            let ct = try slice.metrics(image, against: slice.ct)
            let mr = try slice.metrics(image, against: slice.mr)
            record(Self.condition(lambda), "MSL", vs: "CT", ct)
            record(Self.condition(lambda), "MSL", vs: "MR", mr)
            record(Self.condition(lambda), "MSL", vs: Self.sum, zip(ct, mr).map(+))
        }
        try Baselines.record(slice, slice.base, condition: "inputs", record)
    }

    /// The spread of the sums along λ: (max − min) / mean of the subject means, per column.
    func notes(_ table: ExperimentTable) -> [String] {
        table.columns.enumerated().compactMap { column, name in
            let sums = settings.sweepLambdas.compactMap {
                table.mean(ExperimentTable.RowKey(Self.condition($0), "MSL", Self.sum), column: column)
            }
            guard let low = sums.min(), let high = sums.max(), !sums.isEmpty else { return nil }
            let mean = sums.reduce(0, +) / Double(sums.count)
            return "\(name) sum (CT + MR) along λ: " + ExperimentTable.number(low) + " … " + ExperimentTable.number(high)
                + ", spread " + String(format: "%.1f %%", 100 * (high - low) / abs(mean)) + " of its mean."
        }
    }

    func montage(_ slice: SliceContext) throws -> TiledMontage {
        let n = slice.size
        let inputs = try slice.inputs(slice.base)
        var tiles = [
            EvaluationFigures.tile("FBP \(settings.base.label)", inputs.fbp, size: n, ct: true),
            EvaluationFigures.tile("zero-filled", inputs.zeroFilled, size: n, ct: false),
        ]
        for lambda: Float in [0, 0.2, 0.4, 0.6, 0.8, 1] {
            tiles.append(EvaluationFigures.tile("MSL λ \(lambda)", try slice.main(slice.base, lambda: lambda), size: n, ct: lambda == 0))
        }
        tiles.append(EvaluationFigures.tile("CT (full data)", slice.ct, size: n, ct: true))
        tiles.append(EvaluationFigures.tile("MR (full data)", slice.mr, size: n, ct: false))
        return TiledMontage(caption: "λ sweep, \(slice.subject) slice \(slice.index)", tiles: tiles, columns: 5)
    }

    func plot(_ table: ExperimentTable) -> Figure {
        let lambdas = settings.sweepLambdas
        return EvaluationFigures.panels(
            caption: "MSL image against λ (mean over subjects)", columns: table.columns, xLabel: "λ", xRange: 0...1
        ) { column in
            EvaluationFigures.series(
                table, column: column,
                methods: [("MSL", "CT", "against CT"), ("MSL", "MR", "against MR"), ("MSL", Self.sum, "sum")],
                conditions: lambdas.map(Self.condition), x: lambdas.map(Double.init))
        }
    }
}
