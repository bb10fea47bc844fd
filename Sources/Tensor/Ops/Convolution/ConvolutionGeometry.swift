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

    /// Column rows (oy values) per band: enough that the band's buffer holds about 4 M floats.
    var bandHeight: Int {
        max(1, min(columnHeight, (4 << 20) / max(1, columnRows * columnWidth)))
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
    /// Parallel over channels, so no two threads write the same pixel.
    func col2im(columns: UnsafePointer<Float>, band: Range<Int>, image: UnsafeMutablePointer<Float>) {
        let rowLength = band.count * columnWidth
        parallelFor(channels) { channelRange in
            for c in channelRange {
                let plane = image + c * imagePlane
                for ki in 0..<kernelHeight {
                    for kj in 0..<kernelWidth {
                        let valid = validColumns(kernelColumn: kj)
                        if valid.isEmpty { continue }
                        let row = (c * kernelHeight + ki) * kernelWidth + kj
                        var source = columns + row * rowLength
                        for oy in band {
                            let iy = oy * stride - padding + ki
                            if iy >= 0 && iy < imageHeight {
                                let destination = plane + iy * imageWidth - padding + kj
                                if stride == 1 {
                                    for ox in valid { destination[ox] += source[ox] }
                                } else {
                                    for ox in valid { destination[ox * stride] += source[ox] }
                                }
                            }
                            source += columnWidth
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
