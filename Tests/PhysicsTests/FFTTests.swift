import Dispatch
import Foundation
import Imaging
import Synchronization
import Testing

@testable import Physics

@Suite struct FFTTests {
    /// A reproducible complex image with components uniform in [−1, 1).
    static func randomComplex(width: Int, height: Int, seed: UInt32) -> ComplexImage {
        var random = MersenneTwister(seed: seed)
        return ComplexImage(
            width: width, height: height,
            values: (0..<2 * width * height).map { _ in Float(2 * random.nextDouble() - 1) })
    }

    @Test func forwardMatchesNumpyFFT2() throws {
        let size = try MRFixture.values().fft
        let input = Image2D(width: size.width, height: size.height, pixels: try MRFixture.floats("fft_input"))
        let spectrum = FFT.forward(ComplexImage(input))
        MRFixture.expectClose(spectrum.values, try MRFixture.floats("fft2"), rtol: 1e-5, atol: 1e-5, "fft2")
    }

    @Test func inverseMatchesNumpyIFFT2() throws {
        let size = try MRFixture.values().fft
        let input = ComplexImage(width: size.width, height: size.height, values: try MRFixture.floats("ifft_input"))
        MRFixture.expectClose(FFT.inverse(input).values, try MRFixture.floats("ifft2"), atol: 1e-6, "ifft2")
    }

    @Test(arguments: [(12, 10), (7, 5), (16, 16), (1, 9)])
    func inverseUndoesForwardAndParsevalHolds(width: Int, height: Int) {
        let image = Self.randomComplex(width: width, height: height, seed: UInt32(width * 100 + height))
        let spectrum = FFT.forward(image)
        MRFixture.expectClose(FFT.inverse(spectrum).values, image.values, atol: 1e-6, "inverse∘forward")
        MRFixture.expectClose(FFT.forward(FFT.inverse(image)).values, image.values, atol: 1e-6, "forward∘inverse")
        // Parseval for the unnormalised DFT: Σ|X|² = W·H·Σ|x|².
        let energy = image.values.reduce(0) { $0 + Double($1) * Double($1) }
        let spectralEnergy = spectrum.values.reduce(0) { $0 + Double($1) * Double($1) }
        #expect(abs(spectralEnergy - Double(width * height) * energy) <= 1e-5 * spectralEnergy)
    }

    @Test func constantImageHasOnlyADCTerm() {
        let spectrum = FFT.forward(ComplexImage(Image2D(width: 6, height: 4, repeating: 2)))
        #expect(spectrum[x: 0, y: 0] == (48, 0))
        #expect(spectrum.values.dropFirst(2).allSatisfy { abs($0) < 1e-5 })
    }

    @Test(arguments: [(4, 6), (5, 7), (1, 1), (6, 3)])
    func shiftsFollowNumpyAndUndoEachOther(width: Int, height: Int) {
        let image = Image2D(width: width, height: height, pixels: (0..<width * height).map(Float.init))
        let shifted = FFT.fftShift(image)
        // numpy: fftshift(x)[y, x] = x[(y − H/2) mod H, (x − W/2) mod W], so DC lands at (W/2, H/2).
        for y in 0..<height {
            for x in 0..<width {
                let source = image[x: (x - width / 2 + width) % width, y: (y - height / 2 + height) % height]
                #expect(shifted[x: x, y: y] == source)
            }
        }
        #expect(shifted[x: width / 2, y: height / 2] == image[x: 0, y: 0])
        #expect(FFT.ifftShift(shifted) == image)
        #expect(FFT.fftShift(FFT.ifftShift(image)) == image)
        let complex = Self.randomComplex(width: width, height: height, seed: 3)
        #expect(FFT.ifftShift(FFT.fftShift(complex)) == complex)
        #expect(FFT.fftShift(complex).magnitude() == FFT.fftShift(complex.magnitude()))
    }

    @Test func oddShiftIsNotItsOwnInverse() {
        // numpy: fftshift([0,1,2,3,4]) = [3,4,0,1,2], ifftshift = [2,3,4,0,1].
        let row = Image2D(width: 5, height: 1, pixels: [0, 1, 2, 3, 4])
        #expect(FFT.fftShift(row).pixels == [3, 4, 0, 1, 2])
        #expect(FFT.ifftShift(row).pixels == [2, 3, 4, 0, 1])
    }

