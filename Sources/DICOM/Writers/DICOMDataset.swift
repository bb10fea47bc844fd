import CDCMTK
import Foundation

/// A DICOM dataset being built for writing, through the writing half of the `CDCMTK` shim
/// (`msl_dcm_dataset_*` in `msl_dcm.h`). The instance owns the shim's handle and frees it in `deinit`.
///
/// Values are set one attribute at a time, at the top level or inside sequence items addressed by an
/// `ItemPath`; the VR of text attributes comes from DCMTK's dictionary and each value is checked against
/// it (length, characters, VM) as it is set. Text is passed as bytes of the dataset's Specific Character
/// Set, encoded by `DICOMTextEncoding` (the shim converts nothing). Not thread-safe.
final class DICOMDataset {
    /// Where an attribute lives: the top level, or an item nested in sequences.
    struct ItemPath: Sendable, Equatable {
        /// Each step: a sequence and an item of it (from 0).
        var steps: [(sequence: AttributeTag, item: Int)]

        /// The top level of the dataset.
        static let root = ItemPath(steps: [])

        /// The item `item` of `sequence` inside this item.
        func appending(_ sequence: AttributeTag, item: Int) -> ItemPath {
            ItemPath(steps: steps + [(sequence, item)])
        }

        static func == (a: ItemPath, b: ItemPath) -> Bool {
            a.steps.count == b.steps.count
                && zip(a.steps, b.steps).allSatisfy { $0.sequence == $1.sequence && $0.item == $1.item }
        }

        /// Runs `body` with the path as C steps.
        func withSteps<R>(_ body: (UnsafePointer<msl_dcm_item_step>?, Int) -> R) -> R {
            let c = steps.map {
                msl_dcm_item_step(group: $0.sequence.group, element: $0.sequence.element, item: UInt32($0.item))
            }
            return c.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
        }
    }

    /// What errors name as the file: the path being written, or "(dataset)" before there is one.
    let label: String
    /// How text values are turned into bytes (the copied Specific Character Set decides).
    var encoding: DICOMTextEncoding
    private let handle: msl_dcm_dataset

    /// An empty dataset. Calls `msl_dcm_dataset_new`.
    init(label: String, encoding: DICOMTextEncoding = .ascii) throws(DICOMError) {
        self.label = label
        self.encoding = encoding
        var made = msl_dcm_dataset(ctx: nil)
        let (status, message) = DICOMFile.withErrorBuffer { msl_dcm_dataset_new(&made, $0, $1) }
        guard status == Int32(MSL_DCM_OK) else { throw .writeFailed(path: label, reason: message) }
        handle = made
    }

    /// Every attribute of the file at `path`, loaded into memory to read nested values back (tests and
    /// self-checks). Calls `msl_dcm_dataset_load`.
    init(contentsOf path: String) throws(DICOMError) {
        label = path
        encoding = .utf8
        var made = msl_dcm_dataset(ctx: nil)
        let (status, message) = DICOMFile.withErrorBuffer { msl_dcm_dataset_load(path, &made, $0, $1) }
        guard status == Int32(MSL_DCM_OK) else { throw DICOMFile.error(status: status, message: message, path: path) }
        handle = made
    }

    deinit {
        msl_dcm_dataset_free(handle)
    }

    // MARK: - Sequences

    /// Appends an empty item to `sequence` in the item at `path` (creating the sequence) and returns the
    /// new item's path. Calls `msl_dcm_dataset_add_item`.
    @discardableResult
    func addItem(_ sequence: AttributeTag, in path: ItemPath = .root) throws(DICOMError) -> ItemPath {
        var index = 0
        try call(sequence) { error, capacity in
            path.withSteps { steps, depth in
                msl_dcm_dataset_add_item(
                    handle, steps, depth, sequence.group, sequence.element, &index, error, capacity)
            }
        }
        return path.appending(sequence, item: index)
    }

    /// Inserts `sequence` with no items (a Type 2 sequence left empty) unless present.
    /// Calls `msl_dcm_dataset_add_sequence`.
    func addEmptySequence(_ sequence: AttributeTag, in path: ItemPath = .root) throws(DICOMError) {
        try call(sequence) { error, capacity in
            path.withSteps { steps, depth in
                msl_dcm_dataset_add_sequence(handle, steps, depth, sequence.group, sequence.element, error, capacity)
            }
        }
    }

