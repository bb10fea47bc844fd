/// How `padded(_:mode:)` fills the border.
public enum PaddingMode: String, Sendable, Codable {
    /// Zeros (PyTorch `ZeroPad2d`, `padding_mode='zeros'`).
    case zero
    /// Mirror without repeating the edge pixel: [a b c] → [c b | a b c | b a] (PyTorch
    /// `ReflectionPad2d`, NumPy mode 'reflect'). Each padding must be smaller than its dimension.
    case reflect
}

extension Tensor {
    /// Pads the last two dimensions (H, W) of an NCHW tensor by `padding` pixels on every side.
    public func padded(_ padding: Int, mode: PaddingMode) -> Tensor {
        padded(top: padding, bottom: padding, left: padding, right: padding, mode: mode)
    }

    /// Pads the last two dimensions by the given amounts. The backward rule sums each output
    /// pixel's gradient into the input pixel it was copied from (for reflect, edges receive
    /// gradient from their mirror images too).
    public func padded(top: Int, bottom: Int, left: Int, right: Int, mode: PaddingMode) -> Tensor {
        shapeCheck(rank >= 2, "padded: need at least 2 dimensions, got \(shape)")
        shapeCheck(min(top, bottom, left, right) >= 0, "padded: negative padding")
        let height = shape[rank - 2]
        let width = shape[rank - 1]
        if mode == .reflect {
            shapeCheck(
                max(top, bottom) < height && max(left, right) < width,
                "padded(.reflect): padding (\(top), \(bottom), \(left), \(right)) must be smaller than the input's \(height)×\(width)")
        }
        let outHeight = height + top + bottom
        let outWidth = width + left + right
        let planes = count / max(1, height * width)
        var outShape = shape
        outShape[rank - 2] = outHeight
        outShape[rank - 1] = outWidth

        /// The source index of padded coordinate i (in 0..<extent + before + after), or nil for zero.
        func source(_ i: Int, before: Int, extent: Int) -> Int? {
            let j = i - before
            if j >= 0 && j < extent { return j }
            guard mode == .reflect else { return nil }
            return j < 0 ? -j : 2 * (extent - 1) - j
        }
        let rowSource = (0..<outHeight).map { source($0, before: top, extent: height) }
        let columnSource = (0..<outWidth).map { source($0, before: left, extent: width) }

        /// Calls body(padded row, source row, x, sx) for every padded pixel copied from a source
        /// pixel, parallel over planes: the forward copies along these pairs, the backward adds back.
        func forEachCopiedPixel(_ body: (Int, Int, Int, Int) -> Void) {
            parallelFor(planes) { range in
                for p in range {
                    for y in 0..<outHeight {
                        guard let sy = rowSource[y] else { continue }
                        for x in 0..<outWidth {
                            if let sx = columnSource[x] { body(p * outHeight + y, p * height + sy, x, sx) }
                        }
                    }
                }
            }
        }

        let storage = TensorStorage(count: planes * outHeight * outWidth)
        let input = pointer
        let output = storage.pointer
        forEachCopiedPixel { row, sourceRow, x, sx in output[row * outWidth + x] = input[sourceRow * width + sx] }
        return Tensor.result(outShape, storage, operation: "padded", inputs: [self]) { [shape] g in
            let gradient = Tensor(zeros: shape)
            let gradIn = gradient.pointer
            let gradOut = g.pointer
            // Sequential within a plane, so reflected pixels that share a source add without races.
            forEachCopiedPixel { row, sourceRow, x, sx in gradIn[sourceRow * width + sx] += gradOut[row * outWidth + x] }
            return [gradient]
        }
    }
}
