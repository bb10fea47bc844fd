import Foundation
import Imaging

@testable import Dataset

/// Tiny CT/MR head pairs built in physical coordinates (mm, LPS), for preparation tests.
///
/// Grid 64×64×16, spacing 3×3×4 mm, centred on the origin, so slices sit at z = −30, −26, …, 30 mm. The head
/// is an ellipsoid with semi-axes 70, 85, 24 mm: slices 2…13 (|z| ≤ 22 mm) contain it, 0, 1, 14, 15 do not.
/// Inside: a scalp/skull shell (normalised radius > 0.8), brain with a gentle gradient, and a dark ventricle
/// (in-plane ellipse 15×20 mm for |z| < 12 mm) that the Li threshold leaves out and hole filling puts back.
/// The CT also has a couch (300 HU) behind the head, outside the MR head mask, and a −1024 HU corner.
enum SyntheticPatients {
    static let size = SIMD3(64, 64, 16)
    static let spacingMM = SIMD3(3.0, 3.0, 4.0)
    static let keptSlices = Array(2...13)

    static func geometry() throws -> Geometry {
        let origin = -(SIMD3(Double(size.x), Double(size.y), Double(size.z)) - 1) / 2 * spacingMM
        return try Geometry(size: size, originMM: origin, spacingMM: spacingMM)
    }

    enum Region { case air, couch, shell, brain, ventricle }

    static func region(_ p: SIMD3<Double>, couch: Bool = true) -> Region {
        let r = (p.x / 70) * (p.x / 70) + (p.y / 85) * (p.y / 85) + (p.z / 24) * (p.z / 24)
        if r > 1 { return couch && p.y >= 88 && p.y <= 94 && abs(p.x) <= 80 ? .couch : .air }
        if r > 0.64 { return .shell }
        if abs(p.z) < 12 && (p.x / 15) * (p.x / 15) + (p.y / 20) * (p.y / 20) <= 1 { return .ventricle }
        return .brain
    }

    /// CT in HU at point p.
    static func hounsfield(_ p: SIMD3<Double>, couch: Bool = true) -> Float {
        switch region(p, couch: couch) {
        case .air: return -1000
        case .couch: return 300
        case .shell: return 900
        case .brain: return Float(30 + 0.2 * p.x)
        case .ventricle: return 5
        }
    }

    /// T1 MR (arbitrary units) at point p; no signal outside the head.
    static func mrSignal(_ p: SIMD3<Double>) -> Float {
        switch region(p) {
        case .air, .couch: return 0
        case .shell: return 260
        case .brain: return Float(170 + 0.3 * p.y)
        case .ventricle: return 25
        }
    }

    static func volume(shiftMM: SIMD3<Double> = .zero, _ value: (SIMD3<Double>) -> Float) throws -> Volume {
        let g = try geometry()
        var volume = Volume(geometry: g)
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    // The anatomy is moved by `shiftMM`: the value at p is the unmoved anatomy's at p − shift.
                    volume[i, j, k] = value(g.physicalPoint(ofIndex: SIMD3(i, j, k)) - shiftMM)
                }
            }
        }
        return volume
    }

    /// A pair on one grid; the MR's anatomy moved by `mrShiftMM` (so the true CT → MR map is p ↦ p + shift);
    /// `couch` false leaves the couch out of the CT.
    static func pair(
        id: String, mrShiftMM: SIMD3<Double> = .zero, aligned: Bool, couch: Bool = true
    ) throws -> PairedVolumes {
        var ct = try volume { hounsfield($0, couch: couch) }
        ct[0, 0, 0] = -1024
        let mr = try volume(shiftMM: mrShiftMM, mrSignal)
        return PairedVolumes(patientID: id, ct: ct, mr: mr, aligned: aligned, source: "synthetic \(id)")
    }
}
