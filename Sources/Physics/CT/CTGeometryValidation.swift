/// The checks every CT geometry runs in its initialiser; each throws
/// `PhysicsError.invalidParameter` naming the parameter and its valid range.
enum CTGeometryValidation {
    /// Image width and height ≥ 1, pixel size positive and finite.
    static func checkGrid(width: Int, height: Int, pixelSizeCM: Double) throws {
        guard width >= 1 else {
            throw PhysicsError.invalidParameter(name: "imageWidth", value: "\(width)", requirement: "must be at least 1")
        }
        guard height >= 1 else {
            throw PhysicsError.invalidParameter(name: "imageHeight", value: "\(height)", requirement: "must be at least 1")
        }
        try checkPositive("pixelSizeCM", pixelSizeCM)
    }

    /// Views and bins ≥ 1, detector length positive, angular range in (0, 2π].
    static func checkScan(_ geometry: some CTScanGeometry) throws {
        guard geometry.views >= 1 else {
            throw PhysicsError.invalidParameter(
                name: "views", value: "\(geometry.views)", requirement: "must be at least 1")
        }
        guard geometry.detectorBins >= 1 else {
            throw PhysicsError.invalidParameter(
                name: "detectorBins", value: "\(geometry.detectorBins)", requirement: "must be at least 1")
        }
        try checkPositive("detectorLengthCM", geometry.detectorLengthCM)
        let range = geometry.angularRangeRadians
        guard range.isFinite, range > 0, range <= 2 * Double.pi * (1 + 1e-12) else {
            throw PhysicsError.invalidParameter(
                name: "angularRangeRadians", value: "\(range)", requirement: "must lie in (0, 2π]")
        }
    }

    /// `value` finite and > 0 (or ≥ 0 with `orZero`).
    static func checkPositive(_ name: String, _ value: Double, orZero: Bool = false) throws {
        guard value.isFinite, value > 0 || (orZero && value == 0) else {
            throw PhysicsError.invalidParameter(
                name: name, value: "\(value)", requirement: orZero ? "must be finite and ≥ 0" : "must be finite and > 0")
        }
    }
}
