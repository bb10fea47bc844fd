import CDCMTK
import Foundation

/// One parsed DICOM file (Part 10 or a raw dataset), read through DCMTK by the `CDCMTK` shim
/// (`msl_dcm.h`). The instance owns the shim's handle and frees it in `deinit`.
///
/// Opening parses every attribute; values over 4 KiB (Pixel Data) stay on disk and are read when
/// `pixels(frame:)` first needs them, so the file must not change while the instance lives.
/// An instance is not thread-safe; open one per task to read files concurrently.
public final class DICOMFile {
    /// The file's path, as given; every error names it.
    public let path: String
    /// The limits checked before any allocation that depends on the file's header.
    public let limits: ReadingLimits
    private let handle: msl_dcm_file

    /// Parses the file at `path`.
    ///
    /// - Throws: `.limitExceeded` for a file larger than `limits.maxFileBytes`; `.unreadable` for an empty,
    ///   truncated or non-DICOM file (the reason quotes DCMTK's parser); `.io` when it cannot be opened.
    ///   Calls `msl_dcm_file_open`.
    public init(path: String, limits: ReadingLimits = ReadingLimits()) throws(DICOMError) {
        self.path = path
        self.limits = limits
        var info = stat()
        if stat(path, &info) == 0, Int(info.st_size) > limits.maxFileBytes {
            throw .limitExceeded(
                path: path,
                reason: "file of \(info.st_size) bytes exceeds the limit of \(limits.maxFileBytes) "
                    + "(ReadingLimits.maxFileBytes)")
        }
        var opened = msl_dcm_file(ctx: nil)
        let (status, message) = Self.withErrorBuffer { msl_dcm_file_open(path, &opened, $0, $1) }
        guard status == Int32(MSL_DCM_OK) else {
            throw Self.error(status: status, message: message, path: path)
        }
        handle = opened
    }

    deinit {
        msl_dcm_file_free(handle)
    }

    // MARK: - Transfer syntax

    /// The transfer syntax UID the file was stored in: (0002,0010), or the one detected for a raw
    /// dataset. Calls `msl_dcm_file_transfer_syntax`.
    public func transferSyntaxUID() throws(DICOMError) -> String {
        try transferSyntax().uid
    }

    /// The transfer syntax UID and DCMTK's name for it, e.g. ("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless").
    public func transferSyntax() throws(DICOMError) -> (uid: String, name: String) {
        var name = [CChar](repeating: 0, count: 128)
        let uid = try fetchString(tag: nil) { out, capacity, length, error, errorCapacity in
            name.withUnsafeMutableBufferPointer {
                msl_dcm_file_transfer_syntax(
                    handle, out, capacity, length, $0.baseAddress, $0.count, error, errorCapacity)
            }
        }
        let nameText = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (uid ?? "", nameText)
    }

    // MARK: - Attributes

    /// Whether the attribute is present in the top-level dataset, even empty. Calls `msl_dcm_file_has`.
    public func contains(_ tag: AttributeTag) -> Bool {
        msl_dcm_file_has(handle, tag.group, tag.element) == 1
    }

    /// The number of values (0 when empty), or nil when absent. Calls `msl_dcm_file_value_count`.
    public func valueCount(_ tag: AttributeTag) throws(DICOMError) -> Int? {
        var count = 0
        let (status, message) = Self.withErrorBuffer {
            msl_dcm_file_value_count(handle, tag.group, tag.element, &count, $0, $1)
        }
        if status == Int32(MSL_DCM_ERROR_NOT_FOUND) { return nil }
        try check(status, message, tag: tag)
        return count
    }

    /// The whole value with its values joined by "\\" and padding trimmed, as UTF-8 (converted from
    /// Specific Character Set for text VRs); nil when absent or empty. Calls `msl_dcm_file_string`.
    public func string(_ tag: AttributeTag) throws(DICOMError) -> String? {
        let value = try fetchString(tag: tag) {
            msl_dcm_file_string(handle, tag.group, tag.element, -1, $0, $1, $2, $3, $4)
        }
        return value?.isEmpty == false ? value : nil
    }

    /// Each value, trimmed of padding; empty when absent or empty.
    public func strings(_ tag: AttributeTag) throws(DICOMError) -> [String] {
        guard let count = try valueCount(tag) else { return [] }
        var values: [String] = []
        for index in 0..<count {
            let value = try fetchString(tag: tag) {
                msl_dcm_file_string(handle, tag.group, tag.element, index, $0, $1, $2, $3, $4)
            }
            values.append(value ?? "")
        }
        return values
    }

