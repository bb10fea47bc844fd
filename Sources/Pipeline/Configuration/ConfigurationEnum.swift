import DICOM
import Physics

/// A configuration value that is one of a fixed set of words (an enum with String raw values): a file
/// giving any other word gets a problem listing `allowedValues`.
protocol ConfigurationEnum {
    /// Every value the file may give, in declaration order.
    static var allowedValues: [String] { get }
}

extension ConfigurationEnum where Self: CaseIterable & RawRepresentable, RawValue == String {
    static var allowedValues: [String] { allCases.map(\.rawValue) }
}

extension SensorSimulation.Beam: ConfigurationEnum {}
extension KSpaceMask.Kind: ConfigurationEnum {}
extension GeometryPolicy: ConfigurationEnum {}
