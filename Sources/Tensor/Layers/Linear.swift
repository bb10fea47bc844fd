/// y = x·Wᵀ + b over the last dimension (PyTorch `nn.Linear`).
///
/// Weight [out, in] and bias [out], both U(±1/√in) (PyTorch's default initialisation).
/// Checkpoint keys: `weight`, `bias`.
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: inout SeededGenerator) {
        weight = kaimingUniform(shape: [outFeatures, inFeatures], fanIn: inFeatures, generator: &generator)
        self.bias = bias ? defaultBias(shape: [outFeatures], fanIn: inFeatures, generator: &generator) : nil
    }

    override public var parameters: [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.linear(weight: weight, bias: bias) }
}