    /// filterRows with an arbitrary real response is a circular convolution (period P) with the
    /// kernel h[n] = (1/P)·Σ_k H[k]·cos(2πkn/P) over the Hermitian extension of the response.
    @Test(arguments: [(6, 8), (5, 5), (7, 13)])
    func filterRowsIsACircularConvolution(rowLength: Int, padded: Int) {
        var random = MersenneTwister(seed: UInt32(rowLength * padded))
        let rowCount = 3
        let rows = (0..<rowCount * rowLength).map { _ in Float(random.nextDouble()) }
        var response = (0...padded / 2).map { _ in Float(2 * random.nextDouble() - 1) }
        if padded % 2 == 0 { response[padded / 2] = 0.5 }
        let kernel = (0..<padded).map { n in
            (0..<padded).reduce(0.0) { sum, k in
                let bin = Double(response[min(k, padded - k)])
                return sum + bin * cos(2 * Double.pi * Double(k * n) / Double(padded))
            } / Double(padded)
        }
        var filtered = rows
        FFT.filterRows(&filtered, rowLength: rowLength, rowCount: rowCount, paddedLength: padded, response: response)
        let expected = (0..<rowCount * rowLength).map { index in
            let (row, n) = (index / rowLength, index % rowLength)
            return Float(
                (0..<rowLength).reduce(0.0) {
                    $0 + Double(rows[row * rowLength + $1]) * kernel[(n - $1 + padded) % padded]
                })
        }
        MRFixture.expectClose(filtered, expected, atol: 1e-5, "circular convolution")
    }

    /// With P ≥ L + J a symmetric kernel g of half-width J is applied as a linear convolution,
    /// response[k] = Σ_j g[j]·cos(2πkj/P) (FBP's case).
    @Test func filterRowsWithEnoughPaddingIsALinearConvolution() {
        let (rowLength, rowCount, padded) = (20, 4, 32)
        let kernel: [Int: Double] = [0: 0.25, 1: -0.1, -1: -0.1, 3: -0.02, -3: -0.02, 12: 0.01, -12: 0.01]
        let response = (0...padded / 2).map { k in
            Float(kernel.reduce(0.0) { $0 + $1.value * cos(2 * Double.pi * Double(k * $1.key) / Double(padded)) })
        }
        var random = MersenneTwister(seed: 11)
        let rows = (0..<rowCount * rowLength).map { _ in Float(random.nextDouble()) }
        var filtered = rows
        FFT.filterRows(&filtered, rowLength: rowLength, rowCount: rowCount, paddedLength: padded, response: response)
        let expected = (0..<rowCount * rowLength).map { index in
            let (row, n) = (index / rowLength, index % rowLength)
            return Float(
                (0..<rowLength).reduce(0.0) { $0 + Double(rows[row * rowLength + $1]) * (kernel[n - $1] ?? 0) })
        }
        MRFixture.expectClose(filtered, expected, atol: 1e-6, "linear convolution")
    }

    @Test func filterRowsWithUnitResponseKeepsRows() {
        var rows: [Float] = (0..<3 * 9).map { Float($0 % 7) - 3 }
        let original = rows
        FFT.filterRows(&rows, rowLength: 9, rowCount: 3, paddedLength: 16, response: Array(repeating: 1, count: 9))
        MRFixture.expectClose(rows, original, atol: 1e-5, "identity filter")
    }

    /// Plans are created concurrently for sizes no other test uses, then many transforms run on
    /// several threads; every result must equal the single-threaded one bit for bit.
    @Test func concurrentTransformsAgreeWithSerialOnes() {
        let sizes = [(17, 23), (29, 31), (64, 48), (33, 1)]
        let images = (0..<32).map {
            Self.randomComplex(width: sizes[$0 % 4].0, height: sizes[$0 % 4].1, seed: UInt32($0))
        }
        let rowResponse = (0...37).map { Float($0) / 37 }
        let rows = (0..<50 * 40).map { Float(($0 * 7919) % 101) / 101 }
        let results = Mutex<[Int: (ComplexImage, ComplexImage, [Float])]>([:])
        DispatchQueue.concurrentPerform(iterations: images.count) { i in
            var filtered = rows
            FFT.filterRows(&filtered, rowLength: 40, rowCount: 50, paddedLength: 74 + i % 2, response: rowResponse)
            let result = (FFT.forward(images[i]), FFT.inverse(images[i]), filtered)
            results.withLock { $0[i] = result }
        }
        let concurrent = results.withLock { $0 }
        for (i, image) in images.enumerated() {
            var filtered = rows
            FFT.filterRows(&filtered, rowLength: 40, rowCount: 50, paddedLength: 74 + i % 2, response: rowResponse)
            #expect(concurrent[i]?.0 == FFT.forward(image))
            #expect(concurrent[i]?.1 == FFT.inverse(image))
            #expect(concurrent[i]?.2 == filtered)
        }
    }
}
