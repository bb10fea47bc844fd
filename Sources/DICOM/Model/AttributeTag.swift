import Foundation

/// A DICOM attribute named the way findings and split reasons print it: "(0020,0032) ImagePositionPatient".
///
/// The index's and gate's tags are documented below; the rest of the catalogue is in
/// `AttributeTag+Catalogue.swift`. Encoded in JSON
/// as `{"tag": "(0020,0032)", "keyword": "ImagePositionPatient"}` so `reason.json` reads like a dump.
public struct AttributeTag: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Group number (gggg).
    public let group: UInt16
    /// Element number (eeee).
    public let element: UInt16
    /// The DICOM keyword (PS3.6), e.g. "ImagePositionPatient".
    public let keyword: String

    /// A tag from its numbers and keyword.
    public init(group: UInt16, element: UInt16, keyword: String) {
        self.group = group
        self.element = element
        self.keyword = keyword
    }

    /// "(gggg,eeee)" in upper-case hexadecimal.
    public var number: String { "(\(Self.hex(group)),\(Self.hex(element)))" }

    /// "(gggg,eeee) Keyword".
    public var description: String { "\(number) \(keyword)" }

    private static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    enum CodingKeys: String, CodingKey {
        case tag
        case keyword
    }

    /// Decodes `{"tag": "(gggg,eeee)", "keyword": …}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .tag)
        let parts = text.trimmingCharacters(in: ["(", ")"]).split(separator: ",")
        guard parts.count == 2, let group = UInt16(parts[0], radix: 16), let element = UInt16(parts[1], radix: 16)
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .tag, in: c, debugDescription: "expected \"(gggg,eeee)\" in hexadecimal, got \"\(text)\"")
        }
        self.init(group: group, element: element, keyword: try c.decode(String.self, forKey: .keyword))
    }

    /// Encodes `{"tag": "(gggg,eeee)", "keyword": …}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .tag)
        try c.encode(keyword, forKey: .keyword)
    }
}

extension AttributeTag {
    /// (0008,0008) ImageType.
    public static let imageType = AttributeTag(group: 0x0008, element: 0x0008, keyword: "ImageType")
    /// (0018,0086) EchoNumbers.
    public static let echoNumbers = AttributeTag(group: 0x0018, element: 0x0086, keyword: "EchoNumbers")
    /// (0018,1002) DeviceUID (inside ContributingEquipmentSequence).
    public static let deviceUID = AttributeTag(group: 0x0018, element: 0x1002, keyword: "DeviceUID")
    /// (0018,1120) GantryDetectorTilt.
    public static let gantryDetectorTilt = AttributeTag(group: 0x0018, element: 0x1120, keyword: "GantryDetectorTilt")
    /// (0020,0012) AcquisitionNumber.
    public static let acquisitionNumber = AttributeTag(group: 0x0020, element: 0x0012, keyword: "AcquisitionNumber")
    /// (0020,0013) InstanceNumber.
    public static let instanceNumber = AttributeTag(group: 0x0020, element: 0x0013, keyword: "InstanceNumber")
    /// (0020,0032) ImagePositionPatient.
    public static let imagePositionPatient = AttributeTag(
        group: 0x0020, element: 0x0032, keyword: "ImagePositionPatient")
    /// (0020,0037) ImageOrientationPatient.
    public static let imageOrientationPatient = AttributeTag(
        group: 0x0020, element: 0x0037, keyword: "ImageOrientationPatient")
    /// (0020,0052) FrameOfReferenceUID.
    public static let frameOfReferenceUID = AttributeTag(group: 0x0020, element: 0x0052, keyword: "FrameOfReferenceUID")
    /// (0020,0100) TemporalPositionIdentifier.
    public static let temporalPositionIdentifier = AttributeTag(
        group: 0x0020, element: 0x0100, keyword: "TemporalPositionIdentifier")
    /// (0028,0008) NumberOfFrames.
    public static let numberOfFrames = AttributeTag(group: 0x0028, element: 0x0008, keyword: "NumberOfFrames")
    /// (0028,0010) Rows.
    public static let rows = AttributeTag(group: 0x0028, element: 0x0010, keyword: "Rows")
    /// (0028,0011) Columns.
    public static let columns = AttributeTag(group: 0x0028, element: 0x0011, keyword: "Columns")
    /// (0028,0030) PixelSpacing.
    public static let pixelSpacing = AttributeTag(group: 0x0028, element: 0x0030, keyword: "PixelSpacing")
    /// (0028,0100) BitsAllocated.
    public static let bitsAllocated = AttributeTag(group: 0x0028, element: 0x0100, keyword: "BitsAllocated")
    /// (0028,0101) BitsStored.
    public static let bitsStored = AttributeTag(group: 0x0028, element: 0x0101, keyword: "BitsStored")
    /// (0028,0103) PixelRepresentation.
    public static let pixelRepresentation = AttributeTag(group: 0x0028, element: 0x0103, keyword: "PixelRepresentation")
    /// (0028,1052) RescaleIntercept.
    public static let rescaleIntercept = AttributeTag(group: 0x0028, element: 0x1052, keyword: "RescaleIntercept")
    /// (0028,1053) RescaleSlope.
    public static let rescaleSlope = AttributeTag(group: 0x0028, element: 0x1053, keyword: "RescaleSlope")
    /// (0028,1054) RescaleType.
    public static let rescaleType = AttributeTag(group: 0x0028, element: 0x1054, keyword: "RescaleType")
}

extension AttributeTag {
    /// (0018,0050) SliceThickness.
    public static let sliceThickness = AttributeTag(group: 0x0018, element: 0x0050, keyword: "SliceThickness")
}
