/// What a learning-rate scheduler needs from an optimiser.
public protocol Optimizer: AnyObject {
    /// The learning rate the next `step()` uses.
    var learningRate: Float { get set }
    /// Updates every parameter that has a gradient.
    func step()
    /// Drops every parameter's gradient (`grad = nil`).
    func zeroGrad()
}
