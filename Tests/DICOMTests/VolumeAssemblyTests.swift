import Foundation
import Imaging
import Testing

@testable import DICOM

@Suite struct VolumeAssemblyTests {
    let assembler = VolumeAssembler()

    /// Asserts every voxel sits where its slice's pixel sits and holds that pixel's value.
    func expectVoxelsMatchPixels(_ volume: Volume, slices: [InstanceMetadata], atol: Double) {
        var worst = 0.0
        for (k, instance) in slices.enumerated() {
            for j in 0..<instance.rows {
                for i in 0..<instance.columns {
                    let p = volume.geometry.physicalPoint(ofIndex: SIMD3(i, j, k))
                    worst = max(worst, (p - SyntheticSeries.point(instance, i: i, j: j)).maxMagnitude)
                }
            }
        }
        #expect(worst <= atol)
    }

    @Test func cleanAxialSeriesHasTheFirstPositionAsOriginAndDICOMSpacing() throws {
        let instances = SyntheticSeries.stack(count: 5)
        let result = try assembler.assemble(
            GeometryGate().evaluate(instances.reversed()), pixels: SyntheticSeries.rampPixels)
        let geometry = result.volume.geometry
        #expect(!result.isResampled)
        #expect(geometry.size == SIMD3(6, 8, 5))  // columns, rows, slices
        #expect(geometry.originMM == SIMD3(-100, -120, 40))
        #expect(geometry.spacingMM == SIMD3(0.6, 0.8, 2.5))  // (PixelSpacing[1], PixelSpacing[0], step)
        #expect(geometry.direction == .identity)
        #expect(geometry.frameOfReferenceUID == "1.2.826.0.9.99")
        expectVoxelsMatchPixels(result.volume, slices: instances, atol: 1e-12)
        // Voxel (i, j, k) is pixel (column i, row j) of the k-th slice along the normal.
        #expect(result.volume[5, 7, 4] == Float(SyntheticSeries.ramp(SyntheticSeries.point(instances[4], i: 5, j: 7))))
        #expect(result.sourceSlices.map(\.instance.instanceNumber) == [1, 2, 3, 4, 5])
    }

    @Test func shuffledInstanceNumbersStackByPosition() throws {
        var instances = SyntheticSeries.stack(count: 6)
        for (k, number) in [4, 1, 6, 2, 5, 3].enumerated() { instances[k].instanceNumber = number }
        let result = try assembler.assemble(GeometryGate().evaluate([3, 5, 0, 2, 4, 1].map { instances[$0] })) {
            instance, _ in
            Array(repeating: Float(instance.imagePositionPatient!.z), count: instance.rows * instance.columns)
        }
        #expect((0..<6).map { result.volume[0, 0, $0] } == [40, 42.5, 45, 47.5, 50, 52.5])
    }

    @Test func obliqueSeriesHasAnOrthonormalDirectionMatchingIOP() throws {
        // Cosines rotated 37° about an oblique axis, then rounded to six decimals as DICOM stores them.
        func rounded(_ v: SIMD3<Double>) -> SIMD3<Double> { (v * 1e6).rounded(.toNearestOrEven) / 1e6 }
        let axis = SIMD3<Double>(0.3, -0.5, 0.8)
        let row = rounded(SyntheticSeries.rotate(SIMD3(1, 0, 0), about: axis, degrees: 37))
        let column = rounded(SyntheticSeries.rotate(SIMD3(0, 1, 0), about: axis, degrees: 37))
        let instances = SyntheticSeries.stack(count: 6, step: 1.25, row: row, column: column)
        let verdict = GeometryGate().evaluate(instances)
        #expect(verdict.findings.isEmpty)
        let d = try assembler.assemble(verdict, pixels: SyntheticSeries.rampPixels).volume.geometry.direction
        #expect((d.transpose * d).maxAbsoluteDifference(to: .identity) <= 1e-12)
        #expect(abs(d.determinant - 1) <= 1e-12)
        #expect((d.column0 - row).maxMagnitude <= 1e-6)
        #expect((d.column1 - column).maxMagnitude <= 1e-6)
        #expect((d.column2 - row.cross(column)).maxMagnitude <= 1e-6)
        #expect(d.column0 != SIMD3(1, 0, 0))  // really oblique
        let volume = try assembler.assemble(verdict, pixels: SyntheticSeries.rampPixels).volume
        expectVoxelsMatchPixels(volume, slices: instances, atol: 1e-4)
    }

