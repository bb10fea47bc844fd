/// Reading `InstanceMetadata` and validating Pixel Data before it is decoded.
extension DICOMFile {
    /// The shape of Pixel Data as the header declares it, checked against `ReadingLimits`.
    struct PixelLayout: Equatable {
        var rows: Int
        var columns: Int
        var samplesPerPixel: Int
        var bitsAllocated: Int
        var frames: Int

        /// Rows × Columns × Samples per Pixel × Bits Allocated / 8 × Number of Frames, rounded up to bytes;
        /// `Int.max` when the product overflows (only possible with limits raised far beyond the defaults).
        var expectedBytes: Int {
            var bits = 1
            for factor in [rows, columns, samplesPerPixel, frames, bitsAllocated] {
                let (product, overflow) = bits.multipliedReportingOverflow(by: factor)
                if overflow || product > Int.max - 7 { return Int.max }
                bits = product
            }
            return (bits + 7) / 8
        }
    }

    /// Every field of `InstanceMetadata`, parsed from this file.
    ///
    /// - Strings are trimmed of padding; empty values of optional attributes read as nil.
    /// - DS and IS values are parsed strictly: a present but malformed value (not a number, wrong number of
    ///   values, non-positive Pixel Spacing) throws rather than reading as nil.
    /// - Rescale Slope/Intercept come from this file (top level, else its functional groups); when absent they
    ///   are 1 and 0, except for Modality CT, where they are required to give Hounsfield units.
    /// - With `validatingPixelData` (the default), Pixel Data is checked as `pixels(frame:)` would need it:
    ///   header within `limits`, Pixel Data present, native length = Rows × Columns × Samples × Bits/8 ×
    ///   Frames, a decoder for a compressed transfer syntax, at least one fragment per frame. So a file
    ///   that yields metadata also yields pixels.
    ///
    /// - Throws: `.invalidAttribute` naming the tag as "(gggg,eeee) Keyword" for a missing required or
    ///   malformed attribute, `.limitExceeded`, `.undecodablePixels`; each names the file.
    public func metadata(validatingPixelData: Bool = true) throws(DICOMError) -> InstanceMetadata {
        typealias T = AttributeTag
        let modality = try requiredString(T.modality)
        let rows = try requiredInteger(T.rows)
        let columns = try requiredInteger(T.columns)
        let pixelRepresentation = try requiredInteger(T.pixelRepresentation)
        let bitsAllocated = try requiredInteger(T.bitsAllocated)
        let rescale = try rescale(frame: 0)
        if rescale == nil, modality == "CT" {
            throw .invalidAttribute(
                path: path, tag: T.rescaleSlope.description,
                reason: "is absent; CT images need Rescale Slope and Intercept to give Hounsfield units")
        }
        let orientation = try vector(T.imageOrientationPatient, count: 6)
        let spacing = try vector(T.pixelSpacing, count: 2)
        if let spacing, spacing.contains(where: { $0 <= 0 }) {
            throw .invalidAttribute(
                path: path, tag: T.pixelSpacing.description,
                reason: "\(spacing.map { "\($0)" }.joined(separator: "\\")) is not positive")
        }
        var deviceUIDs: [String] = []
        for item in 0..<(try itemCount(T.contributingEquipmentSequence) ?? 0) {
            if let uid = try string(T.deviceUID, inItem: item, of: T.contributingEquipmentSequence) {
                deviceUIDs.append(uid)
            }
        }
        var padding = try optionalInteger(T.pixelPaddingValue)
        if let value = padding, pixelRepresentation == 1, bitsAllocated == 16, value > Int(Int16.max) {
            padding = Int(Int16(truncatingIfNeeded: value))  // read as US (implicit VR): the bits are signed
        }
        let metadata = InstanceMetadata(
            path: path,
            transferSyntaxUID: try transferSyntaxUID(),
            sopClassUID: try requiredString(T.sopClassUID),
            sopInstanceUID: try requiredString(T.sopInstanceUID),
            studyInstanceUID: try requiredString(T.studyInstanceUID),
            seriesInstanceUID: try requiredString(T.seriesInstanceUID),
            frameOfReferenceUID: try string(T.frameOfReferenceUID),
            modality: modality,
            patientID: try string(T.patientID),
            issuerOfPatientID: try string(T.issuerOfPatientID),
            specificCharacterSet: try string(T.specificCharacterSet),
            imageType: try strings(T.imageType),
            seriesDescription: try string(T.seriesDescription),
            seriesNumber: try optionalInteger(T.seriesNumber),
            instanceNumber: try optionalInteger(T.instanceNumber),
            acquisitionNumber: try optionalInteger(T.acquisitionNumber),
            echoNumbers: try string(T.echoNumbers),
            temporalPositionIdentifier: try optionalInteger(T.temporalPositionIdentifier),
            contributingDeviceUIDs: deviceUIDs,
            imagePositionPatient: try vector(T.imagePositionPatient, count: 3).map { SIMD3($0[0], $0[1], $0[2]) },
            imageOrientationRow: orientation.map { SIMD3($0[0], $0[1], $0[2]) },
            imageOrientationColumn: orientation.map { SIMD3($0[3], $0[4], $0[5]) },
            pixelSpacing: spacing.map { SIMD2($0[0], $0[1]) },
            sliceThickness: try optionalDouble(T.sliceThickness),
            gantryDetectorTilt: try optionalDouble(T.gantryDetectorTilt),
            rows: rows,
            columns: columns,
            numberOfFrames: try optionalInteger(T.numberOfFrames) ?? 1,
            samplesPerPixel: try requiredInteger(T.samplesPerPixel),
            bitsAllocated: bitsAllocated,
            bitsStored: try requiredInteger(T.bitsStored),
            pixelRepresentation: pixelRepresentation,
            photometricInterpretation: try requiredString(T.photometricInterpretation),
            rescaleSlope: rescale?.slope ?? 1,
            rescaleIntercept: rescale?.intercept ?? 0,
            rescaleType: try string(T.rescaleType),
            pixelPaddingValue: padding)
        if validatingPixelData {
            _ = try validatedPixelLayout()
        }
        return metadata
    }

