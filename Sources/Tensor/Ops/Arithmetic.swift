/// Elementwise arithmetic with NumPy broadcasting. The backward rules reduce each operand's
/// gradient back to its own shape (`sum(toShape:)`).
extension Tensor {
    /// a + b.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let (shape, storage) = broadcastMap(a, b, operation: "add") { $0 + $1 }
        return result(shape, storage, operation: "add", inputs: [a, b]) { g in
            [g.sum(toShape: a.shape), g.sum(toShape: b.shape)]
        }
    }

    /// a − b.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let (shape, storage) = broadcastMap(a, b, operation: "sub") { $0 - $1 }
        return result(shape, storage, operation: "sub", inputs: [a, b]) { g in
            [g.sum(toShape: a.shape), g.negated().sum(toShape: b.shape)]
        }
    }

    /// a ⊙ b (Hadamard product).
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let (shape, storage) = broadcastMap(a, b, operation: "mul") { $0 * $1 }
        return result(shape, storage, operation: "mul", inputs: [a, b]) { g in
            [
                a.requiresGrad ? withNoGrad { g * b }.sum(toShape: a.shape) : nil,
                b.requiresGrad ? withNoGrad { g * a }.sum(toShape: b.shape) : nil,
            ]
        }
    }

    /// a ⊘ b.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let (shape, storage) = broadcastMap(a, b, operation: "div") { $0 / $1 }
        return result(shape, storage, operation: "div", inputs: [a, b]) { g in
            withNoGrad {
                [
                    a.requiresGrad ? (g / b).sum(toShape: a.shape) : nil,
                    // d(a/b)/db = −a/b²
                    b.requiresGrad ? (g * a / (b * b)).negated().sum(toShape: b.shape) : nil,
                ]
            }
        }
    }

    /// −a.
    public func negated() -> Tensor { scaled(by: -1) }

    /// a · s for a constant s.
    public func scaled(by s: Float) -> Tensor {
        map(operation: "scale") { $0 * s } derivative: { _, _ in s }
    }

    /// a + s for a constant s.
    public func shifted(by s: Float) -> Tensor {
        map(operation: "shift") { $0 + s } derivative: { _, _ in 1 }
    }

    public static func * (a: Tensor, s: Float) -> Tensor { a.scaled(by: s) }
    public static func * (s: Float, a: Tensor) -> Tensor { a.scaled(by: s) }
    public static func + (a: Tensor, s: Float) -> Tensor { a.shifted(by: s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a.shifted(by: -s) }
    public static prefix func - (a: Tensor) -> Tensor { a.negated() }

    /// a².
    public func squared() -> Tensor {
        map(operation: "square") { $0 * $0 } derivative: { x, _ in 2 * x }
    }

    /// |a|; the derivative at 0 is taken as 0 (PyTorch's sign convention).
    public func abs() -> Tensor {
        map(operation: "abs") { Swift.abs($0) } derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }
    }

    /// √a.
    public func squareRoot() -> Tensor {
        map(operation: "sqrt") { $0.squareRoot() } derivative: { _, y in 0.5 / y }
    }

    /// Applies `f` elementwise; `derivative(x, y)` gives dy/dx from the input x and output y.
    @inline(__always)
    func map(
        operation: String, _ f: (Float) -> Float, derivative: @escaping (Float, Float) -> Float
    ) -> Tensor {
        let storage = TensorStorage(uninitializedCount: count)
        let input = pointer
        let output = storage.pointer
        parallelFor(count, grain: 1 << 14) { range in
            for i in range { output[i] = f(input[i]) }
        }
        return Tensor.result(shape, storage, operation: operation, inputs: [self]) { [shape] g in
            let gradient = TensorStorage(uninitializedCount: storage.count)
            let gi = gradient.pointer
            let go = g.pointer
            parallelFor(storage.count, grain: 1 << 14) { range in
                for i in range { gi[i] = go[i] * derivative(input[i], output[i]) }
            }
            return [Tensor(shape: shape, storage: gradient, gradientNode: nil)]
        }
    }
}