    @Test func mixedSlopesAreAppliedPerSliceByTheLoader() throws {
        var instances = SyntheticSeries.stack(count: 4)
        instances[2].rescaleSlope = 2.5
        let result = try assembler.assemble(GeometryGate().evaluate(instances)) { instance, _ in
            // A reader's pixels: stored value 100, rescaled with the instance's own slope and intercept.
            Array(repeating: Float(100 * instance.rescaleSlope + instance.rescaleIntercept), count: 48)
        }
        #expect((0..<4).map { result.volume[3, 3, $0] } == [-924, -924, -774, -924])
        #expect(result.findings.map(\.code) == [.mixedRescale])
    }

    /// How a resampled voxel must come out: the analytic value where every bracketing slice covers the
    /// projected point with full interpolation support, the fill where some bracketing slice misses it.
    enum Expectation {
        case exact(Double)
        case fill, edge
    }

    func expectation(at p: SIMD3<Double>, slices: [InstanceMetadata], normal: SIMD3<Double>, step: Double)
        -> Expectation
    {
        let e = p.dot(normal)
        let coordinates = slices.map { $0.imagePositionPatient!.dot(normal) }
        let onPlane = coordinates.indices.filter { abs(coordinates[$0] - e) <= 1e-6 * step }
        let bracket = onPlane.isEmpty ? coordinates.indices.filter { abs(coordinates[$0] - e) < step * 2 } : onPlane
        var inside = true
        for k in bracket {
            let s = slices[k]
            let offset = p + (coordinates[k] - e) * normal - s.imagePositionPatient!
            let i = offset.dot(s.imageOrientationRow!) / s.pixelSpacing!.y
            let j = offset.dot(s.imageOrientationColumn!) / s.pixelSpacing!.x
            if i < -0.5 || j < -0.5 || i >= Double(s.columns) - 0.5 || j >= Double(s.rows) - 0.5 { return .fill }
            if i < 0 || j < 0 || i > Double(s.columns - 1) || j > Double(s.rows - 1) { inside = false }
        }
        return inside ? .exact(SyntheticSeries.ramp(p)) : .edge
    }

    /// Checks every voxel against `expectation`; returns how many were checked exactly.
    func checkRamp(_ result: AssembledVolume, slices: [InstanceMetadata]) -> Int {
        let g = result.volume.geometry
        var (exact, worst, wrongFill) = (0, 0.0, 0)
        for k in 0..<g.size.z {
            for j in 0..<g.size.y {
                for i in 0..<g.size.x {
                    let p = g.physicalPoint(ofIndex: SIMD3(i, j, k))
                    let value = result.volume[i, j, k]
                    switch expectation(at: p, slices: slices, normal: g.direction.column2, step: g.spacingMM.z) {
                    case .exact(let f):
                        worst = max(worst, abs(Double(value) - f))
                        exact += 1
                    case .fill: if value != result.fill { wrongFill += 1 }
                    case .edge: break
                    }
                }
            }
        }
        #expect(worst <= 1e-3)  // Float32 rounding of values below ~300 (ulp ≈ 3e-5), with margin
        #expect(wrongFill == 0)
        return exact
    }

    @Test func tiltedSeriesIsResampledOntoAnOrthogonalGridThatReproducesALinearRamp() throws {
        let vector = SIMD3<Double>(0, 2.5 * tan(18.5 * .pi / 180), 2.5)
        let instances = SyntheticSeries.stack(count: 10, stepVector: vector)
        let result = try assembler.assemble(GeometryGate().evaluate(instances), pixels: SyntheticSeries.rampPixels)
        let g = result.volume.geometry
        #expect(result.isResampled)
        #expect(result.resampledBecause == [.gantryTilt])
        #expect(g.direction == .identity)  // orthogonal to IOP, not along the tilted stack
        #expect(g.spacingMM == SIMD3(0.6, 0.8, 2.5))
        // Total shear 9 × 2.5 × tan 18.5° = 7.53 mm = 9.41 rows: 8 + 10 rows cover every slice.
        #expect(g.size == SIMD3(6, 18, 10))
        #expect(g.originMM == SIMD3(-100, -120, 40))
        #expect(result.fill == result.volume.voxels.min())
        let exact = checkRamp(result, slices: instances)
        #expect(exact >= 10 * 6 * 7)
    }

