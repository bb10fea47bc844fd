import Imaging

/// Reads the pixels of one slice: frame `frame` (0-based) of the instance, Rows × Columns Float32
/// values, row by row (x fastest), already rescaled with that instance's own RescaleSlope and
/// RescaleIntercept (clinical-conventions §6.6). The reader's `DICOMFile.pixels(frame:)` fits.
public typealias SlicePixelLoader = (_ instance: InstanceMetadata, _ frame: Int) throws -> [Float]

/// Builds an `Imaging.Volume` from a series the geometry gate accepted or asked to resample.
///
/// Conventions (DICOM PS3.3 C.7.6.2): the row direction cosine of ImageOrientationPatient is the
/// direction of increasing column index (image x); PixelSpacing[0] is the distance between rows
/// (along the column cosine, y) and PixelSpacing[1] the distance between columns (x). So the
/// geometry is
///
///     origin    = ImagePositionPatient of the first slice in ascending order along n
///     direction = (row cosine, column cosine, n = row × column)
///     spacing   = (PixelSpacing[1], PixelSpacing[0], median step along n)
///
/// with the cosines orthonormalised as `PlaneFrame` describes. The slice axis is the normal rather
/// than the normalised stacking direction: for an accepted series the two agree within the gate's
/// tilt tolerance, and only the normal makes an orthonormal direction matrix.
///
/// Rescale: the loader's values already include each slice's own slope and intercept, so mixed
/// rescale (a reported finding) needs nothing more here. Multi-frame instances never reach this
/// point: the gate rejects them until per-frame positions are read.
public struct VolumeAssembler: Sendable {
    /// The value of resampled voxels that no slice covers; nil takes the smallest value of all
    /// slices (air in CT, background in MR).
    public var fill: Float?

    /// An assembler with the given fill value.
    public init(fill: Float? = nil) {
        self.fill = fill
    }

    /// Gates a sub-series and assembles it.
    ///
    /// - Throws: `DICOMError.geometryRejected` unless the gate accepts or resamples, and whatever
    ///   `assemble(_:pixels:)` throws.
    public func assemble(
        _ subSeries: SubSeries, gate: GeometryGate = GeometryGate(), pixels: SlicePixelLoader
    ) throws -> AssembledVolume {
        try assemble(gate.evaluate(subSeries), pixels: pixels)
    }

    /// Assembles a gated series: the slices as they are for `.accept`, resampled onto a regular grid
    /// for `.resample` (`VolumeAssembler+Resampling.swift`).
    ///
    /// - Throws: `DICOMError.geometryRejected` (all findings) for `.reject` or `.split`;
    ///   `DICOMError.undecodablePixels` when the loader returns other than Rows × Columns values;
    ///   whatever the loader throws.
    public func assemble(_ verdict: GeometryVerdict, pixels: SlicePixelLoader) throws -> AssembledVolume {
        try assemble(verdict) { stack, plane in
            for (k, slice) in verdict.slices.enumerated() {
                let values = try load(slice, pixels: pixels)
                stack.replaceSubrange((k * plane)..<((k + 1) * plane), with: values)
            }
        }
    }