    // MARK: - Values

    /// Sets a text attribute to `values` joined by "\\" (one empty string gives an empty value), encoded
    /// with `encoding`. Calls `msl_dcm_dataset_set_string`.
    ///
    /// - Throws: `.writeFailed` when a value cannot be encoded in the character set or DCMTK rejects it
    ///   for its VR or VM.
    func set(_ tag: AttributeTag, _ values: [String], in path: ItemPath = .root) throws(DICOMError) {
        let joined = values.joined(separator: "\\")
        guard var bytes = encoding.encode(joined) else {
            throw .writeFailed(
                path: label, reason: "\(tag.description): '\(joined)' cannot be encoded in \(encoding.description)")
        }
        bytes.append(0)
        try call(tag) { error, capacity in
            path.withSteps { steps, depth in
                bytes.withUnsafeBufferPointer { value in
                    value.withMemoryRebound(to: CChar.self) { text in
                        msl_dcm_dataset_set_string(
                            handle, steps, depth, tag.group, tag.element, text.baseAddress, error, capacity)
                    }
                }
            }
        }
    }

    /// Sets a text attribute of one value.
    func set(_ tag: AttributeTag, _ value: String, in path: ItemPath = .root) throws(DICOMError) {
        try set(tag, [value], in: path)
    }

    /// Sets a DS attribute, each value formatted by `DICOMNumber.decimalString`.
    func set(_ tag: AttributeTag, decimals: [Double], in path: ItemPath = .root) throws(DICOMError) {
        var texts: [String] = []
        for value in decimals {
            guard let text = DICOMNumber.decimalString(value) else {
                throw .writeFailed(path: label, reason: "\(tag.description): \(value) is not a finite decimal")
            }
            texts.append(text)
        }
        try set(tag, texts, in: path)
    }

    /// Sets a binary integer attribute (US, SS, UL, SL or AT; `vr` for an ambiguous dictionary VR).
    /// Calls `msl_dcm_dataset_set_integers`.
    func set(_ tag: AttributeTag, integers: [Int], vr: String? = nil, in path: ItemPath = .root) throws(DICOMError) {
        let values = integers.map { Int64($0) }
        try call(tag) { error, capacity in
            path.withSteps { steps, depth in
                values.withUnsafeBufferPointer { buffer in
                    if let vr {
                        return msl_dcm_dataset_set_integers(
                            handle, steps, depth, tag.group, tag.element, vr, buffer.baseAddress, buffer.count, error,
                            capacity)
                    }
                    return msl_dcm_dataset_set_integers(
                        handle, steps, depth, tag.group, tag.element, nil, buffer.baseAddress, buffer.count, error,
                        capacity)
                }
            }
        }
    }

    /// Sets an AT attribute to the given tags.
    func set(_ tag: AttributeTag, tags: [AttributeTag], in path: ItemPath = .root) throws(DICOMError) {
        try set(tag, integers: tags.map { Int($0.group) << 16 | Int($0.element) }, in: path)
    }

    /// Sets an FL or FD attribute. Calls `msl_dcm_dataset_set_floats`.
    func set(_ tag: AttributeTag, floats: [Double], in path: ItemPath = .root) throws(DICOMError) {
        try call(tag) { error, capacity in
            path.withSteps { steps, depth in
                floats.withUnsafeBufferPointer { buffer in
                    msl_dcm_dataset_set_floats(
                        handle, steps, depth, tag.group, tag.element, buffer.baseAddress, buffer.count, error, capacity)
                }
            }
        }
    }

    /// Sets a bulk attribute (OB, OW, OL, OF, OD) from the raw host-order bytes of `values` (UInt8 for OB,
    /// UInt16 for OW, Float for OF, …); `vr` for an ambiguous dictionary VR (Pixel Data).
    /// Calls `msl_dcm_dataset_set_bytes`.
    func set<Element: BitwiseCopyable>(
        _ tag: AttributeTag, values: [Element], vr: String? = nil, in path: ItemPath = .root
    ) throws(DICOMError) {
        let (status, message) = values.withUnsafeBytes { bytes in
            path.withSteps { steps, depth in
                DICOMFile.withErrorBuffer { error, capacity in
                    guard let vr else {
                        return msl_dcm_dataset_set_bytes(
                            handle, steps, depth, tag.group, tag.element, nil, bytes.baseAddress, bytes.count, error,
                            capacity)
                    }
                    return msl_dcm_dataset_set_bytes(
                        handle, steps, depth, tag.group, tag.element, vr, bytes.baseAddress, bytes.count, error,
                        capacity)
                }
            }
        }
        try check(status, message, tag)
    }

