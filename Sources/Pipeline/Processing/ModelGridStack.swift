import Dataset
import Foundation
import Imaging

/// The aligned study on the network's N×N model grid, slice by slice, on the network's [0, 1] scales, as the
/// model's training data were made (`DatasetPreparation`): head mask (from the MR, else the CT), fill outside
/// the head, CT through `HounsfieldScale`, MR min–max over the masked volume, and each slice mapped onto the
/// model grid over a square field of view centred on the slice (`ModelGrid`: one resampling, anti-aliased).
///
/// The slices processed are the contiguous range from the first to the last slice whose head mask covers at
/// least `minimumHeadFraction` of the slice (and one voxel); that range is the extent of every output series.
struct ModelGridStack {
    /// Model grid side N and pixel spacing (mm).
    let size: Int
    let spacingMM: Double
    /// Indices k of the processed slices on the aligned grid, ascending and contiguous.
    let sliceIndices: [Int]
    /// The in-plane mapping shared by every slice (all slices of a volume have the same in-plane grid).
    let grid: ModelGrid
    /// Per processed slice, N² values on [0, 1]; nil for an absent modality.
    let ct: [[Float]]?
    let mr: [[Float]]?
    /// The fills and the MR scaling, to map outputs back.
    let ctFillHounsfield: Float?
    let mrFill: Float?
    let mrScaling: MinMaxScaling?
    /// The head mask's foreground fraction per slice of the aligned grid (for the report).
    let headFractions: [Double]

    init(_ study: AlignedStudy, modelSize n: Int, fieldOfViewMM: Double, minimumHeadFraction: Double) throws {
        guard let reference = study.mr ?? study.ct else {
            throw PipelineError.stage(name: "model grid", reason: "no volume to map")
        }
        let mask = HeadMask(mr: reference)
        let fractions = (0..<mask.size.z).map { mask.foregroundFraction(slice: $0) }
        let kept = (0..<mask.size.z).filter {
            mask.foregroundCount(slice: $0) > 0 && fractions[$0] >= minimumHeadFraction
        }
        guard let first = kept.first, let last = kept.last else {
            throw PipelineError.noHeadSlices(
                detail: "\(mask.size.z) slices, largest head fraction \(fractions.max() ?? 0), minimum "
                    + "\(minimumHeadFraction)")
        }
        let indices = Array(first...last)
        let normalisedCT = try study.ct.map { try IntensityNormalisation.networkCT($0, mask: mask) }
        let normalisedMR = try study.mr.map { try IntensityNormalisation.networkMR($0, mask: mask) }
        grid = try ModelGrid(
            for: try reference.slice(z: first), modelSize: n, fieldOfViewMM: fieldOfViewMM, interpolation: .linear,
            padValue: 0)
        let grid = self.grid
        func onModelGrid(_ volume: Volume) throws -> [[Float]] {
            try parallelMap(indices, threads: ProcessInfo.processInfo.activeProcessorCount) { k in
                Result { try grid.forward(try volume.slice(z: k)).pixels.map { min(max($0, 0), 1) } }
            }.map { try $0.get() }
        }
        ct = try normalisedCT.map { try onModelGrid($0.volume) }
        mr = try normalisedMR.map { try onModelGrid($0.volume) }
        size = n
        spacingMM = fieldOfViewMM / Double(n)
        sliceIndices = indices
        ctFillHounsfield = normalisedCT?.fill
        mrFill = normalisedMR?.fill
        mrScaling = normalisedMR?.scaling
        headFractions = fractions
    }
}
