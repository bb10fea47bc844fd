import Graphics
import MSLModel

/// Paper Figs. 4 and 5: MSL-CT and MSL-MR when only one modality's data is given (the other encoder sees zeros and
/// the decoder reads that modality's tokens), against the full input. MR-only input gives a synthetic CT, CT-only
/// input a synthetic MR.
struct SingleModalityInput: Experiment {
    let settings: EvaluationSettings
    let kind = ExperimentKind.singleModality
    let title = "Single-modality input (paper Figs. 4 and 5)"
    var summary: String {
        "MSL-CT (λ 0) and MSL-MR (λ 1) from CT + MR, from the CT alone and from the MR alone, at \(settings.base.label), "
            + "against the full-data images. Baselines at the same acquisition."
    }

    static let conditions: [(String, MSLReconstructor.Inputs)] = [("CT+MR", .both), ("CT only", .ctOnly), ("MR only", .mrOnly)]
    static let outputs: [(method: String, reference: String, lambda: Float)] = [("MSL-CT", "CT", 0), ("MSL-MR", "MR", 1)]

    var comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)] {
        Self.outputs.flatMap { output in
            let full = ExperimentTable.RowKey("CT+MR", output.method, output.reference)
            return Self.conditions.dropFirst().map { (full, ExperimentTable.RowKey($0.0, output.method, output.reference)) }
        }
    }

    func measure(_ slice: SliceContext, _ record: SliceRecorder) throws {
        for (condition, inputs) in Self.conditions {
            for output in Self.outputs {
                let image = try slice.main(slice.base, from: inputs, lambda: output.lambda)
                record(condition, output.method, vs: output.reference, try slice.metrics(image, against: output.reference == "CT" ? slice.ct : slice.mr))
            }
        }
        try Baselines.record(slice, slice.base, condition: "inputs", record)
    }

    func montage(_ slice: SliceContext) throws -> TiledMontage {
        let n = slice.size
        var tiles: [TiledMontage.Tile] = []
        for (condition, inputs) in Self.conditions {
            for output in Self.outputs {
                tiles.append(
                    EvaluationFigures.tile(
                        "\(output.method) from \(condition)", try slice.main(slice.base, from: inputs, lambda: output.lambda), size: n,
                        ct: output.reference == "CT"))
            }
        }
        tiles.append(EvaluationFigures.tile("CT (full data)", slice.ct, size: n, ct: true))
        tiles.append(EvaluationFigures.tile("MR (full data)", slice.mr, size: n, ct: false))
        return TiledMontage(caption: "Single-modality input, \(slice.subject) slice \(slice.index)", tiles: tiles, columns: 2)
    }

    func plot(_ table: ExperimentTable) -> Figure {
        let conditions = Self.conditions.map(\.0)
        return EvaluationFigures.panels(
            caption: "MSL-CT and MSL-MR against the inputs given (mean over subjects)", columns: table.columns,
            xLabel: "inputs", xCategories: conditions
        ) { column in
            EvaluationFigures.series(
                table, column: column, methods: Self.outputs.map { ($0.method, $0.reference, $0.method) }, conditions: conditions,
                x: conditions.indices.map(Double.init))
        }
    }
}
