import Foundation
import Graphics

/// Paper Fig. 10: robustness to misregistration. The CT is shifted by P pixels along x and y before its data are
/// simulated (the MR stays), and each method's hybrid at λ is compared with the aligned blend
/// (1 − λ)·CT + λ·MR of the full-data images, in the MR's frame:
/// - MSL: the network's image at λ from both (misaligned) inputs;
/// - FUSION: (1 − λ)·shifted full-data CT + λ·MR, pixel by pixel (the paper's post hoc fusion of the misaligned
///   ground truths);
/// - DeepFusion: (1 − λ)·MSL-CT from the CT alone + λ·MSL-MR from the MR alone, the same model's single-modality
///   paths; and, when given, the same blend from the single-modality ablation model and from the CT-only and MR-only
///   models (the paper's two separate networks);
/// - input blend: the same blend of the clamped FBP and zero-filled inputs.
struct Misregistration: Experiment {
    let settings: EvaluationSettings
    let kind = ExperimentKind.misregistration
    let title = "Misregistration (paper Fig. 10)"
    var summary: String {
        "CT shifted by \(settings.misregistrationShifts.map(String.init).joined(separator: ", ")) px along x and y before "
            + "simulation (\(settings.base.label)); hybrids at λ \(settings.misregistrationLambdas.map { "\($0)" }.joined(separator: ", ")) "
            + "against the aligned blend (1 − λ)·CT + λ·MR of the full-data images. Shift 0 is the aligned reference run."
    }

    static let reference = "aligned blend"
    static func condition(_ shift: Int) -> String { "shift \(shift) px" }
    static func method(_ name: String, _ lambda: Float) -> String { "\(name) λ \(lambda)" }
    static let methods = [
        "MSL", "FUSION", "DeepFusion", "DeepFusion (single-modality model)", "DeepFusion (CT-only + MR-only models)", "input blend",
    ]

    var shifts: [Int] { [0] + settings.misregistrationShifts.filter { $0 != 0 } }

    var comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)] {
        shifts.flatMap { shift in
            settings.misregistrationLambdas.flatMap { lambda in
                Self.methods.dropFirst().map {
                    (
                        ExperimentTable.RowKey(Self.condition(shift), Self.method("MSL", lambda), Self.reference),
                        ExperimentTable.RowKey(Self.condition(shift), Self.method($0, lambda), Self.reference)
                    )
                }
            }
        }
    }

    /// Each method's hybrid at `lambda` under `acquisition` (nil entries: that ablation was not given).
    func hybrids(_ slice: SliceContext, _ acquisition: SliceContext.Acquisition, lambda: Float) throws -> [(String, [Float]?)] {
        let inputs = try slice.inputs(acquisition)
        return [
            ("MSL", try slice.main(acquisition, lambda: lambda)),
            ("FUSION", SliceContext.blend(inputs.ct, slice.mr, lambda: lambda)),
            ("DeepFusion", try deepFusion(slice, acquisition, ct: .main, mr: .main, lambda: lambda)),
            (
                "DeepFusion (single-modality model)",
                try deepFusion(slice, acquisition, ct: .singleModality, mr: .singleModality, lambda: lambda)
            ),
            ("DeepFusion (CT-only + MR-only models)", try deepFusion(slice, acquisition, ct: .ctOnly, mr: .mrOnly, lambda: lambda)),
            (
                "input blend",
                SliceContext.blend(SliceContext.clamped(inputs.fbp), SliceContext.clamped(inputs.zeroFilled), lambda: lambda)
            ),
        ]
    }

    /// (1 − λ)·the CT from the CT alone by `ct`'s model + λ·the MR from the MR alone by `mr`'s model; nil when either
    /// model was not given.
    func deepFusion(
        _ slice: SliceContext, _ acquisition: SliceContext.Acquisition, ct: EvaluationModels.Role, mr: EvaluationModels.Role,
        lambda: Float
    ) throws -> [Float]? {
        guard let ctImage = try slice.image(ct, acquisition, from: .ctOnly, lambda: 0),
            let mrImage = try slice.image(mr, acquisition, from: .mrOnly, lambda: 1)
        else { return nil }
        return SliceContext.blend(ctImage, mrImage, lambda: lambda)
    }

    func acquisition(_ slice: SliceContext, shift: Int) -> SliceContext.Acquisition {
        var a = slice.base
        a.ctShift = shift
        return a
    }

    func measure(_ slice: SliceContext, _ record: SliceRecorder) throws {
        for shift in shifts {
            for lambda in settings.misregistrationLambdas {
                let truth = SliceContext.blend(slice.ct, slice.mr, lambda: lambda)
                for (name, image) in try hybrids(slice, acquisition(slice, shift: shift), lambda: lambda) {
                    guard let image else { continue }
                    record(Self.condition(shift), Self.method(name, lambda), vs: Self.reference, try slice.metrics(image, against: truth))
                }
            }
        }
    }

    /// The middle λ of the list, shown in the montage and the plot.
    var shownLambda: Float { settings.misregistrationLambdas[settings.misregistrationLambdas.count / 2] }

    func montage(_ slice: SliceContext) throws -> TiledMontage {
        let n = slice.size
        let lambda = shownLambda
        var tiles: [TiledMontage.Tile] = []
        for shift in shifts {
            for (name, image) in try hybrids(slice, acquisition(slice, shift: shift), lambda: lambda) where ["FUSION", "DeepFusion", "MSL"].contains(name) {
                tiles.append(EvaluationFigures.tile("\(name), \(Self.condition(shift))", image!, size: n, ct: false))
            }
            tiles.append(EvaluationFigures.tile("aligned blend λ \(lambda)", SliceContext.blend(slice.ct, slice.mr, lambda: lambda), size: n, ct: false))
        }
        return TiledMontage(caption: "Misregistration at λ \(lambda), \(slice.subject) slice \(slice.index)", tiles: tiles, columns: 4)
    }

    func plot(_ table: ExperimentTable) -> Figure {
        let lambda = shownLambda
        return EvaluationFigures.panels(
            caption: "Hybrid at λ \(lambda) against the aligned blend, by CT shift (mean over subjects)", columns: table.columns,
            xLabel: "CT shift (px)"
        ) { column in
            EvaluationFigures.series(
                table, column: column, methods: Self.methods.map { (Self.method($0, lambda), Self.reference, $0) },
                conditions: shifts.map(Self.condition), x: shifts.map(Double.init))
        }
    }
}