    /// Copies `tags` verbatim from the top level of `source` into the item at `path` and returns those
    /// that were present there. Calls `msl_dcm_dataset_copy_from_file`.
    @discardableResult
    func copy(_ tags: [AttributeTag], from source: CopySource, into path: ItemPath = .root) throws(DICOMError)
        -> Set<AttributeTag>
    {
        let packed = tags.map { UInt32($0.group) << 16 | UInt32($0.element) }
        var copied = [Int32](repeating: 0, count: tags.count)
        try call(nil) { error, capacity in
            path.withSteps { steps, depth in
                packed.withUnsafeBufferPointer { list in
                    copied.withUnsafeMutableBufferPointer { flags in
                        msl_dcm_dataset_copy_from_file(
                            handle, steps, depth, source.handle, list.baseAddress, list.count, flags.baseAddress, error,
                            capacity)
                    }
                }
            }
        }
        return Set(zip(tags, copied).filter { $0.1 != 0 }.map(\.0))
    }

    /// Whether the attribute is present (even empty) in the item at `path`. Calls `msl_dcm_dataset_has`.
    func contains(_ tag: AttributeTag, in path: ItemPath = .root) -> Bool {
        path.withSteps { steps, depth in msl_dcm_dataset_has(handle, steps, depth, tag.group, tag.element) == 1 }
    }

    // MARK: - Reading back

    /// The number of items of `sequence` in the item at `path`, or nil when absent.
    /// Calls `msl_dcm_dataset_item_count`.
    func itemCount(_ sequence: AttributeTag, in path: ItemPath = .root) throws(DICOMError) -> Int? {
        var count = 0
        let (status, message) = path.withSteps { steps, depth in
            DICOMFile.withErrorBuffer {
                msl_dcm_dataset_item_count(handle, steps, depth, sequence.group, sequence.element, &count, $0, $1)
            }
        }
        if status == Int32(MSL_DCM_ERROR_NOT_FOUND) { return nil }
        try check(status, message, sequence)
        return count
    }

    /// The whole text value (values joined by "\\", padding removed, bytes decoded as UTF-8), or nil when
    /// absent. Calls `msl_dcm_dataset_string`.
    func string(_ tag: AttributeTag, in path: ItemPath = .root) throws(DICOMError) -> String? {
        var capacity = 256
        for _ in 0..<2 {
            var length = 0
            var text: String?
            let (status, message) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { out in
                path.withSteps { steps, depth in
                    DICOMFile.withErrorBuffer {
                        let status = msl_dcm_dataset_string(
                            handle, steps, depth, tag.group, tag.element, out.baseAddress, out.count, &length, $0, $1)
                        if status == Int32(MSL_DCM_OK) {
                            text = String(
                                decoding: UnsafeRawBufferPointer(start: out.baseAddress!, count: length),
                                as: UTF8.self)
                        }
                        return status
                    }
                }
            }
            if status == Int32(MSL_DCM_ERROR_NOT_FOUND) { return nil }
            if status == Int32(MSL_DCM_ERROR_BUFFER) {
                capacity = length + 1
                continue
            }
            try check(status, message, tag)
            return text
        }
        throw .writeFailed(path: label, reason: "\(tag.description): the value changed size between two reads")
    }

    /// Value `index` of a numeric attribute (DS, IS, US, SS, UL, SL, FL, FD; AT as group << 16 | element),
    /// or nil when absent. Calls `msl_dcm_dataset_float64`.
    func double(_ tag: AttributeTag, index: Int = 0, in path: ItemPath = .root) throws(DICOMError) -> Double? {
        var value = 0.0
        let (status, message) = path.withSteps { steps, depth in
            DICOMFile.withErrorBuffer {
                msl_dcm_dataset_float64(handle, steps, depth, tag.group, tag.element, index, &value, $0, $1)
            }
        }
        if status == Int32(MSL_DCM_ERROR_NOT_FOUND) { return nil }
        try check(status, message, tag)
        return value
    }

