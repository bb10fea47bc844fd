/// The base of every layer and network: a tree of modules, each owning named parameters and buffers.
///
/// Semantics follow PyTorch's `torch.nn.Module` and mlx-swift's `MLXNN/Module.swift`: a subclass
/// lists its own trainable tensors in `parameters`, its non-trainable state (BatchNorm's
/// `running_mean`) in `buffers`, and its sub-modules in `children`, each under the explicit
/// checkpoint key the original authors used ("weight", "conv1", "0"). Keys are strings written
/// in the subclass, never derived from Swift property names, so a camelCase property can still
/// load a snake_case checkpoint.
///
/// ```swift
/// final class Affine: Module {
///     let weight: Tensor, bias: Tensor
///     override var parameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
/// }
/// ```
///
/// Recursive accessors produce dotted paths ("encoder.0.weight") in declaration order: a
/// module's own entries first, then each child's, as PyTorch's `named_parameters()` does.
open class Module {
    /// Whether the module is in training mode (dropout active, BatchNorm using batch statistics).
    /// New modules start in training mode, as in PyTorch. Change it with `train(_:)` or `eval()`,
    /// which reach every descendant.
    public private(set) var isTraining = true

    /// Creates a module in training mode.
    public init() {}

    /// This module's own trainable tensors, keyed by checkpoint name (no dots); children's are
    /// not included. Subclasses override; the default is none.
    open var parameters: [(String, Tensor)] { [] }

    /// This module's own non-trainable state saved in checkpoints (BatchNorm's `running_mean`,
    /// `running_var`), keyed by checkpoint name. Subclasses override; the default is none.
    open var buffers: [(String, Tensor)] { [] }

    /// The direct sub-modules, keyed by checkpoint name ("conv1", or "0", "1" for sequences).
    /// Subclasses override; the default is none.
    open var children: [(String, Module)] { [] }

    /// This module's own random streams (dropout masks), keyed by name, children's not included:
    /// what a training checkpoint saves so that a resumed run draws the masks an uninterrupted one
    /// would. A subclass that owns a generator overrides this and `setGenerator(_:named:)`; the
    /// default is none.
    open var generators: [(String, SeededGenerator)] { [] }

    /// Replaces this module's own stream `name` (one listed by `generators`).
    ///
    /// - Returns: false when the module has no stream of that name.
    open func setGenerator(_ generator: SeededGenerator, named name: String) -> Bool { false }

    /// Every trainable tensor in the tree with its dotted path, in declaration order.
    ///
    /// A tensor reachable under two paths (a shared weight) is listed once, under its first path,
    /// as in PyTorch, so an optimiser built from this list updates it once per step.
    public final func namedParameters() -> [(String, Tensor)] {
        unique(collect(\.parameters))
    }

    /// Every buffer in the tree with its dotted path, in declaration order, shared ones once.
    public final func namedBuffers() -> [(String, Tensor)] {
        unique(collect(\.buffers))
    }

    /// Every random stream in the tree with its dotted path ("transformer.layers.0.0.fn.attention"),
    /// in declaration order.
    public final func namedGenerators() -> [(String, SeededGenerator)] {
        var result = generators
        for (name, child) in children {
            result += child.namedGenerators().map { ("\(name).\($0.0)", $0.1) }
        }
        return result
    }

    /// Sets every stream of the tree from `saved` (as `namedGenerators()` lists them).
    ///
    /// - Throws: `TensorError.stateDictMismatch` naming each stream missing from `saved` or unknown to
    ///   the tree; then nothing is changed.
    public final func load(generators saved: [String: SeededGenerator]) throws {
        let own = namedGenerators().map(\.0)
        var problems = own.filter { saved[$0] == nil }.map { "missing random stream '\($0)'" }
        problems += Set(saved.keys).subtracting(own).sorted().map { "unused random stream '\($0)'" }
        guard problems.isEmpty else { throw TensorError.stateDictMismatch(problems: problems) }
        setGenerators(saved, prefix: "")
    }

