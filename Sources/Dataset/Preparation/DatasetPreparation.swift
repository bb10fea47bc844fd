import Foundation
import Imaging
import Registration

/// Turns one patient's CT/MR pair into training slices: the authors' preparation steps
/// (reference/msl-authors-code.md §3.1-3.2, §3.4) as one procedure.
///
/// 1. MR onto the CT grid: nothing when the pair is declared aligned (the grids must be congruent); otherwise
///    rigid Mattes-MI registration of the MR (moving) onto the CT (fixed) and linear resampling onto the CT grid,
///    fill 0 (`coregister.py`); with registration off, resampling through scanner coordinates alone.
/// 2. Head mask from the MR, per axial slice (`HeadMask`).
/// 3. Intensities to [0, 1] (`IntensityNormalisation`).
/// 4. Keep the axial slices whose mask has foreground (and covers `minimumHeadFraction` of the slice).
/// 5. Each kept slice onto the N×N model grid over a square FOV centred on the slice (`ModelGrid`): CT and MR
///    with linear interpolation and anti-aliasing, the mask with nearest neighbour; outside the slice 0 (air on
///    both scales). This replaces the authors' conditional 384² resize and centre crop (§3.2 steps 3 and 6),
///    which depend on RIRE's voxel sizes, by one physical-size mapping.
///
/// "Axial" is the volume's third index k, as the authors' third array axis; the CT's k axis must point within
/// 45° of head–foot.
public struct DatasetPreparation: Sendable {
    /// What to keep and how to map it.
    public var options: DatasetPreparationOptions
    /// The registration settings used for unaligned pairs (Registration's defaults unless changed).
    public var registrationConfiguration: RegistrationConfiguration

    /// A preparation with the given options and Registration's default configuration.
    public init(
        options: DatasetPreparationOptions = DatasetPreparationOptions(),
        registrationConfiguration: RegistrationConfiguration = RegistrationConfiguration()
    ) {
        self.options = options
        self.registrationConfiguration = registrationConfiguration
    }

    /// Prepares one patient.
    ///
    /// - Throws: `DatasetError.invalidOptions`, `.invalidPatientID`, `.invalidInput` (non-finite voxels, a CT
    ///   whose slices are not axial), `.notOnOneGrid` (declared aligned, grids differ), `.registrationFailed`,
    ///   `.noHeadSlices`.
    public func prepare(_ pair: PairedVolumes) throws -> PreparedPatient {
        try options.validate()
        try PatientID.validate(pair.patientID)
        let patient = pair.patientID
        try Self.requireAxial(pair.ct, patient: patient)
        let (mr, registration) = try mrOnCTGrid(pair)
        let mask = HeadMask(mr: mr)
        let normalised = try IntensityNormalisation.apply(ct: pair.ct, mr: mr, mask: mask)
        let kept = (0..<mask.size.z).filter { k in
            mask.foregroundCount(slice: k) > 0 && mask.foregroundFraction(slice: k) >= options.minimumHeadFraction
        }
        guard !kept.isEmpty else {
            let largest = (0..<mask.size.z).map(mask.foregroundFraction).max() ?? 0
            throw DatasetError.noHeadSlices(
                patient: patient,
                detail:
                    "\(mask.size.z) slices, largest head fraction \(largest), minimum \(options.minimumHeadFraction)")
        }
        let slices = try modelGridSlices(kept, ct: normalised.ct, mr: normalised.mr, mask: mask)
        return try PreparedPatient(
            id: patient, modelSize: options.modelSize, ct: slices.flatMap(\.ct), mr: slices.flatMap(\.mr),
            mask: slices.flatMap(\.mask), sliceIndices: kept, registration: registration,
            normalisation: normalised.normalisation, source: pair.source)
    }

    /// The MR on the CT grid and how it got there.
    func mrOnCTGrid(_ pair: PairedVolumes) throws -> (Volume, RegistrationSummary) {
        if pair.aligned {
            if let reason = pair.ct.geometry.congruenceMismatch(with: pair.mr.geometry) {
                throw DatasetError.notOnOneGrid(patient: pair.patientID, reason: reason)
            }
            return (pair.mr, .alreadyAligned)
        }
        guard options.registerMR else {
            let resampled = resample(pair.mr, onto: pair.ct.geometry, interpolation: .linear, fill: 0)
            return (resampled, .scannerCoordinates)
        }
        do {
            let result = try register(fixed: pair.ct, moving: pair.mr, configuration: registrationConfiguration)
            return (result.resampledMoving, RegistrationSummary(result))
        } catch {
            throw DatasetError.registrationFailed(patient: pair.patientID, reason: "\(error)")
        }
    }

    /// Rejects a CT whose slice axis is more than 45° from the patient's head–foot axis.
    static func requireAxial(_ ct: Volume, patient: String) throws {
        let normal = ct.geometry.direction.column2
        guard abs(normal.z) >= 0.5.squareRoot() else {
            throw DatasetError.invalidInput(
                "patient \(patient): the CT's slice axis (\(normal.x), \(normal.y), \(normal.z)) is not axial; "
                    + "reorient the volume so that its third axis runs head to foot")
        }
    }

    /// The kept slices of the normalised volumes and the mask on the model grid, in `kept` order.
    func modelGridSlices(
        _ kept: [Int], ct: Volume, mr: Volume, mask: HeadMask
    ) throws -> [(ct: [Float], mr: [Float], mask: [Float])] {
        let n = options.modelSize
        let fov = options.fieldOfViewMM
        let maskVolume = try Volume(geometry: ct.geometry, voxels: mask.voxels.map { $0 ? 1 : 0 })
        let results = parallelMap(kept, threads: ProcessInfo.processInfo.activeProcessorCount) { k in
            Result { () throws -> (ct: [Float], mr: [Float], mask: [Float]) in
                let ctSlice = try ct.slice(z: k)
                let image = try ModelGrid(
                    for: ctSlice, modelSize: n, fieldOfViewMM: fov, interpolation: .linear, padValue: 0)
                let labels = try ModelGrid(
                    for: ctSlice, modelSize: n, fieldOfViewMM: fov, interpolation: .nearest, padValue: 0,
                    antiAliasing: false)
                let unit = { (value: Float) in min(max(value, 0), 1) }
                return (
                    try image.forward(ctSlice).pixels.map(unit),
                    try image.forward(mr.slice(z: k)).pixels.map(unit),
                    try labels.forward(maskVolume.slice(z: k)).pixels
                )
            }
        }
        return try results.map { try $0.get() }
    }
}
