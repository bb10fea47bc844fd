import Foundation
import Imaging

/// The reconstructions mapped back from the model grid onto the aligned study's grid (`ModelGrid.inverse`)
/// over the processed slice range, in the units each output series stores:
/// - MSL-CT in HU, the exact inverse of the network's CT scale (HU = (0.6·x/0.192 − 1)·1000);
/// - MSL-MR in the MR's own units through the inverse of its min–max map; from a CT alone there is no MR
///   scale, so a synthetic MR is written in arbitrary units, 0…1000 for the network's [0, 1];
/// - hybrids and the λ-map fused image in arbitrary units, 0…1000 for [0, 1] (a blend has no physical unit);
/// - the λ-map itself on [0, 1] (0 = CT, 1 = MR).
struct OutputVolumes {
    /// Arbitrary units per network unit for outputs without a physical scale.
    static let arbitraryUnits: Float = 1000

    let geometry: Geometry
    let mslCT: Volume
    let mslMR: Volume
    let hybrids: [(lambda: Float, volume: Volume)]
    let lambdaMap: Volume?
    let fused: Volume?

    init(_ reconstruction: StackReconstruction, stack: ModelGridStack, on aligned: Geometry) throws {
        let first = stack.sliceIndices[0]
        geometry = try Geometry(
            size: SIMD3(aligned.size.x, aligned.size.y, stack.sliceIndices.count),
            originMM: aligned.physicalPoint(ofIndex: SIMD3(0, 0, first)), spacingMM: aligned.spacingMM,
            direction: aligned.direction, frameOfReferenceUID: aligned.frameOfReferenceUID)
        let grid = stack.grid
        let n = stack.size
        let geometry = self.geometry
        func volume(_ images: [[Float]], _ unit: @escaping @Sendable (Float) -> Float) throws -> Volume {
            let slices = try parallelMap(images, threads: ProcessInfo.processInfo.activeProcessorCount) { pixels in
                Result {
                    var image = try grid.inverse(Image2D(width: n, height: n, pixels: pixels))
                    image.pixels = image.pixels.map(unit)
                    return image
                }
            }.map { try $0.get() }
            return try Volume(geometry: geometry, voxels: Array(slices.map(\.pixels).joined()))
        }
        let hounsfield: @Sendable (Float) -> Float = {
            HounsfieldScale.hounsfield(fromAttenuation: HounsfieldScale.attenuation(fromNetworkValue: $0))
        }
        let arbitrary: @Sendable (Float) -> Float = { $0 * Self.arbitraryUnits }
        let mrUnits: @Sendable (Float) -> Float
        if let scaling = stack.mrScaling {
            mrUnits = { scaling.inverse($0) }
        } else {
            mrUnits = arbitrary
        }
        mslCT = try volume(reconstruction.mslCT, hounsfield)
        mslMR = try volume(reconstruction.mslMR, mrUnits)
        hybrids = try reconstruction.hybrids.map { ($0.lambda, try volume($0.images, arbitrary)) }
        lambdaMap = try reconstruction.lambdaMap.map { try volume($0.maps, { $0 }) }
        fused = try reconstruction.lambdaMap.map { try volume($0.fused, arbitrary) }
    }
}
