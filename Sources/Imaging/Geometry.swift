/// Where a voxel grid sits in the patient: size, origin, spacing, direction cosines, frame of reference.
///
/// Coordinates are DICOM patient coordinates (LPS: +x left, +y posterior, +z superior), in millimetres.
/// Index i runs along columns, j along rows, k along slices. The physical point of a (continuous)
/// index n = (i, j, k) is, as in ITK/SimpleITK,
///
///     p = originMM + D · diag(spacingMM) · n
///
/// where the columns of `direction` D are the unit vectors of the i, j, k axes in LPS (for DICOM,
/// column 0 is the row cosine of ImageOrientationPatient, column 1 the column cosine, column 2 the
/// slice normal, possibly negated for descending slices), so `originMM` is the centre of voxel
/// (0, 0, 0). The inverse uses the exact matrix inverse, not the transpose, so cosines that are
/// orthonormal only to DICOM's printed precision still round-trip to machine precision.
public struct Geometry: Sendable, Equatable, Codable {
    /// Samples along i, j, k (columns, rows, slices); each ≥ 1.
    public let size: SIMD3<Int>
    /// Physical position (mm, LPS) of the centre of voxel (0, 0, 0).
    public let originMM: SIMD3<Double>
    /// Distance between neighbouring voxel centres along i, j, k (mm, each > 0).
    public let spacingMM: SIMD3<Double>
    /// Columns: unit vectors of the i, j, k axes in LPS; orthonormal (det ±1).
    public let direction: Matrix3
    /// DICOM FrameOfReferenceUID (0020,0052) of the coordinates, when known.
    public var frameOfReferenceUID: String?

    /// D·diag(spacing): index offsets → physical offsets (mm).
    let indexToPhysical: Matrix3
    /// (D·diag(spacing))⁻¹: physical offsets (mm) → index offsets.
    let physicalToIndex: Matrix3

    /// Largest tolerated |Dᵀ·D − I| entry: DICOM direction cosines are decimal strings with about six
    /// significant digits, so a stricter check would reject real scanners' data.
    public static let orthonormalityTolerance = 1e-4

    /// A validated geometry.
    ///
    /// - Throws: `ImagingError.invalidSize` if an extent is < 1, `.invalidSpacing` if a spacing is not
    ///   finite and > 0, `.nonFiniteCoordinates` for a non-finite origin, `.invalidDirection` if the
    ///   direction is degenerate or its columns are not orthonormal within `orthonormalityTolerance`.
    public init(
        size: SIMD3<Int>, originMM: SIMD3<Double> = .zero, spacingMM: SIMD3<Double> = .one,
        direction: Matrix3 = .identity, frameOfReferenceUID: String? = nil
    ) throws {
        guard size.x >= 1, size.y >= 1, size.z >= 1 else { throw ImagingError.invalidSize([size.x, size.y, size.z]) }
        let spacing = [spacingMM.x, spacingMM.y, spacingMM.z]
        guard spacing.allSatisfy({ $0.isFinite && $0 > 0 }) else { throw ImagingError.invalidSpacing(spacing) }
        guard originMM.x.isFinite, originMM.y.isFinite, originMM.z.isFinite else {
            throw ImagingError.nonFiniteCoordinates([originMM.x, originMM.y, originMM.z])
        }
        try Geometry.validate(direction: direction)
        guard (direction * Matrix3(diagonal: spacingMM)).inverse != nil else {
            throw ImagingError.invalidDirection(reason: "the matrix is singular")
        }
        self.init(
            validatedSize: size, originMM: originMM, spacingMM: spacingMM, direction: direction,
            frameOfReferenceUID: frameOfReferenceUID)
    }

    /// A geometry from parts already known to be valid (derived from validated geometries).
    init(
        validatedSize size: SIMD3<Int>, originMM: SIMD3<Double>, spacingMM: SIMD3<Double>, direction: Matrix3,
        frameOfReferenceUID: String?
    ) {
        let indexToPhysical = direction * Matrix3(diagonal: spacingMM)
        guard let physicalToIndex = indexToPhysical.inverse else {
            preconditionFailure("Geometry: a validated direction became singular")
        }
        self.size = size
        self.originMM = originMM
        self.spacingMM = spacingMM
        self.direction = direction
        self.frameOfReferenceUID = frameOfReferenceUID
        self.indexToPhysical = indexToPhysical
        self.physicalToIndex = physicalToIndex
    }

