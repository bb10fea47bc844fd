import Imaging

/// One patient's CT and MR volumes, the input of `DatasetPreparation`.
public struct PairedVolumes: Sendable {
    /// The patient identifier; it names the patient's dataset file (letters, digits, '.', '-', '_').
    public var patientID: String
    /// CT in Hounsfield units; its grid is the grid the MR is brought onto (the authors' fixed image).
    public var ct: Volume
    /// T1-weighted MR in the scanner's arbitrary units.
    public var mr: Volume
    /// Whether the MR already lies voxel for voxel on the CT's grid (then no registration runs; the grids must
    /// be congruent).
    public var aligned: Bool
    /// Where the volumes came from (file names, series), recorded in the manifest; no patient names.
    public var source: String

    /// A pair; `aligned` false means "register the MR onto the CT".
    public init(patientID: String, ct: Volume, mr: Volume, aligned: Bool = false, source: String = "") {
        self.patientID = patientID
        self.ct = ct
        self.mr = mr
        self.aligned = aligned
        self.source = source
    }
}