    private func setGenerators(_ saved: [String: SeededGenerator], prefix: String) {
        for (name, _) in generators {
            let done = setGenerator(saved[prefix + name]!, named: name)
            precondition(done, "Module: \(type(of: self)) lists stream '\(name)' but cannot set it")
        }
        for (name, child) in children { child.setGenerators(saved, prefix: prefix + name + ".") }
    }

    /// Parameters and buffers by dotted path: what a checkpoint holds.
    ///
    /// The tensors are the module's own (not copies): read them to save, but load through
    /// `load(stateDict:)`. A shared tensor appears under every path, as in PyTorch's `state_dict()`.
    public final func stateDict() -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (key, tensor) in collect(\.parameters) + collect(\.buffers) {
            // Two entries under one path is a bug in a subclass's key lists, not a data problem. The update
            // stays outside the check: -Ounchecked release builds do not evaluate preconditions.
            let previous = result.updateValue(tensor, forKey: key)
            precondition(previous == nil, "Module: duplicate state dict key '\(key)'")
        }
        return result
    }

    /// Copies the values of `stateDict` into this module's parameters and buffers.
    ///
    /// Checks everything first, as mlx-swift's `update(parameters:verify:)` does with `.all`: no
    /// key unused by the model, every model key present, every shape equal. Every problem found is
    /// reported, one line each naming the key and both shapes, and if there is any, nothing is
    /// loaded, so a failed load never leaves a half-updated model.
    ///
    /// - Throws: `TensorError.stateDictMismatch(problems:)` listing every problem.
    public func load(stateDict: [String: Tensor]) throws {
        let model = collect(\.parameters) + collect(\.buffers)
        var problems: [String] = []
        var copies: [(into: Tensor, from: Tensor)] = []
        for (key, tensor) in model {
            guard let incoming = stateDict[key] else {
                problems.append("missing key '\(key)': the model expects shape \(tensor.shape)")
                continue
            }
            if incoming.shape != tensor.shape {
                problems.append(
                    "shape mismatch for '\(key)': the model has \(tensor.shape), the state dict has \(incoming.shape)")
            }
            copies.append((tensor, incoming))
        }
        let modelKeys = Set(model.map(\.0))
        for (key, tensor) in stateDict.sorted(by: { $0.key < $1.key }) where !modelKeys.contains(key) {
            problems.append("unused key '\(key)' (shape \(tensor.shape)): the model has no such tensor")
        }
        guard problems.isEmpty else { throw TensorError.stateDictMismatch(problems: problems) }
        for (destination, source) in copies { destination.assign(source) }
    }

    /// Sets training mode on this module and every descendant (PyTorch's `train(mode)`).
    public func train(_ on: Bool = true) {
        isTraining = on
        for (_, child) in children { child.train(on) }
    }

    /// Sets evaluation mode on this module and every descendant; same as `train(false)`.
    public func eval() {
        train(false)
    }

    /// The number of trainable scalars, each shared tensor counted once.
    public func parameterCount() -> Int {
        namedParameters().reduce(0) { $0 + $1.1.count }
    }

    /// Drops every parameter's gradient (`grad = nil`), as PyTorch's `zero_grad(set_to_none=True)`:
    /// the next `backward()` then allocates fresh gradients instead of adding to stale ones.
    public func zeroGrad() {
        for (_, parameter) in namedParameters() { parameter.grad = nil }
    }

    /// Every entry of `own` in the tree, with dotted paths, own entries before children's.
    private func collect(_ own: (Module) -> [(String, Tensor)]) -> [(String, Tensor)] {
        var result = own(self)
        for (name, child) in children {
            result += child.collect(own).map { ("\(name).\($0.0)", $0.1) }
        }
        return result
    }

    private func unique(_ entries: [(String, Tensor)]) -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        return entries.filter { seen.insert(ObjectIdentifier($0.1)).inserted }
    }
}
