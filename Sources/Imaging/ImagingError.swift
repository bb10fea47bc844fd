/// Every way the `Imaging` target rejects its input.
///
/// Bad input throws one of these; only broken internal invariants trap. Each `description` says
/// what failed, with the offending values, and how to fix it.
public enum ImagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A grid extent is not positive (every axis needs at least one sample).
    case invalidSize([Int])
    /// A spacing is not a finite positive number of millimetres.
    case invalidSpacing([Double])
    /// An origin or translation has a non-finite component.
    case nonFiniteCoordinates([Double])
    /// The direction matrix is degenerate or not orthonormal; `reason` names the failing check.
    case invalidDirection(reason: String)
    /// A pixel or voxel buffer does not hold exactly one value per grid point.
    case countMismatch(expected: Int, actual: Int, what: String)
    /// Two images (or an image and a mask) that must share a size do not.
    case sizeMismatch(expected: [Int], actual: [Int], what: String)
    /// An image is smaller than an operation's window.
    case imageTooSmall(minimum: [Int], actual: [Int], what: String)
    /// A mask selects no pixel, so there is nothing to average.
    case emptyMask
    /// A slice index outside `0..<count`.
    case sliceOutOfRange(index: Int, count: Int)
    /// An affine transform whose matrix cannot be inverted.
    case singularTransform(determinant: Double)
    /// Two geometries differ by more than the tolerance; `reason` names the first difference.
    case incongruentGeometry(reason: String)
    /// A parameter outside its valid range.
    case invalidParameter(name: String, value: String, expected: String)

    /// What failed, with the values, and how to fix it.
    public var description: String {
        switch self {
        case .invalidSize(let size):
            return "invalid size \(size): every axis needs at least one sample; pass positive extents"
        case .invalidSpacing(let spacing):
            return "invalid spacing \(spacing) mm: every spacing must be finite and > 0; check the pixel spacing tags"
        case .nonFiniteCoordinates(let values):
            return "non-finite coordinates \(values): origins and translations must be finite millimetres"
        case .invalidDirection(let reason):
            return "invalid direction matrix: \(reason); its columns must be orthonormal unit vectors in LPS"
        case .countMismatch(let expected, let actual, let what):
            return "\(what): expected \(expected) values (one per grid point), got \(actual)"
        case .sizeMismatch(let expected, let actual, let what):
            return "\(what): size \(actual) does not match \(expected); resample onto a common grid first"
        case .imageTooSmall(let minimum, let actual, let what):
            return "\(what): image \(actual) is smaller than the minimum \(minimum); use a larger image or window"
        case .emptyMask:
            return "the mask selects no pixel; pass a mask with at least one true entry or no mask"
        case .sliceOutOfRange(let index, let count):
            return "slice \(index) is outside 0..<\(count)"
        case .singularTransform(let determinant):
            return "affine matrix is singular (determinant \(determinant)) and cannot be inverted"
        case .incongruentGeometry(let reason):
            return "geometries are not congruent: \(reason); resample one onto the other's grid first"
        case .invalidParameter(let name, let value, let expected):
            return "invalid \(name) = \(value): expected \(expected)"
        }
    }
}
