import Imaging

/// Brings a co-registered CT/MR pair onto the network's [0, 1] scales, as the authors' preparation and loader do
/// (reference/msl-authors-code.md §3.2 steps 2 and 4, §3.4):
///
/// 1. Outside the head mask, MR voxels become the MR volume's minimum and CT voxels the CT volume's minimum
///    (both minima taken over the whole volume before masking), which erases the couch, coils and noise.
/// 2. CT: μ = (HU/1000 + 1)·0.192 cm⁻¹, negatives 0, then x = clip(μ, 0, 0.6)/0.6 (`HounsfieldScale`), i.e. the
///    HU window [−1000, 2125] → [0, 1]. The authors keep HU on disk and apply this in the loader; doing it here
///    gives the same training values.
/// 3. MR: min–max over the whole masked volume, every slice included, to [0, 1] (`MinMaxScaling`).
///
/// The record keeps the fill values and the MR scaling, so outputs can be mapped back to the MR's own scale.
public struct IntensityNormalisation: Sendable, Equatable, Codable {
    /// The CT volume's minimum (HU), written outside the head.
    public let ctFillHounsfield: Float
    /// The MR volume's minimum (MR units), written outside the head.
    public let mrFill: Float
    /// The MR min–max map fitted on the masked volume.
    public let mrScaling: MinMaxScaling

    /// A one-line description of the maps, stored in the dataset manifest.
    public static let summary =
        "outside the MR head mask (Li threshold per axial slice, holes filled) CT = CT volume minimum and "
        + "MR = MR volume minimum; CT: mu = (HU/1000 + 1)*0.192 per cm, negatives 0, clip [0, 0.6], /0.6 "
        + "(HU window [-1000, 2125] -> [0, 1]); MR: min-max of the masked volume -> [0, 1]"

    enum CodingKeys: String, CodingKey {
        case ctFillHounsfield = "ct_fill_hu"
        case mrFill = "mr_fill"
        case mrScaling = "mr_scaling"
    }

    /// Normalises a pair on one grid.
    ///
    /// - Parameters:
    ///   - ct: CT in Hounsfield units.
    ///   - mr: MR on the CT's grid (same size).
    ///   - mask: the head mask of `mr`.
    /// - Returns: CT and MR on the network scale ([0, 1]) on the CT's geometry, and the record of the maps.
    /// - Throws: `DatasetError.invalidInput` when the sizes differ or a volume holds non-finite values.
    public static func apply(
        ct: Volume, mr: Volume, mask: HeadMask
    ) throws -> (ct: Volume, mr: Volume, normalisation: IntensityNormalisation) {
        guard ct.size == mr.size, mask.size == ct.size else {
            throw DatasetError.invalidInput(
                "CT \(text(ct.size)), MR \(text(mr.size)) and head mask \(text(mask.size)) must share one grid; "
                    + "register or resample the MR onto the CT first")
        }
        let (ctScaled, ctFill) = try networkCT(ct, mask: mask)
        let (mrScaled, mrFill, scaling) = try networkMR(mr, mask: mask)
        return (ctScaled, mrScaled, IntensityNormalisation(ctFillHounsfield: ctFill, mrFill: mrFill, mrScaling: scaling))
    }

    /// Steps 1 and 2 for a CT alone (HU): the network-scale CT and the fill used outside the head.
    public static func networkCT(_ ct: Volume, mask: HeadMask) throws -> (volume: Volume, fill: Float) {
        try requireUsable(ct, "CT", mask: mask)
        let fill = ct.voxels.min() ?? 0
        let scaled = ct.voxels.indices.map { index in
            let hu = mask.voxels[index] ? ct.voxels[index] : fill
            return HounsfieldScale.networkValue(fromAttenuation: HounsfieldScale.attenuation(fromHounsfield: hu))
        }
        return (try Volume(geometry: ct.geometry, voxels: scaled), fill)
    }

    /// Steps 1 and 3 for an MR alone: the [0, 1] MR, the fill used outside the head and the min–max map.
    public static func networkMR(
        _ mr: Volume, mask: HeadMask
    ) throws -> (volume: Volume, fill: Float, scaling: MinMaxScaling) {
        try requireUsable(mr, "MR", mask: mask)
        let fill = mr.voxels.min() ?? 0
        var masked = mr.voxels
        for index in masked.indices where !mask.voxels[index] { masked[index] = fill }
        let scaling = MinMaxScaling(fitting: masked)
        return (try Volume(geometry: mr.geometry, voxels: masked.map { scaling.apply($0) }), fill, scaling)
    }

    private static func requireUsable(_ volume: Volume, _ name: String, mask: HeadMask) throws {
        guard mask.size == volume.size else {
            throw DatasetError.invalidInput(
                "the \(name) volume \(text(volume.size)) and its head mask \(text(mask.size)) must share one grid")
        }
        guard volume.voxels.allSatisfy(\.isFinite) else {
            throw DatasetError.invalidInput("the \(name) volume holds NaN or infinite voxels; fix the source file")
        }
    }

    private static func text(_ size: SIMD3<Int>) -> String { "\(size.x)×\(size.y)×\(size.z)" }
}