    /// Assembles a gated series whose slices `decode` writes straight into the volume's buffer
    /// (Rows × Columns values each), from `threads` threads at once: no per-slice arrays, no copy.
    public func assemble(
        _ verdict: GeometryVerdict, threads: Int,
        decode: @Sendable (GeometrySlice, UnsafeMutableBufferPointer<Float>) throws -> Void
    ) throws -> AssembledVolume {
        try assemble(verdict) { stack, plane in
            let slices = verdict.slices
            let failures = stack.withUnsafeMutableBufferPointer { buffer in
                let shared = StackBuffer(buffer)
                return parallelMap(Array(slices.indices), threads: threads) { k -> (any Error)? in
                    let region = UnsafeMutableBufferPointer(rebasing: shared.buffer[(k * plane)..<((k + 1) * plane)])
                    do { try decode(slices[k], region) } catch { return error }
                    return nil
                }
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        }
    }

    /// The shared path: check the decision, fill the slice stack (slice k at k·plane), then keep it
    /// as the volume or resample it onto a regular grid.
    private func assemble(
        _ verdict: GeometryVerdict, fillStack: (inout [Float], Int) throws -> Void
    ) throws -> AssembledVolume {
        let codes: [GeometryFinding.Code]
        switch verdict.decision {
        case .reject, .split: throw verdict.rejection
        case .accept: codes = []
        case .resample(let because): codes = because
        }
        guard let first = verdict.slices.first, let row = verdict.rowDirection, let column = verdict.columnDirection,
            let normal = verdict.normal, let pixelSpacing = first.instance.pixelSpacing
        else { throw verdict.rejection }
        let plane = first.instance.rows * first.instance.columns
        if let odd = verdict.slices.first(where: { $0.instance.rows * $0.instance.columns != plane }) {
            throw DICOMError.undecodablePixels(
                path: odd.instance.path, reason: "its Rows × Columns differ from the first slice's \(plane) pixels")
        }
        var stack = [Float](repeating: 0, count: plane * verdict.slices.count)
        try fillStack(&stack, plane)
        let step = verdict.medianStepMM ?? Self.singleSliceSpacing(first.instance)
        let layout = Layout(
            row: row, column: column, normal: normal,
            spacing: SIMD3(pixelSpacing.y, pixelSpacing.x, step),
            frameOfReferenceUID: first.instance.frameOfReferenceUID, path: first.instance.path)
        if codes.isEmpty {
            let geometry = try layout.geometry(
                size: SIMD3(first.instance.columns, first.instance.rows, verdict.slices.count), origin: first.positionMM
            )
            let volume = try Volume(geometry: geometry, voxels: stack)
            return AssembledVolume(
                volume: volume, isResampled: false, resampledBecause: [], sourceSlices: verdict.slices,
                findings: verdict.findings, fill: nil)
        }
        let loaded = verdict.slices.indices.map { Array(stack[($0 * plane)..<(($0 + 1) * plane)]) }
        let fillValue = fill ?? stack.min() ?? 0
        let volume = try resampled(verdict.slices, loaded: loaded, layout: layout, fill: fillValue)
        return AssembledVolume(
            volume: volume, isResampled: true, resampledBecause: codes, sourceSlices: verdict.slices,
            findings: verdict.findings, fill: fillValue)
    }

    /// One slice's pixels, checked to be Rows × Columns values.
    func load(_ slice: GeometrySlice, pixels: SlicePixelLoader) throws -> [Float] {
        let values = try pixels(slice.instance, slice.frame)
        let expected = slice.instance.rows * slice.instance.columns
        guard values.count == expected else {
            throw DICOMError.undecodablePixels(
                path: slice.instance.path,
                reason: "frame \(slice.frame) gave \(values.count) values, expected Rows × Columns = "
                    + "\(slice.instance.rows)×\(slice.instance.columns) = \(expected)")
        }
        return values
    }

    /// The slice spacing of a one-slice volume: SliceThickness when positive, else the smallest
    /// PixelSpacing (there is no step to measure).
    static func singleSliceSpacing(_ instance: InstanceMetadata) -> Double {
        if let thickness = instance.sliceThickness, thickness.isFinite, thickness > 0 { return thickness }
        return instance.pixelSpacing.map { min($0.x, $0.y) } ?? 1
    }

    /// The parts of the output geometry shared by both paths.
    struct Layout {
        let row: SIMD3<Double>
        let column: SIMD3<Double>
        let normal: SIMD3<Double>
        /// (between columns, between rows, between slices), mm.
        let spacing: SIMD3<Double>
        let frameOfReferenceUID: String?
        /// For error messages.
        let path: String

        var direction: Matrix3 { Matrix3(columns: (row, column, normal)) }

        /// A validated geometry; an `ImagingError` becomes `DICOMError.invalidAttribute`.
        func geometry(size: SIMD3<Int>, origin: SIMD3<Double>) throws -> Geometry {
            do {
                return try Geometry(
                    size: size, originMM: origin, spacingMM: spacing, direction: direction,
                    frameOfReferenceUID: frameOfReferenceUID)
            } catch let error as ImagingError {
                throw DICOMError.invalidAttribute(
                    path: path, tag: AttributeTag.imageOrientationPatient.description, reason: error.description)
            }
        }
    }
}

/// The stack's memory, shared across decoding threads that write disjoint slices.
private final class StackBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Float>
    init(_ buffer: UnsafeMutableBufferPointer<Float>) { self.buffer = buffer }
}
