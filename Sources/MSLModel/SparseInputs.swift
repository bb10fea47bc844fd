import Imaging
import Physics

/// The network's sparse inputs simulated from full images on the model grid, as the authors' loader makes
/// them (`reference/msl-authors-code.md` §3.4): the CT input is the FBP of the simulated sinogram in μ, clipped
/// to [0, 0.6] and divided by 0.6 (`HounsfieldScale.networkValue`); the MR input is the zero-filled magnitude
/// as it comes (not clipped). Training, evaluation and the pipeline all use this one function.
public enum SparseInputs {
    /// The sparse CT input of a network-scale CT image (N×N, row-major) with square pixels of `spacingMM`.
    /// The attenuation projected is `HounsfieldScale.attenuation(fromNetworkValue:)` of each pixel.
    public static func ct(_ image: [Float], size n: Int, spacingMM: Double, simulation: SensorSimulation) throws
        -> [Float]
    {
        let attenuation = Image2D(
            width: n, height: n, pixels: image.map(HounsfieldScale.attenuation(fromNetworkValue:)),
            spacingMM: SIMD2(spacingMM, spacingMM))
        return try simulation.simulateCT(attenuation: attenuation).reconstruction.pixels.map(
            HounsfieldScale.networkValue(fromAttenuation:))
    }

    /// The zero-filled MR input of a [0, 1] MR image (N×N, row-major).
    public static func mr(_ image: [Float], size n: Int, spacingMM: Double, simulation: SensorSimulation) throws
        -> [Float]
    {
        try simulation.simulateMR(
            Image2D(width: n, height: n, pixels: image, spacingMM: SIMD2(spacingMM, spacingMM))
        ).zeroFilled.pixels
    }
}
