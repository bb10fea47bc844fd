import Graphics
import MSLModel

/// Paper Fig. 6: what the other modality's data adds. MSL-CT decoded from CT + MR against MSL-CT from the CT alone
/// (the single-modality "com" path of the same model) at each CT view count, MR at the base acceleration; and
/// MSL-MR from MR + CT against MSL-MR from the MR alone at each acceleration, CT at the base views.
struct CrossModalEnhancement: Experiment {
    let settings: EvaluationSettings
    let kind = ExperimentKind.crossModal
    let title = "Cross-modal enhancement (paper Fig. 6)"
    var summary: String {
        "MSL-CT from CT + MR against MSL-CT from CT alone at \(settings.crossModalViews.map(String.init).joined(separator: ", ")) "
            + "views (MR 1/\(Self.number(settings.simulation.acceleration))); MSL-MR from MR + CT against MSL-MR from MR "
            + "alone at \(settings.crossModalAccelerations.map(Self.number).joined(separator: ", "))× (CT \(settings.simulation.views) "
            + "views). Both against the full-data image."
    }

    static let ctBoth = "MSL-CT (CT+MR)"
    static let ctAlone = "MSL-CT (CT only)"
    static let mrBoth = "MSL-MR (MR+CT)"
    static let mrAlone = "MSL-MR (MR only)"

    static func number(_ value: Double) -> String { value.rounded() == value ? String(Int(value)) : String(value) }
    static func viewsCondition(_ views: Int) -> String { "\(views) views" }
    static func accelerationCondition(_ a: Double) -> String { "MR \(number(a))×" }

    var ctAcquisitions: [(String, SliceContext.Acquisition)] {
        settings.crossModalViews.map {
            (Self.viewsCondition($0), SliceContext.Acquisition(views: $0, acceleration: settings.simulation.acceleration))
        }
    }

    var mrAcquisitions: [(String, SliceContext.Acquisition)] {
        settings.crossModalAccelerations.map {
            (Self.accelerationCondition($0), SliceContext.Acquisition(views: settings.simulation.views, acceleration: $0))
        }
    }

    /// Each side's output from both inputs against its output alone and its baselines, per acquisition.
    var comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)] {
        sides.flatMap { side, acquisitions in
            acquisitions.flatMap { condition, _ in
                let both = ExperimentTable.RowKey(condition, side.methods.both, side.reference)
                return ([side.methods.alone] + Baselines.methods(ct: side.ct)).map {
                    (both, ExperimentTable.RowKey(condition, $0, side.reference))
                }
            }
        }
    }

    /// One modality's half of the experiment: its output from both inputs and from its own input alone.
    struct Side {
        let ct: Bool
        var reference: String { ct ? "CT" : "MR" }
        var lambda: Float { ct ? 0 : 1 }
        var alone: MSLReconstructor.Inputs { ct ? .ctOnly : .mrOnly }
        var methods: (both: String, alone: String) {
            ct ? (CrossModalEnhancement.ctBoth, CrossModalEnhancement.ctAlone) : (CrossModalEnhancement.mrBoth, CrossModalEnhancement.mrAlone)
        }
    }

    var sides: [(Side, [(String, SliceContext.Acquisition)])] { [(Side(ct: true), ctAcquisitions), (Side(ct: false), mrAcquisitions)] }

    func measure(_ slice: SliceContext, _ record: SliceRecorder) throws {
        for (side, acquisitions) in sides {
            let truth = side.ct ? slice.ct : slice.mr
            for (condition, acquisition) in acquisitions {
                let both = try slice.main(acquisition, lambda: side.lambda)
                let alone = try slice.main(acquisition, from: side.alone, lambda: side.lambda)
                record(condition, side.methods.both, vs: side.reference, try slice.metrics(both, against: truth))
                record(condition, side.methods.alone, vs: side.reference, try slice.metrics(alone, against: truth))
                try Baselines.record(slice, acquisition, condition: condition, ct: side.ct, mr: !side.ct, record)
            }
        }
    }

    func montage(_ slice: SliceContext) throws -> TiledMontage {
        let n = slice.size
        var tiles: [TiledMontage.Tile] = []
        for (side, acquisitions) in sides {
            for (condition, acquisition) in acquisitions {
                let inputs = try slice.inputs(acquisition)
                let other = side.ct ? "MR" : "CT"
                tiles.append(
                    EvaluationFigures.tile(
                        "\(side.ct ? "FBP" : "zero-filled") \(condition)", side.ct ? inputs.fbp : inputs.zeroFilled, size: n, ct: side.ct))
                tiles.append(
                    EvaluationFigures.tile(
                        "\(side.reference) only", try slice.main(acquisition, from: side.alone, lambda: side.lambda), size: n, ct: side.ct))
                tiles.append(
                    EvaluationFigures.tile(
                        "\(side.reference) + \(other)", try slice.main(acquisition, lambda: side.lambda), size: n, ct: side.ct))
            }
        }
        tiles.append(EvaluationFigures.tile("CT (full data)", slice.ct, size: n, ct: true))
        tiles.append(EvaluationFigures.tile("MR (full data)", slice.mr, size: n, ct: false))
        return TiledMontage(caption: "Cross-modal enhancement, \(slice.subject) slice \(slice.index)", tiles: tiles, columns: 3)
    }

    func plot(_ table: ExperimentTable) -> Figure {
        let ct = EvaluationFigures.panels(
            caption: "MSL-CT against CT views (mean over subjects)", columns: table.columns, xLabel: "CT views"
        ) { column in
            EvaluationFigures.series(
                table, column: column,
                methods: [(Self.ctBoth, "CT", "CT + MR"), (Self.ctAlone, "CT", "CT only")] + Baselines.plotted(ct: true),
                conditions: ctAcquisitions.map(\.0), x: settings.crossModalViews.map(Double.init))
        }
        let mr = EvaluationFigures.panels(
            caption: "MSL-MR against MR acceleration (mean over subjects)", columns: table.columns, xLabel: "acceleration"
        ) { column in
            EvaluationFigures.series(
                table, column: column,
                methods: [(Self.mrBoth, "MR", "MR + CT"), (Self.mrAlone, "MR", "MR only")] + Baselines.plotted(ct: false),
                conditions: mrAcquisitions.map(\.0), x: settings.crossModalAccelerations)
        }
        return { canvas, rect in
            let half = rect.height / 2
            try canvas.draw(ct, in: Rect(x: rect.minX, y: rect.minY, width: rect.width, height: half - 6))
            try canvas.draw(mr, in: Rect(x: rect.minX, y: rect.minY + half, width: rect.width, height: half - 6))
        }
    }
}
