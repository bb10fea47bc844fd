/// The checks every image metric makes before reading pixels.
enum MetricInputs {
    /// Throws `.sizeMismatch` when the images (or the mask) differ in size, `.emptyMask` when the
    /// mask selects nothing. The mask is row-major like the pixels; true = include the pixel.
    static func validate(_ reference: Image2D, _ test: Image2D, mask: [Bool]?, metric: String) throws {
        guard reference.width == test.width, reference.height == test.height else {
            throw ImagingError.sizeMismatch(
                expected: [reference.width, reference.height], actual: [test.width, test.height],
                what: "\(metric) test image")
        }
        guard let mask else { return }
        guard mask.count == reference.pixels.count else {
            throw ImagingError.sizeMismatch(
                expected: [reference.width, reference.height], actual: [mask.count], what: "\(metric) mask")
        }
        guard mask.contains(true) else { throw ImagingError.emptyMask }
    }

    /// The pixel indices a metric averages over: the mask's true entries, or every pixel.
    static func indices(count: Int, mask: [Bool]?) -> [Int] {
        guard let mask else { return Array(0..<count) }
        return mask.indices.filter { mask[$0] }
    }
}
