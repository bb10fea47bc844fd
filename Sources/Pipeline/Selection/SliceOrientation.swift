import Foundation

/// The plane a series' slices lie in, classified from the slice normal n = row × column of
/// ImageOrientationPatient (0020,0037) in patient coordinates (LPS): within `toleranceDegrees` of the
/// z axis (feet–head) is axial, of y (anterior–posterior) coronal, of x (right–left) sagittal; anything
/// further from every axis is oblique (gantry-tilted CT, angled MR planning).
public enum SliceOrientation: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case axial
    case coronal
    case sagittal
    case oblique

    /// Largest angle between the slice normal and a patient axis for the slices to count as that
    /// axis' plane (10°; a tilt beyond it is what the geometry gate resamples).
    public static let toleranceDegrees = 10.0

    /// "axial", "coronal", "sagittal", "oblique".
    public var description: String { rawValue }
}

extension SliceOrientation: ConfigurationEnum {}

/// How a slice plane was classified: the class, the nearest patient-axis plane and the angle to it.
public struct PlaneClassification: Sendable, Hashable, CustomStringConvertible {
    /// The class (`oblique` when `degreesFromNearestPlane` exceeds `SliceOrientation.toleranceDegrees`).
    public let orientation: SliceOrientation
    /// The axial, coronal or sagittal plane closest to the slices.
    public let nearestPlane: SliceOrientation
    /// Angle between the slice normal and the nearest plane's normal, in degrees (0…54.7).
    public let degreesFromNearestPlane: Double

    /// Classifies the plane spanned by the row and column direction cosines; nil when they are
    /// parallel or not finite.
    public init?(row: SIMD3<Double>, column: SIMD3<Double>) {
        let normal = SIMD3(
            row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
            row.x * column.y - row.y * column.x)
        let length = (normal * normal).sum().squareRoot()
        guard length.isFinite, length > 1e-6 else { return nil }
        let cosines = SIMD3(abs(normal.x), abs(normal.y), abs(normal.z)) / length
        let axis = cosines.z >= cosines.x && cosines.z >= cosines.y ? 2 : (cosines.y >= cosines.x ? 1 : 0)
        nearestPlane = [SliceOrientation.sagittal, .coronal, .axial][axis]
        degreesFromNearestPlane = acos(min(1, cosines[axis])) * 180 / .pi
        orientation = degreesFromNearestPlane <= SliceOrientation.toleranceDegrees ? nearestPlane : .oblique
    }

    /// "axial", "axial (3.2° off)", "oblique (18.5° from axial)".
    public var description: String {
        let angle = String(format: "%.1f°", degreesFromNearestPlane)
        if orientation == .oblique { return "oblique (\(angle) from \(nearestPlane))" }
        return degreesFromNearestPlane < 0.05 ? orientation.rawValue : "\(orientation) (\(angle) off)"
    }
}
