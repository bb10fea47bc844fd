import Dispatch
import Imaging

/// The head mask of an MR volume, built slice by slice as the authors do (`processing_data.py` L184-193;
/// reference/msl-authors-code.md §3.2 step 1): for each axial slice k (the volume's third index), the Li
/// threshold t_k of that slice (`LiThreshold`), foreground = voxels with value > t_k, then holes filled in 2-D
/// (`HoleFilling`). A constant slice gets t_k = its value and so an empty mask.
///
/// One deviation: t_k is at least half the Li threshold of the whole volume. A slice above the head holds
/// only noise, whose own Li threshold splits the noise and leaves a speckled "head" (the authors' rule
/// then keeps the empty slice as a training sample); the floor empties it, and it sits far below the
/// threshold of any slice that shows tissue, so those are unchanged.
///
/// The mask decides which voxels keep their intensities (`IntensityNormalisation`) and which slices become
/// training samples (those with any foreground), so it is computed from the MR alone and applied to the CT too.
public struct HeadMask: Sendable, Equatable {
    /// Samples along i, j, k, as the volume it was made from.
    public let size: SIMD3<Int>
    /// One flag per voxel in the volume's order (x fastest, then y, then z): true inside the head.
    public let voxels: [Bool]
    /// The Li threshold of each slice, in the volume's intensity unit (NaN for an all-NaN slice).
    public let thresholds: [Double]

    /// The mask of `mr` (see the type's documentation). Slices are processed concurrently.
    public init(mr: Volume) {
        let size = mr.size
        let sliceCount = size.x * size.y
        var slices = [[Bool]](repeating: [], count: size.z)
        var thresholds = [Double](repeating: 0, count: size.z)
        let floor = 0.5 * LiThreshold.threshold(of: mr.voxels)
        slices.withUnsafeMutableBufferPointer { sliceBuffer in
            thresholds.withUnsafeMutableBufferPointer { thresholdBuffer in
                let output = SliceOutput(masks: sliceBuffer, thresholds: thresholdBuffer)
                DispatchQueue.concurrentPerform(iterations: size.z) { k in
                    let pixels = mr.voxels[k * sliceCount..<(k + 1) * sliceCount]
                    let (mask, threshold) = Self.sliceMask(pixels, width: size.x, height: size.y, floor: floor)
                    output.masks[k] = mask
                    output.thresholds[k] = threshold
                }
            }
        }
        self.size = size
        self.voxels = slices.flatMap { $0 }
        self.thresholds = thresholds
    }

    /// A mask from its parts (tests, stored masks).
    ///
    /// - Throws: `DatasetError.invalidInput` unless there is one flag per voxel and one threshold per slice.
    public init(size: SIMD3<Int>, voxels: [Bool], thresholds: [Double]) throws {
        guard size.x >= 1, size.y >= 1, size.z >= 1, voxels.count == size.x * size.y * size.z,
            thresholds.count == size.z
        else {
            throw DatasetError.invalidInput(
                "head mask of size \(size.x)×\(size.y)×\(size.z) needs \(size.x * size.y * size.z) flags and "
                    + "\(size.z) thresholds, got \(voxels.count) and \(thresholds.count)")
        }
        self.size = size
        self.voxels = voxels
        self.thresholds = thresholds
    }

    /// Li threshold (at least `floor`), `value > threshold`, holes filled: one slice of the mask.
    static func sliceMask(_ pixels: ArraySlice<Float>, width: Int, height: Int, floor: Double = -.infinity)
        -> (mask: [Bool], threshold: Double)
    {
        let threshold = max(LiThreshold.threshold(of: pixels), floor)
        let foreground = pixels.map { Double($0) > threshold }
        return (HoleFilling.filled(foreground, width: width, height: height), threshold)
    }

    /// Voxels inside the head in slice k.
    public func foregroundCount(slice k: Int) -> Int {
        let count = size.x * size.y
        return voxels[k * count..<(k + 1) * count].reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Fraction of slice k inside the head, in [0, 1].
    public func foregroundFraction(slice k: Int) -> Double {
        Double(foregroundCount(slice: k)) / Double(size.x * size.y)
    }
}

/// The per-slice outputs of `HeadMask.init`, written by concurrent iterations at distinct indices only.
private struct SliceOutput: @unchecked Sendable {
    let masks: UnsafeMutableBufferPointer<[Bool]>
    let thresholds: UnsafeMutableBufferPointer<Double>
}
