// PyTorch's default layer initialisation, drawn from an explicit seeded generator.
//
// `nn.Linear`, `nn.Conv2d` and `nn.ConvTranspose2d` all initialise in `reset_parameters()`
// (torch/nn/modules/linear.py and conv.py):
//
// ```python
// init.kaiming_uniform_(self.weight, a=math.sqrt(5))
// fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
// bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
// init.uniform_(self.bias, -bound, bound)
// ```
//
// so weight and bias are both U(−1/√fanIn, 1/√fanIn). The values differ from PyTorch's (another
// generator); the distributions are the same. `fanIn(weightShape:)` gives each layer's fan-in.

/// PyTorch's fan-in of a weight: `shape[1] · shape[2] · …`, i.e. dimension 1 times the receptive
/// field, whatever the layer means by its dimensions (torch/nn/init.py,
/// `_calculate_fan_in_and_fan_out`):
/// - Linear, weight [out, in]: fanIn = in.
/// - Conv2d, weight [out, in/groups, kh, kw]: fanIn = in/groups · kh · kw.
/// - ConvTranspose2d, weight [in, out/groups, kh, kw]: fanIn = out/groups · kh · kw. Dimension 1
///   holds the *output* channels here; PyTorch uses it anyway, and so do we, to match its scale.
public func fanIn(weightShape shape: [Int]) -> Int {
    precondition(shape.count >= 2, "fanIn: a weight needs at least 2 dimensions, got shape \(shape)")
    return shape.dropFirst().reduce(1, *)
}

/// A weight drawn from U(−bound, bound), bound = gain · √(3 / fanIn), gain = √(2 / (1 + a²))
/// (torch.nn.init.kaiming_uniform_ with mode "fan_in", nonlinearity "leaky_relu"; He et al., 2015).
///
/// The default a = √5 is what PyTorch's layers pass, giving bound = 1/√fanIn; note that calling
/// `kaiming_uniform_` directly in PyTorch defaults to a = 0 (bound = √(6 / fanIn)) instead.
/// The result requires grad, ready to be a parameter.
public func kaimingUniform(
    shape: [Int], fanIn: Int, a: Float = Float(5).squareRoot(), generator: inout SeededGenerator
) -> Tensor {
    precondition(fanIn > 0, "kaimingUniform: fanIn must be positive, got \(fanIn) for shape \(shape)")
    let gain = (2 / (1 + Double(a) * Double(a))).squareRoot()
    let bound = Float(gain * (3 / Double(fanIn)).squareRoot())
    return Tensor.uniform(shape, low: -bound, high: bound, generator: &generator, requiresGrad: true)
}

/// A bias drawn from U(−1/√fanIn, 1/√fanIn), PyTorch's default for Linear and convolution biases;
/// all zeros when fanIn is 0, as PyTorch does. `fanIn` is that of the layer's weight.
/// The result requires grad, ready to be a parameter.
public func defaultBias(shape: [Int], fanIn: Int, generator: inout SeededGenerator) -> Tensor {
    precondition(fanIn >= 0, "defaultBias: fanIn must not be negative, got \(fanIn)")
    let bound = fanIn > 0 ? Float(1 / Double(fanIn).squareRoot()) : 0
    return Tensor.uniform(shape, low: -bound, high: bound, generator: &generator, requiresGrad: true)
}
