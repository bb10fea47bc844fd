import Dataset
import Imaging
import Registration

/// The study on one grid, the grid every output is written on (DESIGN §2, `clinical-conventions.md` §8):
/// - with a CT: the CT's own grid (after the geometry gate's resampling, e.g. of a gantry tilt), and the MR
///   registered onto it (rigid Mattes MI, MR moving) and resampled linearly, or resampled through scanner
///   coordinates when registration is off;
/// - MR only: the MR's grid when its slices are axial, otherwise an axial grid over the MR's extent (in-plane
///   spacing the MR's finest, slice spacing the MR's spacing along the axis nearest head–foot), so that the
///   network, which was trained on axial slices, sees axial slices.
/// Either way the grid's third axis must run within 45° of head–foot.
struct AlignedStudy {
    /// CT in HU on `geometry`, nil for an MR-only study.
    let ct: Volume?
    /// MR in its units on `geometry`, nil for a CT-only study.
    let mr: Volume?
    /// The output grid (frame of reference of the CT, else of the MR).
    let geometry: Geometry
    /// The registration, when one ran.
    let registration: RegistrationResult?
    /// How the MR reached the grid: "registered", "scanner coordinates", "own grid", "resampled to axial".
    let mrPlacement: String?

    init(_ study: LoadedStudy, registration settings: RegistrationConfiguration, register: Bool) throws {
        if let ct = study.ct?.volume {
            try Self.requireAxial(ct.geometry, what: "the CT")
            self.ct = ct
            geometry = ct.geometry
            guard let mr = study.mr?.volume else {
                (self.mr, registration, mrPlacement) = (nil, nil, nil)
                return
            }
            if register {
                do {
                    let result = try Registration.register(fixed: ct, moving: mr, configuration: settings)
                    (self.mr, registration, mrPlacement) = (result.resampledMoving, result, "registered")
                } catch {
                    throw PipelineError.registration(
                        reason: "\(error); check that the CT and MR show the same head, or set registration.enabled "
                            + "false when their scanner coordinates already agree")
                }
            } else {
                let resampled = resample(mr, onto: ct.geometry, interpolation: .linear, fill: 0)
                (self.mr, registration, mrPlacement) = (resampled, nil, "scanner coordinates")
            }
        } else if let mr = study.mr?.volume {
            ct = nil
            registration = nil
            if abs(mr.geometry.direction.column2.z) >= 0.5.squareRoot() {
                (self.mr, geometry, mrPlacement) = (mr, mr.geometry, "own grid")
            } else {
                let axial = try Self.axialGrid(covering: mr.geometry)
                (self.mr, geometry, mrPlacement) = (
                    resample(mr, onto: axial, interpolation: .linear, fill: 0), axial, "resampled to axial"
                )
            }
        } else {
            throw PipelineError.stage(name: "alignment", reason: "neither a CT nor an MR was loaded")
        }
    }

    /// Rejects a grid whose slice axis is more than 45° from head–foot.
    static func requireAxial(_ geometry: Geometry, what: String) throws {
        let normal = geometry.direction.column2
        guard abs(normal.z) >= 0.5.squareRoot() else {
            throw PipelineError.stage(
                name: "geometry",
                reason: "\(what)'s slices are not axial (normal \(normal.x), \(normal.y), \(normal.z)); msl "
                    + "reconstructs axial slices, so give an axial series")
        }
    }

    /// An axis-aligned (LPS) grid over the bounding box of `geometry`'s voxel centres.
    static func axialGrid(covering geometry: Geometry) throws -> Geometry {
        let s = geometry.size &- 1
        var low = SIMD3<Double>(repeating: .infinity)
        var high = SIMD3<Double>(repeating: -.infinity)
        for corner in 0..<8 {
            let index = SIMD3(corner & 1 == 0 ? 0 : s.x, corner & 2 == 0 ? 0 : s.y, corner & 4 == 0 ? 0 : s.z)
            let point = geometry.physicalPoint(ofIndex: index)
            low = pointwiseMin(low, point)
            high = pointwiseMax(high, point)
        }
        let inPlane = min(geometry.spacingMM.x, geometry.spacingMM.y, geometry.spacingMM.z)
        let axes = [geometry.direction.column0, geometry.direction.column1, geometry.direction.column2]
        let nearestHeadFoot = (0..<3).max { abs(axes[$0].z) < abs(axes[$1].z) }!
        let spacing = SIMD3(inPlane, inPlane, geometry.spacingMM[nearestHeadFoot])
        let extent = high - low
        let size = SIMD3(
            Int((extent.x / spacing.x).rounded()) + 1, Int((extent.y / spacing.y).rounded()) + 1,
            Int((extent.z / spacing.z).rounded()) + 1)
        return try Geometry(
            size: size, originMM: low, spacingMM: spacing, direction: .identity,
            frameOfReferenceUID: geometry.frameOfReferenceUID)
    }
}
