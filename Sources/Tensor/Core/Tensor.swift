/// A dense, contiguous, row-major Float32 tensor (NCHW for images) that can record its history
/// for reverse-mode differentiation.
///
/// Tensors are reference types: a parameter is one object whose `grad` accumulates across
/// `backward()` calls, as in PyTorch. Operations always return new tensors; only optimisers and
/// explicit in-place helpers write into existing storage.
public final class Tensor {
    /// The extent of each dimension, outermost first.
    public let shape: [Int]
    /// The elements, `shape.reduce(1, *)` of them, row-major.
    public let storage: TensorStorage
    /// Whether gradients flow to this tensor. Set it on leaves (parameters, inputs to check).
    public var requiresGrad: Bool
    /// The accumulated gradient of a leaf after `backward()`; `nil` before.
    public var grad: Tensor?
    /// How this tensor was computed, when it was computed with gradient recording on.
    let gradientNode: GradientNode?

    /// A tensor of zeros.
    public init(zeros shape: [Int], requiresGrad: Bool = false) {
        Self.checkShape(shape)
        self.shape = shape
        self.storage = TensorStorage(count: shape.reduce(1, *))
        self.requiresGrad = requiresGrad
        self.gradientNode = nil
    }

    /// A tensor holding `values` (row-major). The count must match the shape.
    public convenience init(shape: [Int], values: [Float], requiresGrad: Bool = false) {
        self.init(zeros: shape, requiresGrad: requiresGrad)
        precondition(
            values.count == count,
            "Tensor(shape: \(shape), values:): shape holds \(count) elements but \(values.count) were given")
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// A tensor filled with one value.
    public convenience init(repeating value: Float, shape: [Int], requiresGrad: Bool = false) {
        self.init(zeros: shape, requiresGrad: requiresGrad)
        storage.pointer.update(repeating: value, count: count)
    }

    /// A scalar (shape `[]`).
    public convenience init(scalar: Float) {
        self.init(shape: [], values: [scalar])
    }

    /// Wraps existing storage; used by operations to attach their backward rule.
    init(shape: [Int], storage: TensorStorage, gradientNode: GradientNode?) {
        precondition(
            shape.reduce(1, *) == storage.count,
            "Tensor: shape \(shape) does not match storage of \(storage.count) elements")
        self.shape = shape
        self.storage = storage
        self.gradientNode = gradientNode
        self.requiresGrad = gradientNode != nil
    }

    private static func checkShape(_ shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
    }

    /// Number of elements.
    public var count: Int { storage.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// The first element, for kernels.
    public var pointer: UnsafeMutablePointer<Float> { storage.pointer }
    /// A copy of the elements, row-major.
    public var values: [Float] { Array(storage.buffer) }
    /// The single element of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "Tensor.item: tensor of shape \(shape) has \(count) elements, not 1")
        return storage.pointer[0]
    }

    /// A tensor with the same values that records no history (PyTorch's `detach`).
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage, gradientNode: nil)
    }

    /// A deep copy that records no history.
    public func copy() -> Tensor {
        let result = Tensor(zeros: shape)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Overwrites the elements with those of `other` (same element count), outside autodiff.
    public func assign(_ other: Tensor) {
        precondition(
            other.count == count, "Tensor.assign: shape \(other.shape) into \(shape): element counts differ")
        pointer.update(from: other.pointer, count: count)
    }

    /// Sets every element to zero, outside autodiff.
    public func zero() {
        pointer.update(repeating: 0, count: count)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = values.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

/// Traps with `message` when a shape rule is broken. Shape errors are programming errors in the
/// network code; data from outside (files, configuration) is validated with thrown errors before
/// it reaches an operation.
@inline(__always)
func shapeCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { preconditionFailure(message()) }
}