    /// Checks that every entry is finite and DᵀD = I within `orthonormalityTolerance`.
    static func validate(direction d: Matrix3) throws {
        let columns = [d.column0, d.column1, d.column2]
        guard columns.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
            throw ImagingError.invalidDirection(reason: "it has non-finite entries")
        }
        let gram = d.transpose * d
        let error = gram.maxAbsoluteDifference(to: .identity)
        guard error <= orthonormalityTolerance else {
            throw ImagingError.invalidDirection(
                reason: "max |DᵀD − I| = \(error) exceeds \(orthonormalityTolerance) (columns not unit and orthogonal)")
        }
    }

    /// Number of voxels, size.x · size.y · size.z.
    public var voxelCount: Int { size.x * size.y * size.z }

    /// Physical extent edge to edge along i, j, k: size · spacing (mm).
    public var extentMM: SIMD3<Double> { SIMD3(Double(size.x), Double(size.y), Double(size.z)) * spacingMM }

    /// Physical centre of the grid: the point of continuous index (size − 1)/2 (mm, LPS).
    public var centerMM: SIMD3<Double> {
        physicalPoint(ofContinuousIndex: (SIMD3(Double(size.x), Double(size.y), Double(size.z)) - 1) / 2)
    }

    /// p = origin + D·diag(spacing)·n for an integer index n (mm, LPS).
    public func physicalPoint(ofIndex index: SIMD3<Int>) -> SIMD3<Double> {
        physicalPoint(ofContinuousIndex: SIMD3(Double(index.x), Double(index.y), Double(index.z)))
    }

    /// p = origin + D·diag(spacing)·n for a continuous index n (mm, LPS).
    public func physicalPoint(ofContinuousIndex index: SIMD3<Double>) -> SIMD3<Double> {
        originMM + indexToPhysical * index
    }

    /// n = (D·diag(spacing))⁻¹ · (p − origin): the exact inverse of `physicalPoint(ofContinuousIndex:)`.
    public func continuousIndex(ofPhysicalPoint point: SIMD3<Double>) -> SIMD3<Double> {
        physicalToIndex * (point - originMM)
    }

    /// Whether a continuous index lies in the grid's buffer, as ITK's `IsInsideBuffer`:
    /// −0.5 ≤ n < size − 0.5 on every axis (half-open, so each point belongs to exactly one voxel;
    /// NaN is outside).
    public func contains(continuousIndex n: SIMD3<Double>) -> Bool {
        n.x >= -0.5 && n.x < Double(size.x) - 0.5 && n.y >= -0.5 && n.y < Double(size.y) - 0.5
            && n.z >= -0.5 && n.z < Double(size.z) - 0.5
    }

    /// Linear offset of voxel (i, j, k) in x-fastest storage: i + size.x·(j + size.y·k).
    @inlinable public func offset(i: Int, j: Int, k: Int) -> Int { i + size.x * (j + size.y * k) }

    /// The voxel index (i, j, k) of a linear offset (inverse of `offset`).
    @inlinable public func index(ofOffset offset: Int) -> SIMD3<Int> {
        SIMD3(offset % size.x, (offset / size.x) % size.y, offset / (size.x * size.y))
    }

    /// The geometry of slice `k` alone: same in-plane grid, size.z = 1, origin at that slice.
    public func slice(_ k: Int) throws -> Geometry {
        guard k >= 0, k < size.z else { throw ImagingError.sliceOutOfRange(index: k, count: size.z) }
        return Geometry(
            validatedSize: SIMD3(size.x, size.y, 1), originMM: physicalPoint(ofIndex: SIMD3(0, 0, k)),
            spacingMM: spacingMM, direction: direction, frameOfReferenceUID: frameOfReferenceUID)
    }

    // MARK: - Codable (decoding validates)

    enum CodingKeys: String, CodingKey {
        case size
        case originMM = "origin_mm"
        case spacingMM = "spacing_mm"
        case direction
        case frameOfReferenceUID = "frame_of_reference_uid"
    }

    /// Decodes and validates (throws `ImagingError` for an invalid geometry, as `init(size:…)`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            size: c.decode(SIMD3<Int>.self, forKey: .size), originMM: c.decode(SIMD3<Double>.self, forKey: .originMM),
            spacingMM: c.decode(SIMD3<Double>.self, forKey: .spacingMM),
            direction: c.decode(Matrix3.self, forKey: .direction),
            frameOfReferenceUID: c.decodeIfPresent(String.self, forKey: .frameOfReferenceUID))
    }

    /// Encodes size, origin_mm, spacing_mm, direction (by columns) and frame_of_reference_uid.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(size, forKey: .size)
        try c.encode(originMM, forKey: .originMM)
        try c.encode(spacingMM, forKey: .spacingMM)
        try c.encode(direction, forKey: .direction)
        try c.encodeIfPresent(frameOfReferenceUID, forKey: .frameOfReferenceUID)
    }
}
