import MSLModel
import Physics
import Tensor

/// One slice under evaluation: its full-data CT and MR, the sparse inputs simulated for each acquisition an
/// experiment asks for, and each model's encodings and decoded images. Everything is computed once per slice and
/// shared, since the experiments overlap (the base acquisition's MSL-CT is in five of them).
final class SliceContext {
    let subject: String
    /// Position among the subject's stored slices.
    let index: Int
    /// Full-data CT (network scale) and MR, N² values each: the references.
    let ct: [Float]
    let mr: [Float]
    let size: Int
    let spacingMM: Double
    let settings: EvaluationSettings
    let models: EvaluationModels

    /// An acquisition: CT views, MR acceleration, and the CT shifted by `ctShift` pixels along x and y before
    /// simulation (misregistration).
    struct Acquisition: Hashable {
        var views: Int
        var acceleration: Double
        var ctShift = 0
    }

    /// The sparse inputs of an acquisition and the CT they were simulated from.
    struct Inputs {
        let fbp: [Float]
        let zeroFilled: [Float]
        let ct: [Float]
    }

    private var inputsCache: [Acquisition: Inputs] = [:]
    private var encodedCache: [EncodingKey: MSLReconstructor.Encoded] = [:]
    private var imageCache: [ImageKey: [Float]] = [:]
    private var lambdaMapCache: [Acquisition: LambdaMapOptimiser.Result] = [:]

    private struct EncodingKey: Hashable {
        let role: EvaluationModels.Role
        let acquisition: Acquisition
        let inputs: MSLReconstructor.Inputs
    }

    private struct ImageKey: Hashable {
        let encoding: EncodingKey
        let lambda: Float
    }

    init(
        subject: String, index: Int, ct: [Float], mr: [Float], size: Int, spacingMM: Double,
        settings: EvaluationSettings, models: EvaluationModels
    ) {
        self.subject = subject
        self.index = index
        self.ct = ct
        self.mr = mr
        self.size = size
        self.spacingMM = spacingMM
        self.settings = settings
        self.models = models
    }

    var base: Acquisition {
        Acquisition(views: settings.simulation.views, acceleration: settings.simulation.acceleration)
    }

    /// The sparse inputs of `acquisition`, clamped to [0, 1] where they are shown or measured as images.
    func inputs(_ acquisition: Acquisition) throws -> Inputs {
        if let cached = inputsCache[acquisition] { return cached }
        var simulation = settings.simulation
        simulation.views = acquisition.views
        simulation.acceleration = acquisition.acceleration
        let shiftedCT = Self.shifted(ct, size: size, by: acquisition.ctShift)
        let inputs = Inputs(
            fbp: try SparseInputs.ct(shiftedCT, size: size, spacingMM: spacingMM, simulation: simulation),
            zeroFilled: try SparseInputs.mr(mr, size: size, spacingMM: spacingMM, simulation: simulation), ct: shiftedCT)
        inputsCache[acquisition] = inputs
        return inputs
    }

    /// The image `role`'s model decodes at `lambda` from `inputs` of `acquisition`, clamped to [0, 1]; nil when
    /// that ablation model was not given.
    func image(
        _ role: EvaluationModels.Role = .main, _ acquisition: Acquisition, from inputs: MSLReconstructor.Inputs,
        lambda: Float
    ) throws -> [Float]? {
        guard let encoded = try encoded(role, acquisition, inputs) else { return nil }
        let key = ImageKey(encoding: EncodingKey(role: role, acquisition: acquisition, inputs: inputs), lambda: lambda)
        if let cached = imageCache[key] { return cached }
        let image = models.reconstructor(role)!.decode(encoded, lambdas: [lambda])[0].values
        imageCache[key] = image
        return image
    }

    /// The main model's image, which always exists.
    func main(_ acquisition: Acquisition, from inputs: MSLReconstructor.Inputs = .both, lambda: Float) throws -> [Float] {
        try image(.main, acquisition, from: inputs, lambda: lambda)!
    }

    /// The encoding of `inputs` of `acquisition` by `role`'s model (nil when not given).
    func encoded(_ role: EvaluationModels.Role, _ acquisition: Acquisition, _ inputs: MSLReconstructor.Inputs) throws
        -> MSLReconstructor.Encoded?
    {
        guard let reconstructor = models.reconstructor(role) else { return nil }
        let key = EncodingKey(role: role, acquisition: acquisition, inputs: inputs)
        if let cached = encodedCache[key] { return cached }
        let sparse = try self.inputs(acquisition)
        func tensor(_ pixels: [Float]) -> Tensor { Tensor(shape: [1, 1, size, size], values: pixels) }
        let encoded = try reconstructor.encode(
            ct: inputs == .mrOnly ? nil : tensor(sparse.fbp), mr: inputs == .ctOnly ? nil : tensor(sparse.zeroFilled))
        encodedCache[key] = encoded
        return encoded
    }

    /// The main model's optimised λ-map for both inputs of `acquisition` (`settings.lambdaMapIterations` steps).
    func lambdaMap(_ acquisition: Acquisition) throws -> LambdaMapOptimiser.Result {
        if let cached = lambdaMapCache[acquisition] { return cached }
        var optimiser = LambdaMapOptimiser()
        optimiser.iterations = settings.lambdaMapIterations
        let result = try optimiser.optimise(try encoded(.main, acquisition, .both)!, network: models.main.network)
        lambdaMapCache[acquisition] = result
        return result
    }

    /// [MAE, SSIM, MI] of `image` against `reference`.
    func metrics(_ image: [Float], against reference: [Float]) throws -> [Double] {
        try ImageMetrics.measure(image, against: reference, size: size)
    }

    /// `image` moved by `shift` pixels along +x and +y, uncovered pixels 0 (air on the network's CT scale).
    static func shifted(_ image: [Float], size n: Int, by shift: Int) -> [Float] {
        guard shift != 0 else { return image }
        var out = [Float](repeating: 0, count: n * n)
        for y in 0..<n where y - shift >= 0 && y - shift < n {
            for x in 0..<n where x - shift >= 0 && x - shift < n { out[y * n + x] = image[(y - shift) * n + x - shift] }
        }
        return out
    }

    /// `image` clamped to [0, 1] (sparse inputs over- and undershoot).
    static func clamped(_ image: [Float]) -> [Float] { image.map { min(1, max(0, $0)) } }

    /// (1 − λ)·a + λ·b pixel by pixel.
    static func blend(_ a: [Float], _ b: [Float], lambda: Float) -> [Float] {
        zip(a, b).map { (1 - lambda) * $0 + lambda * $1 }
    }
}
