import Graphics

/// Paper Fig. 7: the model (trained at one acquisition) tested at sparser ones: fewer CT views, higher MR
/// acceleration. MSL-CT and MSL-MR from both inputs, with the sparse-input and ablation baselines at each setting.
struct SamplingRobustness: Experiment {
    let settings: EvaluationSettings
    let kind = ExperimentKind.samplingRobustness
    let title = "Sampling robustness (paper Fig. 7)"
    var summary: String {
        "MSL-CT (λ 0) and MSL-MR (λ 1) from both inputs at \(settings.robustnessSettings.map(\.label).joined(separator: ", ")) "
            + "(c: CT views, m: MR sampling fraction), against the full-data images."
    }

    static let ct = "MSL-CT"
    static let mr = "MSL-MR"

    /// The paper's Fig. 7 means at 64c+1/4m (MAE, SSIM, MI), for MSL-CT and MSL-MR.
    static let paper: [String: [Double]] = [ct: [0.0054, 0.9833, 1.1726], mr: [0.0111, 0.9564, 1.5358]]

    var acquisitions: [(String, SliceContext.Acquisition)] {
        settings.robustnessSettings.map { ($0.label, SliceContext.Acquisition(views: $0.views, acceleration: $0.acceleration)) }
    }

    var comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)] {
        acquisitions.flatMap { condition, _ in
            Baselines.methods(ct: true).map {
                (ExperimentTable.RowKey(condition, Self.ct, "CT"), ExperimentTable.RowKey(condition, $0, "CT"))
            }
                + Baselines.methods(ct: false).map {
                    (ExperimentTable.RowKey(condition, Self.mr, "MR"), ExperimentTable.RowKey(condition, $0, "MR"))
                }
        }
    }

    func measure(_ slice: SliceContext, _ record: SliceRecorder) throws {
        for (condition, acquisition) in acquisitions {
            record(condition, Self.ct, vs: "CT", try slice.metrics(try slice.main(acquisition, lambda: 0), against: slice.ct))
            record(condition, Self.mr, vs: "MR", try slice.metrics(try slice.main(acquisition, lambda: 1), against: slice.mr))
            try Baselines.record(slice, acquisition, condition: condition, record)
        }
    }

    /// The paper's numbers beside ours at 64c+1/4m.
    func notes(_ table: ExperimentTable) -> [String] {
        let condition = EvaluationSettings.Acquisition(views: 64, acceleration: 4).label
        return [(Self.ct, "CT"), (Self.mr, "MR")].map { method, reference in
            let paper = Self.paper[method]!
            let ours = table.columns.indices.map { table.mean(ExperimentTable.RowKey(condition, method, reference), column: $0) }
            let pairs = zip(table.columns, zip(paper, ours)).map { name, values in
                "\(name) " + ExperimentTable.number(values.0) + " (ours " + (values.1.map { ExperimentTable.number($0) } ?? "not measured") + ")"
            }
            return "Paper, \(method) at \(condition): " + pairs.joined(separator: ", ") + "."
        }
    }

    func montage(_ slice: SliceContext) throws -> TiledMontage {
        let n = slice.size
        var tiles: [TiledMontage.Tile] = []
        for (condition, acquisition) in acquisitions {
            let inputs = try slice.inputs(acquisition)
            tiles.append(EvaluationFigures.tile("FBP \(condition)", inputs.fbp, size: n, ct: true))
            tiles.append(EvaluationFigures.tile("MSL-CT", try slice.main(acquisition, lambda: 0), size: n, ct: true))
            tiles.append(EvaluationFigures.tile("zero-filled", inputs.zeroFilled, size: n, ct: false))
            tiles.append(EvaluationFigures.tile("MSL-MR", try slice.main(acquisition, lambda: 1), size: n, ct: false))
        }
        return TiledMontage(caption: "Sampling robustness, \(slice.subject) slice \(slice.index)", tiles: tiles, columns: 4)
    }

    func plot(_ table: ExperimentTable) -> Figure {
        let conditions = acquisitions.map(\.0)
        return EvaluationFigures.panels(
            caption: "Image quality against the acquisition (mean over subjects)", columns: table.columns, xLabel: "acquisition",
            xCategories: conditions
        ) { column in
            EvaluationFigures.series(
                table, column: column,
                methods: [(Self.ct, "CT", "MSL-CT")] + Baselines.plotted(ct: true) + [(Self.mr, "MR", "MSL-MR")]
                    + Baselines.plotted(ct: false),
                conditions: conditions, x: conditions.indices.map(Double.init))
        }
    }
}