    /// The raw host-order bytes of a bulk attribute (OB, OW, OL, OF, OD) as `Element`s, or nil when absent.
    /// Calls `msl_dcm_dataset_bytes`.
    func values<Element: BitwiseCopyable>(_ tag: AttributeTag, as type: Element.Type, in path: ItemPath = .root)
        throws(DICOMError) -> [Element]?
    {
        var length = 0
        let (probe, probeMessage) = path.withSteps { steps, depth in
            DICOMFile.withErrorBuffer {
                msl_dcm_dataset_bytes(handle, steps, depth, tag.group, tag.element, nil, 0, &length, $0, $1)
            }
        }
        if probe == Int32(MSL_DCM_ERROR_NOT_FOUND) { return nil }
        if probe != Int32(MSL_DCM_ERROR_BUFFER) { try check(probe, probeMessage, tag) }
        let count = length / MemoryLayout<Element>.stride
        var values = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            initialized = count
        }
        let (status, message) = values.withUnsafeMutableBytes { out in
            path.withSteps { steps, depth in
                DICOMFile.withErrorBuffer {
                    msl_dcm_dataset_bytes(
                        handle, steps, depth, tag.group, tag.element, out.baseAddress, out.count, &length, $0, $1)
                }
            }
        }
        try check(status, message, tag)
        return values
    }

    // MARK: - Saving

    /// Saves as Part 10, Explicit VR Little Endian, atomically (temporary name, fsync, rename, fsync of
    /// the folder), with msl's implementation identifiers in the meta header. Calls `msl_dcm_dataset_save`.
    ///
    /// - Throws: `.io` when the file system fails (may succeed later); `.writeFailed` otherwise.
    func save(to path: String) throws(DICOMError) {
        let (status, message) = DICOMFile.withErrorBuffer {
            msl_dcm_dataset_save(
                handle, path, DICOMImplementation.classUID, DICOMImplementation.versionName, $0, $1)
        }
        switch status {
        case Int32(MSL_DCM_OK): return
        case Int32(MSL_DCM_ERROR_IO): throw .io(path: path, reason: message)
        default: throw .writeFailed(path: path, reason: message)
        }
    }

    // MARK: - Calling the shim

    private func call(_ tag: AttributeTag?, _ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws(DICOMError) {
        let (status, message) = DICOMFile.withErrorBuffer(body)
        try check(status, message, tag)
    }

    private func check(_ status: Int32, _ message: String, _ tag: AttributeTag?) throws(DICOMError) {
        guard status != Int32(MSL_DCM_OK) else { return }
        if status == Int32(MSL_DCM_ERROR_IO) { throw .io(path: label, reason: message) }
        throw .writeFailed(path: label, reason: message)
    }
}

/// A source file opened for `DICOMDataset.copy`: its own reader handle (`msl_dcm_file_open`), freed in
/// `deinit`, so that attributes are copied byte for byte, Specific Character Set and all.
final class CopySource {
    let path: String
    fileprivate let handle: msl_dcm_file

    /// Parses the file at `path`. Calls `msl_dcm_file_open`.
    init(path: String) throws(DICOMError) {
        self.path = path
        var opened = msl_dcm_file(ctx: nil)
        let (status, message) = DICOMFile.withErrorBuffer { msl_dcm_file_open(path, &opened, $0, $1) }
        guard status == Int32(MSL_DCM_OK) else { throw DICOMFile.error(status: status, message: message, path: path) }
        handle = opened
    }

    deinit {
        msl_dcm_file_free(handle)
    }
}

/// msl's identity in the File Meta Information of every file it writes.
enum DICOMImplementation {
    /// Implementation Class UID (0002,0012): a fixed `2.25` UID, `DeterministicUID.make(inputs: [],
    /// parameters: [:], version: "", role: "msl implementation class")`, computed once and frozen here
    /// so that it never changes with the hashing code.
    static let classUID = "2.25.225638548096077890820310354063944549668"
    /// Implementation Version Name (0002,0013), at most 16 characters.
    static let versionName = "MSL_1"
}