    @Test func unevenSpacingIsResampledAtTheMedianStep() throws {
        let instances = SyntheticSeries.axial(atZ: [0, 1, 2, 3.3, 4.3, 5, 6])
        let result = try assembler.assemble(GeometryGate().evaluate(instances), pixels: SyntheticSeries.rampPixels)
        #expect(result.resampledBecause == [.unevenSpacing])
        #expect(result.volume.geometry.size == SIMD3(6, 8, 7))
        #expect(result.volume.geometry.spacingMM.z == 1)
        #expect(checkRamp(result, slices: instances) == 6 * 8 * 7)
        // Plane 3 (z = 3) lies 1/1.3 of the way from z = 2 to z = 3.3.
        let expected = SyntheticSeries.ramp(SIMD3(-100 + 0.6 * 2, -120 + 0.8 * 5, 3))
        #expect(abs(Double(result.volume[2, 5, 3]) - expected) <= 1e-3)
    }

    @Test func missingSlicesAreRejectedUnlessResamplingIsConfigured() throws {
        let instances = SyntheticSeries.axial(atZ: [0, 2.5, 5, 12.5, 15], numbers: [1, 2, 3, 6, 7])
        let verdict = GeometryGate().evaluate(instances)
        #expect(throws: DICOMError.geometryRejected(series: "series 3", findings: verdict.findings.map(\.description)))
        {
            try assembler.assemble(verdict, pixels: SyntheticSeries.rampPixels)
        }
        var policies = GeometryPolicies()
        policies.missingSlices = .resample
        let result = try assembler.assemble(
            GeometryGate(policies: policies).evaluate(instances), pixels: SyntheticSeries.rampPixels)
        #expect(result.resampledBecause == [.missingSlices])
        #expect(result.volume.geometry.size.z == 7)
        #expect(checkRamp(result, slices: instances) == 6 * 8 * 7)
    }

    @Test func splitDecisionsAreNotAssembled() {
        let instances =
            SyntheticSeries.stack(count: 3)
            + SyntheticSeries.stack(count: 3, firstNumber: 4).map {
                var i = $0
                i.acquisitionNumber = 2
                return i
            }
        #expect(throws: DICOMError.self) {
            try assembler.assemble(GeometryGate().evaluate(instances), pixels: SyntheticSeries.rampPixels)
        }
    }

    @Test func aLoaderReturningTheWrongCountIsAnError() {
        let verdict = GeometryGate().evaluate(SyntheticSeries.stack(count: 2))
        #expect(
            throws: DICOMError.undecodablePixels(
                path: "/inbox/1.2.826.0.9.3/1.dcm", reason: "frame 0 gave 47 values, expected Rows × Columns = 8×6 = 48"
            )
        ) {
            try assembler.assemble(verdict) { _, _ in [Float](repeating: 0, count: 47) }
        }
    }

    @Test func aSingleSliceTakesItsThicknessAsSpacing() throws {
        let result = try assembler.assemble(
            GeometryGate().evaluate(SyntheticSeries.stack(count: 1)), pixels: SyntheticSeries.rampPixels)
        #expect(result.volume.geometry.size == SIMD3(6, 8, 1))
        #expect(result.volume.geometry.spacingMM.z == 2.5)
        #expect(result.findings.map(\.code) == [.singleSlice])
    }

    @Test func subSeriesFromTheIndexAssembleOneVolumeEach() throws {
        var instances = SyntheticSeries.stack(count: 4) + SyntheticSeries.stack(count: 4, firstNumber: 5)
        for k in instances.indices { instances[k].echoNumbers = k < 4 ? "1" : "2" }
        let volumes = try SeriesIndex.build(from: instances).allSubSeries.map {
            try assembler.assemble($0, pixels: SyntheticSeries.rampPixels).volume
        }
        #expect(volumes.map(\.size) == [SIMD3(6, 8, 4), SIMD3(6, 8, 4)])
    }
}
