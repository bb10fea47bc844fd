import Dataset
import Imaging
import Physics
import Tensor

/// Training samples made on the fly: a dataset slice's CT and MR targets, the sparse acquisitions
/// simulated from them, and the authors' augmentation.
///
/// Inputs as the authors' loader (`SparseInputs`); values above HU 2125 were clipped when the dataset was
/// made. Pixels are square, the dataset's field of view over N.
///
/// Simulation is deterministic, so a cached input equals a fresh one; the cache only saves time.
final class TrainingSamples {
    let dataset: Dataset
    let simulation: SensorSimulation
    let cacheEnabled: Bool
    private var cache: [Key: SimulatedInputs] = [:]

    struct Key: Hashable {
        let slice: SliceReference
        let views: Int
        let acceleration: Double
    }

    /// The network inputs of one slice, N² values each, row-major.
    struct SimulatedInputs {
        let ct: [Float]
        let mr: [Float]
    }

    /// One augmented sample: inputs and targets, N² values each.
    struct Sample {
        var ctInput: [Float]
        var mrInput: [Float]
        var ctTarget: [Float]
        var mrTarget: [Float]
    }

    init(dataset: Dataset, simulation: SensorSimulation, cache: Bool) {
        self.dataset = dataset
        self.simulation = simulation
        self.cacheEnabled = cache
    }

    var modelSize: Int { dataset.modelSize }

    /// Simulated inputs of `slice` with `views` CT views and MR acceleration `acceleration`.
    func inputs(_ reference: SliceReference, slice: DatasetSlice, views: Int, acceleration: Double) throws
        -> SimulatedInputs
    {
        let key = Key(slice: reference, views: views, acceleration: acceleration)
        if let cached = cache[key] { return cached }
        var settings = simulation
        settings.views = views
        settings.acceleration = acceleration
        let n = modelSize
        let spacing = dataset.manifest.fieldOfViewMM / Double(n)
        let inputs = SimulatedInputs(
            ct: try SparseInputs.ct(slice.ct, size: n, spacingMM: spacing, simulation: settings),
            mr: try SparseInputs.mr(slice.mr, size: n, spacingMM: spacing, simulation: settings))
        if cacheEnabled { cache[key] = inputs }
        return inputs
    }

    /// The sample of `reference` with the given acquisition settings and shift offsets (0…2·shift each).
    func sample(
        _ reference: SliceReference, views: Int, acceleration: Double, shift: Int, offset: (x: Int, y: Int)
    ) throws -> Sample {
        let slice = try dataset.slice(reference)
        let inputs = try inputs(reference, slice: slice, views: views, acceleration: acceleration)
        let n = modelSize
        func moved(_ image: [Float]) -> [Float] {
            Self.reflectShifted(image, size: n, shift: shift, offsetX: offset.x, offsetY: offset.y)
        }
        return Sample(
            ctInput: moved(inputs.ct), mrInput: moved(inputs.mr), ctTarget: moved(slice.ct), mrTarget: moved(slice.mr))
    }

    /// The N×N crop at (offsetX, offsetY) of `image` reflect-padded by `shift` on every side (numpy's and
    /// torchvision's "reflect": the edge pixel is not repeated), i.e. out(y, x) = in(r(y + offsetY − shift),
    /// r(x + offsetX − shift)) with r(i) = −i below 0 and 2(N − 1) − i above N − 1. Needs shift < N.
    static func reflectShifted(_ image: [Float], size n: Int, shift: Int, offsetX: Int, offsetY: Int) -> [Float] {
        if shift == 0 || (offsetX == shift && offsetY == shift) { return image }
        func reflect(_ i: Int) -> Int { i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i }
        var out = [Float](repeating: 0, count: n * n)
        for y in 0..<n {
            let row = reflect(y + offsetY - shift) * n
            for x in 0..<n { out[y * n + x] = image[row + reflect(x + offsetX - shift)] }
        }
        return out
    }

    /// Stacks samples into a batch of [B, 1, N, N] tensors.
    static func batch(_ samples: [Sample], size n: Int) -> TrainingBatch {
        func stack(_ images: [[Float]]) -> Tensor {
            Tensor(shape: [images.count, 1, n, n], values: Array(images.joined()))
        }
        return TrainingBatch(
            ctInput: stack(samples.map(\.ctInput)), mrInput: stack(samples.map(\.mrInput)),
            ctTarget: stack(samples.map(\.ctTarget)), mrTarget: stack(samples.map(\.mrTarget)))
    }
}

extension SeededGenerator {
    /// Uniform in 0..<bound (bound ≥ 1), by Lemire's multiply-high (a fixed algorithm, unlike the standard
    /// library's `random(in:using:)`, so streams stay reproducible across Swift versions).
    mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound >= 1, "nextIndex: bound \(bound) must be ≥ 1")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
