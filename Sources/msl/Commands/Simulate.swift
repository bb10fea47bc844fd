import ArgumentParser
import Foundation
import Imaging
import Physics

/// `msl simulate`: the sparse sensor data of one CT and/or MR slice, written for people to see.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate sparse-view CT and undersampled MR acquisitions of one slice.",
        discussion: """
            Inputs are raw little-endian float32 slices (row-major, x fastest): CT in Hounsfield \
            units, MR in any scale (min–max normalised to [0, 1]). Writes into --out, as raw \
            float32 (.f32) and PNG: ct_attenuation (μ, cm⁻¹), ct_sinogram (line integrals, views × \
            bins), ct_fbp (μ, cm⁻¹), mr_input ([0, 1]), mr_mask (1 = sampled, fftshifted), \
            mr_kspace (log magnitude, PNG only), mr_zero_filled; and simulation.json (settings, \
            sizes, value ranges). Defaults are the authors' sensor models (DESIGN.md §3).
            """
    )

    @Option(help: "CT slice, raw float32 Hounsfield units.")
    var ct: String?

    @Option(help: "MR slice, raw float32, any intensity scale.")
    var mr: String?

    @Option(help: "Slice size as WIDTHxHEIGHT (default: inferred for square slices).")
    var size: String?

    @Option(help: "Pixel spacing in mm (square pixels); the default is the authors' 512/416·0.3 mm.")
    var spacing = FanBeamGeometry.authorsPixelSizeCM * 10

    @Option(help: "Output folder (created if missing).")
    var out: String

    @Option(help: "CT views.")
    var views = 64

    @Option(help: "CT detector bins (default: 640 scaled with the slice size).")
    var detectorBins: Int?

    @Option(help: "CT beam: fan or parallel.")
    var beam = SensorSimulation.Beam.fan

    @Option(help: "Fan-beam FBP: exact or authors (unweighted, as the authors' ODL preprocessing).")
    var fbp = FBPMode.exact

    @Option(help: "FBP filter: ramLak, sheppLogan, cosine or hann.")
    var filter = FBPFilter.Window.ramLak

    @Option(help: "Blank-scan photons per detector cell for Poisson noise (default: noise-free).")
    var photons: Double?

    @Option(help: "MR mask: authors, equispaced or variableDensityPoissonDisc.")
    var mask = KSpaceMask.Kind.authors

    @Option(help: "MR acceleration.")
    var acceleration = 4.0

    @Option(help: "MR fully sampled centre fraction.")
    var centerFraction = 0.1

    @Option(help: "Seed of the MR mask and of the noise.")
    var seed: UInt32 = 1337

    func validate() throws {
        guard ct != nil || mr != nil else { throw ValidationError("give --ct, --mr or both") }
        if let size { _ = try parsedSize(size) }
        guard spacing > 0 else { throw ValidationError("--spacing must be positive") }
    }

    private func parsedSize(_ text: String) throws -> (width: Int, height: Int) {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
            throw ValidationError("--size must look like 384x384, got '\(text)'")
        }
        return (parts[0], parts[1])
    }

    func run() throws {
        var simulation = SensorSimulation()
        simulation.views = views
        simulation.detectorBins = detectorBins
        simulation.beam = beam
        simulation.fbpMode = fbp
        simulation.filter = filter
        simulation.photons = photons
        simulation.ctNoiseSeed = seed
        simulation.mask = mask
        simulation.acceleration = acceleration
        simulation.centerFraction = centerFraction
        simulation.maskSeed = seed
        let sliceSize = try size.map(parsedSize)

        var outputs = SimulationOutputs(folder: out)
        if let ct {
            let hounsfield = try RawFloatFile.read(ct, size: sliceSize, spacingMM: spacing)
            var attenuation = hounsfield
            attenuation.pixels = hounsfield.pixels.map(HounsfieldScale.attenuation(fromHounsfield:))
            let acquisition = try simulation.simulateCT(attenuation: attenuation)
            outputs.add("ct_attenuation", attenuation, window: 0...0.6)
            outputs.add("ct_sinogram", acquisition.sinogram)
            outputs.add("ct_fbp", acquisition.reconstruction, window: 0...0.6)
        }
        if let mr {
            let raw = try RawFloatFile.read(mr, size: sliceSize, spacingMM: spacing)
            let scaling = MinMaxScaling(fitting: raw.pixels)
            var image = raw
            image.pixels = raw.pixels.map(scaling.apply)
            let acquisition = try simulation.simulateMR(image)
            outputs.add("mr_input", image, window: 0...1)
            outputs.add("mr_mask", Image2D(width: image.width, height: image.height, pixels: acquisition.mask.samples.map { $0 ? 1 : 0 }), window: 0...1)
            outputs.addPicture("mr_kspace", logMagnitude(acquisition.kSpace))
            outputs.add("mr_zero_filled", acquisition.zeroFilled, window: 0...1)
            outputs.note("mr_scaling", ["minimum": Double(scaling.minimum), "maximum": Double(scaling.maximum)])
            outputs.note("mr_mask_acceleration", ["requested": acceleration, "achieved": acquisition.mask.achievedAcceleration])
        }
        try outputs.write(settings: simulation)
        print("wrote \(outputs.fileCount) files to \(out)")
    }

    /// log(1 + |k|) for display: k-space spans many decades.
    private func logMagnitude(_ kSpace: ComplexImage) -> Image2D {
        var magnitude = kSpace.magnitude()
        magnitude.pixels = magnitude.pixels.map { log1p($0) }
        return magnitude
    }
}

extension SensorSimulation.Beam: ExpressibleByArgument {}
extension FBPMode: ExpressibleByArgument {}
extension FBPFilter.Window: ExpressibleByArgument {}
extension KSpaceMask.Kind: ExpressibleByArgument {}
