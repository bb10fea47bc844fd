import Imaging

/// Every way the `Registration` target rejects its input or reports a failed registration.
///
/// Bad input throws one of these; only broken internal invariants trap. Each `description` says what
/// failed, with the values, and how to fix it.
public enum RegistrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration is invalid; `problems` lists every failed check at once.
    case invalidConfiguration(problems: [String])
    /// An image (at some pyramid level) has too few voxels along an axis to be registered.
    case imageTooSmall(which: String, size: [Int], minimum: Int)
    /// An image holds a single value (or non-finite values only), so mutual information is undefined.
    case constantImage(which: String, value: Float)
    /// An image holds NaN or ±∞.
    case nonFiniteIntensity(which: String)
    /// Too few fixed sample points map inside the moving image.
    case insufficientOverlap(level: Int, validSamples: Int, required: Int)
    /// The quality guard rejected the result; `reasons` lists every failed check.
    case qualityCheckFailed(reasons: [String])

    /// What failed, with the values, and how to fix it.
    public var description: String {
        switch self {
        case .invalidConfiguration(let problems):
            return "invalid registration configuration: " + problems.joined(separator: "; ")
        case .imageTooSmall(let which, let size, let minimum):
            return "\(which) image of size \(size) is too small: every axis needs ≥ \(minimum) voxels at every "
                + "pyramid level; use smaller shrink factors or a larger image"
        case .constantImage(let which, let value):
            return "\(which) image is constant (every voxel \(value)): mutual information needs intensity "
                + "variation; check that the right series was loaded"
        case .nonFiniteIntensity(let which):
            return "\(which) image holds NaN or infinite voxels; replace them before registering"
        case .insufficientOverlap(let level, let valid, let required):
            return "at pyramid level \(level) only \(valid) fixed samples map inside the moving image "
                + "(\(required) required): the images do not overlap; check the initialisation and the "
                + "frames of reference"
        case .qualityCheckFailed(let reasons):
            return "registration failed the quality guard: " + reasons.joined(separator: "; ")
                + "; inspect the images or relax RegistrationConfiguration.qualityGuard"
        }
    }
}
