#if canImport(Glibc)
import Glibc
#endif

/// The index map shared by convolution and transposed convolution: a kernel position (ki, kj)
/// at column position (oy, ox) reads image pixel (oy·stride − padding + ki, ox·stride − padding + kj).
///
/// For a convolution the image is the input and the columns are output pixels; for a transposed
/// convolution the image is the output and the columns are input pixels (its forward pass is a
/// convolution's input-gradient pass). `im2col` gathers, `col2im` scatter-adds; they are adjoint.
/// Both work on a band of column rows at a time so that the column buffer stays a few MB
/// (Caffe's `base_conv_layer.cpp` holds one whole image; we hold one band).
struct ConvolutionGeometry {
    let channels: Int
    let imageHeight: Int
    let imageWidth: Int
    let kernelHeight: Int
    let kernelWidth: Int
    let stride: Int
    let padding: Int
    let columnHeight: Int
    let columnWidth: Int

    /// Rows of the column matrix: one per (channel, ki, kj).
    var columnRows: Int { channels * kernelHeight * kernelWidth }
    /// Pixels per image plane.
    var imagePlane: Int { imageHeight * imageWidth }

    /// Whether the column matrix is the image itself (1×1 kernel, stride 1, no padding).
    var isIdentity: Bool {
        kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0
            && columnHeight == imageHeight && columnWidth == imageWidth
    }

    /// Column rows (oy values) per band: enough that the band's buffer holds about 2 M floats
    /// (8 MB, within the last-level cache; 16 MB bands measured 10–15 % slower on the 4×4/2 layer).
    var bandHeight: Int {
        max(1, min(columnHeight, (2 << 20) / max(1, columnRows * columnWidth)))
    }

    /// The ox range whose image column ix = ox·stride − padding + kj lies inside the image.
    @inline(__always)
    private func validColumns(kernelColumn kj: Int) -> Range<Int> {
        // ix >= 0  ⇔ ox >= ceil((padding - kj) / stride); ix < W ⇔ ox <= (W - 1 + padding - kj) / stride
        let offset = padding - kj
        let low = offset <= 0 ? 0 : (offset + stride - 1) / stride
        let highNumerator = imageWidth - 1 + offset
        let high = highNumerator < 0 ? 0 : min(columnWidth, highNumerator / stride + 1)
        return low..<max(low, high)
    }

    /// Gathers column rows `band` (oy values) of `image` ([channels, H, W]) into `columns`
    /// ([columnRows, band.count · columnWidth], row-major).
    func im2col(image: UnsafePointer<Float>, band: Range<Int>, columns: UnsafeMutablePointer<Float>) {
        let rowLength = band.count * columnWidth
        let kernelArea = kernelHeight * kernelWidth
        parallelFor(columnRows, grain: 4) { rows in
            for row in rows {
                let c = row / kernelArea
                let ki = (row / kernelWidth) % kernelHeight
                let kj = row % kernelWidth
                let valid = validColumns(kernelColumn: kj)
                let plane = image + c * imagePlane
                var destination = columns + row * rowLength
                for oy in band {
                    let iy = oy * stride - padding + ki
                    if iy < 0 || iy >= imageHeight || valid.isEmpty {
                        destination.update(repeating: 0, count: columnWidth)
                    } else {
                        destination.update(repeating: 0, count: valid.lowerBound)
                        let source = plane + iy * imageWidth - padding + kj
                        if stride == 1 {
                            (destination + valid.lowerBound).update(
                                from: source + valid.lowerBound, count: valid.count)
                        } else if stride == 2 {
                            gatherEvenElements(from: source, into: destination, range: valid)
                        } else {
                            for ox in valid { destination[ox] = source[ox * stride] }
                        }
                        (destination + valid.upperBound).update(
                            repeating: 0, count: columnWidth - valid.upperBound)
                    }
                    destination += columnWidth
                }
            }
        }
    }

