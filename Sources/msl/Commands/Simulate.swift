import ArgumentParser
import Foundation
import Imaging
import Physics

/// `msl simulate`: the sparse sensor data of one CT and/or MR slice, written for people to see.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate sparse-view CT and undersampled MR acquisitions of one slice.",
        discussion: """
            Inputs are raw little-endian slices (row-major, x fastest; float32, int16 or uint8, \
            after an optional header): CT in Hounsfield units, MR in any scale (min–max \
            normalised to [0, 1]). Writes into --out, as raw \
            float32 (.f32) and PNG: ct_attenuation (μ, cm⁻¹), ct_sinogram (line integrals, views × \
            bins), ct_fbp (μ, cm⁻¹), mr_input ([0, 1]), mr_mask (1 = sampled, fftshifted), \
            mr_kspace (log magnitude, PNG only), mr_zero_filled; and simulation.json (settings, \
            sizes, value ranges). Defaults are the authors' sensor models (DESIGN.md §3).
            """
    )

    @Option(help: "CT slice file, Hounsfield units.")
    var ct: String?

    @OptionGroup(title: "CT file layout") var ctLayout: CTLayout

    @Option(help: "MR slice file, any intensity scale.")
    var mr: String?

    @OptionGroup(title: "MR file layout") var mrLayout: MRLayout

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
        try ctLayout.layout.validate(prefix: "ct")
        try mrLayout.layout.validate(prefix: "mr")
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

        var outputs = SimulationOutputs(folder: out)
        if let ct {
            let hounsfield = try ctLayout.layout.file(ct).read()
            var attenuation = hounsfield
            attenuation.pixels = hounsfield.pixels.map(HounsfieldScale.attenuation(fromHounsfield:))
            let acquisition = try simulation.simulateCT(attenuation: attenuation)
            outputs.add("ct_attenuation", attenuation, window: 0...0.6)
            outputs.add("ct_sinogram", acquisition.sinogram)
            outputs.add("ct_fbp", acquisition.reconstruction, window: 0...0.6)
        }
        if let mr {
            let raw = try mrLayout.layout.file(mr).read()
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
extension RawSliceFile.SampleType: ExpressibleByArgument {}

/// How one raw input file is laid out; the CT and MR groups differ only in their option names.
struct SliceLayout {
    var size: String?
    var type: RawSliceFile.SampleType
    var offset: Int
    var slice: Int
    var spacing: Double

    func validate(prefix: String) throws {
        if let size { _ = try Self.parse(size, option: "--\(prefix)-size") }
        guard offset >= 0, slice >= 0 else { throw ValidationError("--\(prefix)-offset and --\(prefix)-slice must not be negative") }
        guard spacing > 0 else { throw ValidationError("--\(prefix)-spacing must be positive") }
    }

    func file(_ path: String) throws -> RawSliceFile {
        RawSliceFile(
            path: path, type: type, size: try size.map { try Self.parse($0, option: "size") },
            offset: offset, slice: slice, spacingMM: spacing)
    }

    static func parse(_ text: String, option: String) throws -> (width: Int, height: Int) {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
            throw ValidationError("\(option) must look like 384x384, got '\(text)'")
        }
        return (parts[0], parts[1])
    }
}

struct CTLayout: ParsableArguments {
    @Option(name: .customLong("ct-size"), help: "Slice size WIDTHxHEIGHT (default: a square single-slice file is inferred).")
    var size: String?
    @Option(name: .customLong("ct-type"), help: "Sample type.")
    var type = RawSliceFile.SampleType.float32
    @Option(name: .customLong("ct-offset"), help: "Header bytes to skip.")
    var offset = 0
    @Option(name: .customLong("ct-slice"), help: "Slice index in a multi-slice file.")
    var slice = 0
    @Option(name: .customLong("ct-spacing"), help: "Pixel spacing in mm (square pixels); the default is the authors' 512/416·0.3 mm.")
    var spacing = FanBeamGeometry.authorsPixelSizeCM * 10

    var layout: SliceLayout { SliceLayout(size: size, type: type, offset: offset, slice: slice, spacing: spacing) }
}

struct MRLayout: ParsableArguments {
    @Option(name: .customLong("mr-size"), help: "Slice size WIDTHxHEIGHT (default: a square single-slice file is inferred).")
    var size: String?
    @Option(name: .customLong("mr-type"), help: "Sample type.")
    var type = RawSliceFile.SampleType.float32
    @Option(name: .customLong("mr-offset"), help: "Header bytes to skip (352 for a NIfTI-1 .nii).")
    var offset = 0
    @Option(name: .customLong("mr-slice"), help: "Slice index in a multi-slice file.")
    var slice = 0
    @Option(name: .customLong("mr-spacing"), help: "Pixel spacing in mm (square pixels); the default is the authors' 512/416·0.3 mm.")
    var spacing = FanBeamGeometry.authorsPixelSizeCM * 10

    var layout: SliceLayout { SliceLayout(size: size, type: type, offset: offset, slice: slice, spacing: spacing) }
}
