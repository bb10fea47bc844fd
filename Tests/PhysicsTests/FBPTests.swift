import Foundation
import Imaging
import Testing

@testable import Physics

@Suite struct FBPTests {
    /// DESIGN §3: a water disc (μ = 0.192 cm⁻¹, radius 5 cm) in the authors' geometry (64 views)
    /// reconstructs to 0.192 within 1% in its centre (mean over the central 1 cm radius).
    @Test func waterDiscExact() throws {
        let geometry = try FanBeamGeometry()
        let sinogram = try FanBeamProjector(geometry: geometry).forward(CTTestPhantoms.disc(geometry, radiusCM: 5))
        let image = try FilteredBackProjection(geometry: geometry).reconstruct(sinogram)
        let centre = CTTestPhantoms.mean(image, geometry, within: 1)
        let inner = CTTestPhantoms.mean(image, geometry, within: 4)
        print("CT water disc exact: centre \(centre), r < 4 cm \(inner)")
        #expect(abs(centre - 0.192) <= 0.01 * 0.192)
        // Measured 0.192002 and 0.192004: exact FBP leaves only discretisation error, 1e-3 relative
        // is the honest bound (the 1% of the issue would hide a lost cosine weight, −0.4%).
        #expect(abs(centre - 0.192) <= 1e-3 * 0.192)
        #expect(abs(inner - 0.192) <= 1e-3 * 0.192)
    }

    /// The authors' unweighted ODL FBP reads a water disc ≈ 0.9% high. Real ODL 1.0.0 with ASTRA
    /// (CPU) on the same disc and geometry gave 0.193692 (central 1 cm) and 0.193773 (r < 4 cm):
    /// the missing cosine and distance weights lower it by ≈0.4%, and ODL's half-sample-shifted
    /// ramp on 2N − 1 points has a DC gain above the Ram-Lak kernel's, raising it by ≈1.3%.
    @Test func waterDiscAuthors() throws {
        let geometry = try FanBeamGeometry()
        let sinogram = try FanBeamProjector(geometry: geometry).forward(CTTestPhantoms.disc(geometry, radiusCM: 5))
        let image = try FilteredBackProjection(geometry: geometry, mode: .authors).reconstruct(sinogram)
        let centre = CTTestPhantoms.mean(image, geometry, within: 1)
        let inner = CTTestPhantoms.mean(image, geometry, within: 4)
        print("CT water disc authors: centre \(centre), r < 4 cm \(inner)")
        #expect(abs(centre - 0.192) <= 0.01 * 0.192)
        // Measured 0.193732 / 0.193774 against ODL's 0.193692 / 0.193773: 2.5e-4 relative is the
        // difference of the two projector/backprojector discretisations, 1e-3 bounds it.
        #expect(abs(centre - 0.193692) <= 1e-3 * 0.193692)
        #expect(abs(inner - 0.193773) <= 1e-3 * 0.193773)
    }

    /// Every window keeps the DC gain, so each reconstructs the water disc's centre; the
    /// apodised ones only blur the rim.
    @Test(arguments: FBPFilter.Window.allCases) func everyFilterKeepsTheWaterValue(window: FBPFilter.Window) throws {
        let geometry = try FanBeamGeometry(imageWidth: 128, imageHeight: 128, pixelSizeCM: 3 * FanBeamGeometry.authorsPixelSizeCM)
        let sinogram = try FanBeamProjector(geometry: geometry).forward(CTTestPhantoms.disc(geometry, radiusCM: 5))
        for scaling in [1.0, 0.5] {
            let image = try FilteredBackProjection(geometry: geometry, filter: FBPFilter(window, frequencyScaling: scaling))
                .reconstruct(sinogram)
            let centre = CTTestPhantoms.mean(image, geometry, within: 1.5)
            print("CT water disc \(window) ×\(scaling): centre \(centre)")
            // Measured within 8.4e-5 relative of 0.192 for every window and scaling; 1e-3 bounds it.
            #expect(abs(centre - 0.192) <= 1e-3 * 0.192, "\(window) at frequency scaling \(scaling)")
        }
    }

    /// Modified Shepp-Logan (skull 0.96, brain 0.192 cm⁻¹) at 720 views in the authors' geometry.
    @Test func sheppLoganAt720Views() throws {
        let geometry = try FanBeamGeometry(views: 720)
        let phantom = CTTestPhantoms.sheppLogan(geometry)
        let sinogram = try FanBeamProjector(geometry: geometry).forward(phantom)
        let exact = try FilteredBackProjection(geometry: geometry).reconstruct(sinogram)
        let authors = try FilteredBackProjection(geometry: geometry, mode: .authors).reconstruct(sinogram)
        // Brain: inside the inner ellipse shrunk by 4 pixels, away from the skull's 0.77 cm⁻¹ step.
        let half = 0.5 * 384 * geometry.pixelSizeCM, margin = 4 * geometry.pixelSizeCM
        let brain = CTTestPhantoms.Ellipse(
            value: 1, semiAxisX: 0.6624 * half - margin, semiAxisY: 0.8740 * half - margin,
            centre: SIMD2(0, 0.0184 * half), angleDegrees: 0)
        var mask = [Bool](repeating: false, count: 384 * 384)
        for row in 0..<384 {
            for column in 0..<384 { mask[row * 384 + column] = brain.contains(geometry.pixelCentre(column: column, row: row)) }
        }
        let all = CTTestPhantoms.rmse(exact, phantom), inside = CTTestPhantoms.rmse(exact, phantom, mask: mask)
        let authorsAll = CTTestPhantoms.rmse(authors, phantom), authorsInside = CTTestPhantoms.rmse(authors, phantom, mask: mask)
        print("CT Shepp-Logan 720 views RMSE (cm⁻¹): exact all \(all) brain \(inside); authors all \(authorsAll) brain \(authorsInside)")
        // Measured (cm⁻¹): exact 0.0149 over the image, 0.0044 in the brain; authors 0.0165 and
        // 0.0053. The whole-image figure is dominated by the skull rim (a 0.77 cm⁻¹ step blurred
        // over ~1 pixel); the brain figure by the ventricle and tumour edges inside the mask.
        // Bounds ≈ measured + 20%.
        #expect(all < 0.018)
        #expect(inside < 0.0053)
        #expect(authorsAll < 0.02)
        #expect(authorsInside < 0.0065)
    }
}
