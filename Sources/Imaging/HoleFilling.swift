/// Fills the holes of a 2-D binary mask: the equivalent of `scipy.ndimage.binary_fill_holes` with its default
/// structure, which the authors apply to each thresholded MR slice (reference/msl-authors-code.md §3.2 step 1),
/// so that dark tissue inside the head (ventricles, sinuses, CSF) stays inside the mask.
///
/// scipy invades the background from outside the image (border value 1) through the default structuring
/// element, the 4-neighbour cross, and returns the complement of what it reached. Equivalently: every
/// background pixel that is not 4-connected, through background, to a pixel on the image border becomes
/// foreground. A background region touching the outside only diagonally is a hole and is filled.
public enum HoleFilling {
    /// The mask with every enclosed background component set to true.
    ///
    /// - Parameters:
    ///   - mask: row-major, index y·width + x; count must be width·height.
    /// - Returns: a mask of the same layout, true where `mask` is true or the pixel is enclosed.
    public static func filled(_ mask: [Bool], width: Int, height: Int) -> [Bool] {
        precondition(width >= 0 && height >= 0, "HoleFilling: negative size \(width)×\(height)")
        precondition(mask.count == width * height, "HoleFilling: \(width)×\(height) needs \(width * height) values")
        guard width > 0, height > 0 else { return mask }
        // Background reached from the border; everything else is foreground after filling.
        var outside = [Bool](repeating: false, count: mask.count)
        var stack: [Int] = []
        func visit(_ index: Int) {
            if !mask[index] && !outside[index] {
                outside[index] = true
                stack.append(index)
            }
        }
        for x in 0..<width {
            visit(x)
            visit((height - 1) * width + x)
        }
        for y in 0..<height {
            visit(y * width)
            visit(y * width + width - 1)
        }
        while let index = stack.popLast() {
            let (x, y) = (index % width, index / width)
            if x > 0 { visit(index - 1) }
            if x < width - 1 { visit(index + 1) }
            if y > 0 { visit(index - width) }
            if y < height - 1 { visit(index + width) }
        }
        return outside.map { !$0 }
    }
}
