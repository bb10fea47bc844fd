/// The tissue classes of the phantom's fuzzy tissue model: eleven anatomical classes (the atlas) and six
/// lesion components placed per subject.
///
/// Every voxel holds a fraction of each class (partial volume); CT and MR values are mixed from the
/// classes' properties by those fractions.
public enum Tissue: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case air, skin, fat, muscle, corticalBone, diploe, csf, greyMatter, whiteMatter, eye, sinus
    case tumour, necrosis, enhancingRim, oedema, haemorrhage, calcification

    /// The anatomical classes an atlas stores, in storage order.
    public static let anatomical: [Tissue] = [
        .air, .skin, .fat, .muscle, .corticalBone, .diploe, .csf, .greyMatter, .whiteMatter, .eye, .sinus,
    ]
    /// The lesion components.
    public static let lesions: [Tissue] = [.tumour, .necrosis, .enhancingRim, .oedema, .haemorrhage, .calcification]

    /// Label value in the ground-truth label maps (0 = air, then 1… in case order).
    public var label: Int { rawValue }

    public var description: String {
        switch self {
        case .air: return "air"
        case .skin: return "skin/scalp"
        case .fat: return "fat"
        case .muscle: return "muscle"
        case .corticalBone: return "cortical bone"
        case .diploe: return "diploë"
        case .csf: return "CSF"
        case .greyMatter: return "grey matter"
        case .whiteMatter: return "white matter"
        case .eye: return "eye (vitreous)"
        case .sinus: return "sinus air"
        case .tumour: return "tumour"
        case .necrosis: return "necrotic core"
        case .enhancingRim: return "enhancing rim"
        case .oedema: return "oedema"
        case .haemorrhage: return "haemorrhage"
        case .calcification: return "calcification"
        }
    }
}