    /// The declared pixel layout after every check `pixels(frame:)` relies on (see `metadata`).
    func validatedPixelLayout() throws(DICOMError) -> PixelLayout {
        typealias T = AttributeTag
        let layout = PixelLayout(
            rows: try requiredInteger(T.rows), columns: try requiredInteger(T.columns),
            samplesPerPixel: try optionalInteger(T.samplesPerPixel) ?? 1,
            bitsAllocated: try requiredInteger(T.bitsAllocated), frames: try optionalInteger(T.numberOfFrames) ?? 1)
        for (tag, value) in [(T.rows, layout.rows), (T.columns, layout.columns), (T.numberOfFrames, layout.frames)]
        where value < 1 {
            throw .invalidAttribute(path: path, tag: tag.description, reason: "is \(value); it must be at least 1")
        }
        try checkLimit(T.rows, layout.rows, limits.maxRows, "maxRows")
        try checkLimit(T.columns, layout.columns, limits.maxColumns, "maxColumns")
        try checkLimit(T.numberOfFrames, layout.frames, limits.maxFrames, "maxFrames")
        guard (1...64).contains(layout.samplesPerPixel), (1...64).contains(layout.bitsAllocated) else {
            throw .invalidAttribute(
                path: path, tag: "\(T.samplesPerPixel.description), \(T.bitsAllocated.description)",
                reason: "\(layout.samplesPerPixel) and \(layout.bitsAllocated) are not a pixel format")
        }
        if layout.expectedBytes > limits.maxPixelDataBytes {
            throw .limitExceeded(
                path: path,
                reason: "Pixel Data of \(describe(layout)) = \(layout.expectedBytes) bytes exceeds the limit of "
                    + "\(limits.maxPixelDataBytes) (ReadingLimits.maxPixelDataBytes)")
        }
        let info = try pixelDataInfo()
        guard info.isPresent else {
            throw .invalidAttribute(path: path, tag: T.pixelData.description, reason: "is absent")
        }
        if info.isEncapsulated {
            guard info.isDecodable else {
                let syntax = try transferSyntax()
                throw .undecodablePixels(
                    path: path,
                    reason: "transfer syntax \(syntax.uid) (\(syntax.name)) has no decoder in this DCMTK build "
                        + "(it decodes RLE, JPEG baseline/extended/lossless and JPEG-LS); convert the file first, "
                        + "e.g. to Explicit VR Little Endian")
            }
            guard info.fragments >= layout.frames else {
                throw .undecodablePixels(
                    path: path,
                    reason: "encapsulated Pixel Data (7FE0,0010) holds \(info.fragments) fragments for "
                        + "\(layout.frames) frames")
            }
        } else {
            let expected = layout.expectedBytes
            guard info.length == expected || (expected % 2 == 1 && info.length == expected + 1) else {
                throw .undecodablePixels(
                    path: path,
                    reason: "Pixel Data (7FE0,0010) holds \(info.length) bytes, but \(describe(layout)) = "
                        + "\(expected) bytes")
            }
        }
        return layout
    }

    private func describe(_ layout: PixelLayout) -> String {
        "Rows × Columns × Samples per Pixel × Bits Allocated/8 × Number of Frames = \(layout.rows) × "
            + "\(layout.columns) × \(layout.samplesPerPixel) × \(layout.bitsAllocated)/8 × \(layout.frames)"
    }

    private func checkLimit(_ tag: AttributeTag, _ value: Int, _ limit: Int, _ name: String) throws(DICOMError) {
        if value > limit {
            throw .limitExceeded(
                path: path, reason: "\(tag.description) is \(value), over the limit of \(limit) (ReadingLimits.\(name))"
            )
        }
    }

    // MARK: - Typed attribute access

    private func requiredString(_ tag: AttributeTag) throws(DICOMError) -> String {
        guard let value = try string(tag) else {
            throw .invalidAttribute(path: path, tag: tag.description, reason: contains(tag) ? "is empty" : "is absent")
        }
        return value
    }

    private func requiredInteger(_ tag: AttributeTag) throws(DICOMError) -> Int {
        guard let value = try optionalInteger(tag) else {
            throw .invalidAttribute(path: path, tag: tag.description, reason: contains(tag) ? "is empty" : "is absent")
        }
        return value
    }

    /// The first value, or nil when absent or empty.
    private func optionalInteger(_ tag: AttributeTag) throws(DICOMError) -> Int? {
        try integers(tag).first
    }

    /// The first value, or nil when absent or empty.
    private func optionalDouble(_ tag: AttributeTag) throws(DICOMError) -> Double? {
        try doubles(tag).first
    }

    /// Exactly `count` numbers, or nil when absent or empty.
    private func vector(_ tag: AttributeTag, count: Int) throws(DICOMError) -> [Double]? {
        let values = try doubles(tag)
        if values.isEmpty { return nil }
        guard values.count == count else {
            throw .invalidAttribute(
                path: path, tag: tag.description, reason: "has \(values.count) values, \(count) expected")
        }
        return values
    }
}
