/// Who msl is in the DICOM it writes: the default DeviceUID stamped into Contributing Equipment
/// Sequence (0018,A001) of every output, which the series index uses to skip our own outputs
/// when they reach an inbox again (`clinical-conventions.md` §7). A site running several msl
/// installations may configure one DeviceUID per installation; both sides must use the same.
public enum MSLIdentity {
    /// `2.25` + a fixed 128-bit number chosen once for this product (never change it: outputs
    /// already in PACS carry it).
    public static let deviceUID = "2.25.283017439115239911765128440146203658421"

    /// The software version: `msl --version`, every output's Software Versions and UIDs, reports and model cards.
    public static let softwareVersion = "0.1.0"
}
