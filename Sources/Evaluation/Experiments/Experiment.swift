import Graphics
import MSLModel

/// One of the paper's experiments: what it measures on a slice, which rows it tests against which, and its
/// figures. `Evaluator` runs every experiment on every slice and builds the tables.
protocol Experiment {
    var kind: ExperimentKind { get }
    var title: String { get }
    /// What is measured and against what, for the Markdown.
    var summary: String { get }
    /// Column names (default: MAE, SSIM, MI).
    var columns: [String] { get }
    /// The paired tests: row A against row B.
    var comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)] { get }

    /// Whether slice `index` of a subject's `count` evaluated slices is measured (default: all).
    func includes(slice index: Int, of count: Int) -> Bool
    /// Measures one slice.
    func measure(_ slice: SliceContext, _ record: SliceRecorder) throws
    /// Notes under the table, from the finished table (default: none).
    func notes(_ table: ExperimentTable) -> [String]
    /// The montage of one slice: tiles and the number of columns.
    func montage(_ slice: SliceContext) throws -> TiledMontage
    /// The plot of the finished table.
    func plot(_ table: ExperimentTable) -> Figure
}

extension Experiment {
    var columns: [String] { ImageMetrics.columns }
    func includes(slice index: Int, of count: Int) -> Bool { true }
    func notes(_ table: ExperimentTable) -> [String] { [] }
}

/// Where an experiment puts a slice's values: one row at a time.
final class SliceRecorder {
    private(set) var rows: [(ExperimentTable.RowKey, [Double?])] = []

    func callAsFunction(_ condition: String, _ method: String, vs reference: String, _ values: [Double?]) {
        rows.append((ExperimentTable.RowKey(condition, method, reference), values))
    }

    func callAsFunction(_ condition: String, _ method: String, vs reference: String, _ values: [Double]) {
        self(condition, method, vs: reference, values.map { Optional($0) })
    }
}

/// The baselines every image table lists beside MSL: the sparse inputs (FBP against the CT, zero-filled against
/// the MR) and the single-modality ablation models that were given, each from its own input alone.
enum Baselines {
    static let fbp = "FBP"
    static let zeroFilled = "zero-filled"

    /// Records the baselines of `acquisition` under `condition`: CT ones when `ct`, MR ones when `mr`.
    static func record(
        _ slice: SliceContext, _ acquisition: SliceContext.Acquisition, condition: String, ct: Bool = true,
        mr: Bool = true, _ record: SliceRecorder
    ) throws {
        let inputs = try slice.inputs(acquisition)
        if ct { record(condition, fbp, vs: "CT", try slice.metrics(SliceContext.clamped(inputs.fbp), against: slice.ct)) }
        if mr {
            record(condition, zeroFilled, vs: "MR", try slice.metrics(SliceContext.clamped(inputs.zeroFilled), against: slice.mr))
        }
        for output in slice.models.ablationOutputs {
            let isCT = output.input == .ctOnly
            guard isCT ? ct : mr else { continue }
            guard let image = try slice.image(output.role, acquisition, from: output.input, lambda: output.lambda) else { continue }
            record(condition, method(output.role, ct: isCT), vs: isCT ? "CT" : "MR", try slice.metrics(image, against: isCT ? slice.ct : slice.mr))
        }
    }

    /// The row name of an ablation output: "single-modality model (CT)", "CT-only model".
    static func method(_ role: EvaluationModels.Role, ct: Bool) -> String {
        role == .singleModality ? "\(role.rawValue) (\(ct ? "CT" : "MR"))" : role.rawValue
    }

    /// The rows `record` can make for a CT (or MR) reference, for the comparisons (rows of models not given are
    /// skipped when the table is built).
    static func methods(ct: Bool) -> [String] {
        (ct ? [fbp] : [zeroFilled])
            + EvaluationModels.allAblationOutputs.filter { ($0.input == .ctOnly) == ct }.map { method($0.role, ct: ct) }
    }

    /// The baselines' lines in a plot against the CT (or MR), named as their rows; a model not given has no rows,
    /// so `EvaluationFigures.series` draws no line for it.
    static func plotted(ct: Bool) -> [(method: String, reference: String, name: String)] {
        methods(ct: ct).map { ($0, ct ? "CT" : "MR", $0) }
    }
}