    /// Scatter-adds column rows `band` of `columns` into `image` (the adjoint of `im2col`).
    ///
    /// Parallel over image rows (channel, iy): each thread gathers every contribution that lands
    /// in its rows, so no two threads write one pixel, and a one-channel image still uses every
    /// thread. Contributions are added in (ki, kj) order whatever the thread count.
    func col2im(columns: UnsafePointer<Float>, band: Range<Int>, image: UnsafeMutablePointer<Float>) {
        let rowLength = band.count * columnWidth
        let validByKernelColumn = (0..<kernelWidth).map { validColumns(kernelColumn: $0) }
        parallelFor(channels * imageHeight, grain: 8) { imageRows in
            for imageRow in imageRows {
                let (c, iy) = imageRow.quotientAndRemainder(dividingBy: imageHeight)
                let destinationRow = image + imageRow * imageWidth
                for ki in 0..<kernelHeight {
                    // The column row oy that reads image row iy through kernel row ki, if any.
                    let (oy, remainder) = (iy + padding - ki).quotientAndRemainder(dividingBy: stride)
                    guard remainder == 0, band.contains(oy) else { continue }
                    for kj in 0..<kernelWidth {
                        let valid = validByKernelColumn[kj]
                        if valid.isEmpty { continue }
                        let row = (c * kernelHeight + ki) * kernelWidth + kj
                        let source = columns + row * rowLength + (oy - band.lowerBound) * columnWidth
                        let destination = destinationRow - padding + kj
                        if stride == 1 {
                            for ox in valid { destination[ox] += source[ox] }
                        } else if stride == 2 {
                            scatterAddEvenElements(from: source, into: destination, range: valid)
                        } else {
                            for ox in valid { destination[ox * stride] += source[ox] }
                        }
                    }
                }
            }
        }
    }

    /// The bands of column rows, in order.
    var bands: [Range<Int>] {
        Swift.stride(from: 0, to: columnHeight, by: bandHeight).map { $0..<min($0 + bandHeight, columnHeight) }
    }
}

/// destination[i] = source[2·i] for i in `range`, eight at a time (stride-2 convolutions'
/// im2col; the scalar loop does not vectorise and was a third of a 4×4/2 layer's time).
@inline(__always)
private func gatherEvenElements(
    from source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, range: Range<Int>
) {
    var i = range.lowerBound
    let input = UnsafeRawPointer(source)
    let output = UnsafeMutableRawPointer(destination)
    // `<`, not `≤`: the 16-lane load reaches source[2i + 15], one past the last even element used.
    while i + 8 < range.upperBound {
        let pair = input.loadUnaligned(fromByteOffset: 8 * i, as: SIMD16<Float>.self)
        output.storeBytes(of: pair.evenHalf, toByteOffset: 4 * i, as: SIMD8<Float>.self)
        i += 8
    }
    while i < range.upperBound {
        destination[i] = source[2 * i]
        i += 1
    }
}

/// destination[2·i] += source[i] for i in `range`, eight at a time (stride-2 col2im, the
/// transposed convolution's forward pass). The odd lanes are stored back unchanged; the caller
/// owns the whole destination row, so no other thread writes them meanwhile.
@inline(__always)
private func scatterAddEvenElements(
    from source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, range: Range<Int>
) {
    var i = range.lowerBound
    let input = UnsafeRawPointer(source)
    let output = UnsafeMutableRawPointer(destination)
    // `<`, not `≤`: the 16-lane store reaches destination[2i + 15], past the last even element.
    while i + 8 < range.upperBound {
        var pair = output.loadUnaligned(fromByteOffset: 8 * i, as: SIMD16<Float>.self)
        pair.evenHalf += input.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
        output.storeBytes(of: pair, toByteOffset: 8 * i, as: SIMD16<Float>.self)
        i += 8
    }
    while i < range.upperBound {
        destination[2 * i] += source[i]
        i += 1
    }
}
