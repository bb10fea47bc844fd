import Imaging

/// Where a head lies in a scanner: patient coordinates p = R·(a − centre) + translation for a point a in
/// the subject's anatomy, R = Rz·Rx·Ry of the three angles (ITK's Euler ZXY, `Matrix3.rotation`).
public struct RigidPose: Sendable, Codable, Equatable {
    /// Rotation angles about the patient x (pitch, nodding), y (roll) and z (yaw) axes, degrees.
    public var anglesDegrees: SIMD3<Double>
    /// Where the anatomy's centre lands in patient coordinates (mm).
    public var translationMM: SIMD3<Double>

    public init(anglesDegrees: SIMD3<Double>, translationMM: SIMD3<Double>) {
        self.anglesDegrees = anglesDegrees
        self.translationMM = translationMM
    }

    /// The anatomy point → patient coordinates map: R about `centre`, then `centre` moved to the translation.
    public func anatomyToPatient(centre: SIMD3<Double>) -> AffineTransform {
        AffineTransform(
            eulerAnglesRadians: anglesDegrees * (.pi / 180), translationMM: translationMM - centre, centerMM: centre)
    }
}