    /// Every value as a number: DS and IS parsed strictly (padding allowed, anything else is an error),
    /// binary VRs (US, SS, UL, SL, FL, FD) as stored; empty when absent or empty. Calls `msl_dcm_file_float64`.
    ///
    /// - Throws: `.invalidAttribute` naming the tag when a value is not a finite number.
    public func doubles(_ tag: AttributeTag) throws(DICOMError) -> [Double] {
        guard let count = try valueCount(tag) else { return [] }
        var values: [Double] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            var value = 0.0
            let (status, message) = Self.withErrorBuffer {
                msl_dcm_file_float64(handle, tag.group, tag.element, index, &value, $0, $1)
            }
            try check(status, message, tag: tag)
            values.append(value)
        }
        return values
    }

    /// Every value as an integer: IS strictly, US/SS/UL/SL, DS only when integral; empty when absent or
    /// empty. Calls `msl_dcm_file_int64`.
    public func integers(_ tag: AttributeTag) throws(DICOMError) -> [Int] {
        guard let count = try valueCount(tag) else { return [] }
        var values: [Int] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            var value: Int64 = 0
            let (status, message) = Self.withErrorBuffer {
                msl_dcm_file_int64(handle, tag.group, tag.element, index, &value, $0, $1)
            }
            try check(status, message, tag: tag)
            values.append(Int(value))
        }
        return values
    }

    /// The number of items of a top-level sequence, or nil when absent. Calls `msl_dcm_file_item_count`.
    public func itemCount(_ sequence: AttributeTag) throws(DICOMError) -> Int? {
        var count = 0
        let (status, message) = Self.withErrorBuffer {
            msl_dcm_file_item_count(handle, sequence.group, sequence.element, &count, $0, $1)
        }
        if status == Int32(MSL_DCM_ERROR_NOT_FOUND) { return nil }
        try check(status, message, tag: sequence)
        return count
    }

    /// The whole value of `tag` in item `item` (from 0) of a top-level sequence; nil when absent or empty.
    /// Calls `msl_dcm_file_item_string`.
    public func string(_ tag: AttributeTag, inItem item: Int, of sequence: AttributeTag) throws(DICOMError) -> String? {
        let value = try fetchString(tag: tag) {
            msl_dcm_file_item_string(
                handle, sequence.group, sequence.element, item, tag.group, tag.element, -1, $0, $1, $2, $3, $4)
        }
        return value?.isEmpty == false ? value : nil
    }

    // MARK: - Pixels

    /// The facts of Pixel Data (7FE0,0010) needed to validate it before decoding.
    public struct PixelDataInfo: Sendable, Equatable {
        /// Pixel Data is present.
        public var isPresent: Bool
        /// Stored as compressed fragments.
        public var isEncapsulated: Bool
        /// This DCMTK can decode the transfer syntax.
        public var isDecodable: Bool
        /// Native: the value length in bytes; encapsulated: 0.
        public var length: Int
        /// Encapsulated: the number of fragments, offset table excluded; native: 0.
        public var fragments: Int
    }

    /// Pixel Data's presence, encoding and length, without decoding. Calls `msl_dcm_file_pixel_info`.
    public func pixelDataInfo() throws(DICOMError) -> PixelDataInfo {
        var info = msl_dcm_pixel_info()
        let (status, message) = Self.withErrorBuffer { msl_dcm_file_pixel_info(handle, &info, $0, $1) }
        try check(status, message, tag: nil)
        return PixelDataInfo(
            isPresent: info.present != 0, isEncapsulated: info.encapsulated != 0, isDecodable: info.decodable != 0,
            length: Int(info.length), fragments: Int(info.fragments))
    }

    /// The modality LUT of `frame`: Rescale Slope and Intercept of this file (top level, else its functional
    /// groups), or nil when none is present. Calls `msl_dcm_file_rescale`.
    public func rescale(frame: Int = 0) throws(DICOMError) -> (slope: Double, intercept: Double)? {
        var slope = 1.0
        var intercept = 0.0
        var found: Int32 = 0
        let (status, message) = Self.withErrorBuffer {
            msl_dcm_file_rescale(handle, UInt32(clamping: frame), &slope, &intercept, &found, $0, $1)
        }
        try check(status, message, tag: AttributeTag.rescaleSlope)
        return found != 0 ? (slope, intercept) : nil
    }

    /// Frame `frame` (from 0) as Rows × Columns Float32 modality values, row-major: stored value ×
    /// Rescale Slope + Rescale Intercept of this file, so Hounsfield units for CT. MONOCHROME1 is not
    /// inverted (it describes display, not meaning). Calls `msl_dcm_file_pixels_float`.
    ///
    /// - Throws: `.limitExceeded` when the header exceeds `limits`; `.undecodablePixels` when Pixel Data is
    ///   absent, has the wrong length, or its transfer syntax has no decoder (the reason names the UID).
    public func pixels(frame: Int = 0) throws(DICOMError) -> [Float] {
        try decode(frame: frame, modalityLUT: true)
    }

    /// Frame `frame` as the stored values (masked to Bits Stored, sign-extended when Pixel Representation
    /// is 1) without the modality LUT. Calls `msl_dcm_file_stored_pixels_float`.
    public func storedValues(frame: Int = 0) throws(DICOMError) -> [Float] {
        try decode(frame: frame, modalityLUT: false)
    }

    /// Decodes frame `frame` into `buffer` (Rows × Columns floats), e.g. a slice of a volume being assembled.
    public func readPixels(
        frame: Int, into buffer: UnsafeMutableBufferPointer<Float>, modalityLUT: Bool = true
    ) throws(DICOMError) {
        let layout = try validatedPixelLayout()
        guard frame >= 0, frame < layout.frames else {
            throw .undecodablePixels(
                path: path, reason: "frame \(frame) requested, the file has \(layout.frames) (frames count from 0)")
        }
        guard buffer.count == layout.rows * layout.columns, let base = buffer.baseAddress else {
            throw .undecodablePixels(
                path: path, reason: "output holds \(buffer.count) floats, a frame has \(layout.rows * layout.columns)")
        }
        let (status, message) = Self.withErrorBuffer {
            modalityLUT
                ? msl_dcm_file_pixels_float(handle, UInt32(frame), base, buffer.count, $0, $1)
                : msl_dcm_file_stored_pixels_float(handle, UInt32(frame), base, buffer.count, $0, $1)
        }
        switch status {
        case Int32(MSL_DCM_OK): return
        case Int32(MSL_DCM_ERROR_IO), Int32(MSL_DCM_ERROR_INTERNAL):
            throw Self.error(status: status, message: message, path: path)
        default: throw .undecodablePixels(path: path, reason: message)
        }
    }

    private func decode(frame: Int, modalityLUT: Bool) throws(DICOMError) -> [Float] {
        let layout = try validatedPixelLayout()
        var values = [Float](repeating: 0, count: layout.rows * layout.columns)
        var failure: DICOMError?
        values.withUnsafeMutableBufferPointer { buffer in
            do throws(DICOMError) {
                try readPixels(frame: frame, into: buffer, modalityLUT: modalityLUT)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return values
    }

    // MARK: - Calling the shim

    /// Runs `body` with a 1 KiB error buffer and returns its status and the message it wrote.
    static func withErrorBuffer(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> (Int32, String) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 1024) { buffer in
            let base = buffer.baseAddress!
            base.initialize(to: 0)
            let status = body(base, buffer.count)
            return (status, status == Int32(MSL_DCM_OK) ? "" : String(cString: base))
        }
    }

    /// Runs a string getter with a 256-byte buffer, then once more with the size it asked for; nil when the
    /// attribute is absent. Bytes that are not UTF-8 become U+FFFD.
    private func fetchString(
        tag: AttributeTag?,
        _ get: (UnsafeMutablePointer<CChar>, Int, UnsafeMutablePointer<Int>, UnsafeMutablePointer<CChar>, Int) -> Int32
    ) throws(DICOMError) -> String? {
        var capacity = 256
        for _ in 0..<2 {
            var length = 0
            var text: String?
            let (status, message) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { out in
                Self.withErrorBuffer { error, errorCapacity in
                    let status = get(out.baseAddress!, out.count, &length, error, errorCapacity)
                    if status == Int32(MSL_DCM_OK) {
                        text = String(
                            decoding: UnsafeRawBufferPointer(start: out.baseAddress!, count: length), as: UTF8.self)
                    }
                    return status
                }
            }
            if status == Int32(MSL_DCM_ERROR_NOT_FOUND) { return nil }
            if status == Int32(MSL_DCM_ERROR_BUFFER) {
                capacity = length + 1
                continue
            }
            try check(status, message, tag: tag)
            return text
        }
        throw .unreadable(path: path, reason: "a value changed size between two reads")
    }

    private func check(_ status: Int32, _ message: String, tag: AttributeTag?) throws(DICOMError) {
        if status == Int32(MSL_DCM_OK) { return }
        throw Self.error(status: status, message: message, path: path, tag: tag)
    }

    /// The `DICOMError` for a shim status: parse failures are `.unreadable`, I/O failures `.io`, bad values
    /// `.invalidAttribute` (the tag once, not repeated in the reason), pixel failures `.undecodablePixels`.
    static func error(status: Int32, message: String, path: String, tag: AttributeTag? = nil) -> DICOMError {
        switch status {
        case Int32(MSL_DCM_ERROR_IO): return .io(path: path, reason: message)
        case Int32(MSL_DCM_ERROR_UNREADABLE): return .unreadable(path: path, reason: message)
        case Int32(MSL_DCM_ERROR_PIXELS), Int32(MSL_DCM_ERROR_UNSUPPORTED):
            return .undecodablePixels(path: path, reason: message)
        case Int32(MSL_DCM_ERROR_NOT_FOUND), Int32(MSL_DCM_ERROR_VALUE), Int32(MSL_DCM_ERROR_ARGUMENT):
            if let tag {
                var reason = Substring(message)
                if reason.hasPrefix(tag.number), let colon = reason.firstIndex(of: ":") {
                    reason = reason[reason.index(after: colon)...].drop(while: { $0 == " " })
                }
                return .invalidAttribute(path: path, tag: tag.description, reason: String(reason))
            }
            return .unreadable(path: path, reason: message)
        default:
            return .unreadable(path: path, reason: "internal error in the DCMTK shim (status \(status)): \(message)")
        }
    }
}
