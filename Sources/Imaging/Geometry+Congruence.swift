extension Geometry {
    /// Tolerances for deciding that two grids are the same, with SimpleITK's defaults.
    ///
    /// As ITK's `ImageToImageFilter::VerifyInputInformation` (the check behind SimpleITK's
    /// "Inputs do not occupy the same physical space!"): origins and spacings may differ per component
    /// by at most `coordinate · spacingMM.x` of the receiver, direction entries by at most `direction`.
    public struct Tolerance: Sendable, Equatable, Codable {
        /// Relative coordinate tolerance, multiplied by the first spacing (ITK default 1e-6).
        public var coordinate: Double
        /// Absolute tolerance on each direction-cosine entry (ITK default 1e-6).
        public var direction: Double

        /// Tolerances; the defaults are SimpleITK's.
        public init(coordinate: Double = 1e-6, direction: Double = 1e-6) {
            self.coordinate = coordinate
            self.direction = direction
        }

        /// SimpleITK's global defaults: coordinate 1e-6 (× spacing), direction 1e-6.
        public static let simpleITK = Tolerance()
    }

    /// Whether `other` describes the same grid within `tolerance` (see `congruenceMismatch(with:tolerance:)`).
    public func isCongruent(with other: Geometry, tolerance: Tolerance = .simpleITK) -> Bool {
        congruenceMismatch(with: other, tolerance: tolerance) == nil
    }

    /// Why `other` is not the same grid, or nil when it is.
    ///
    /// Checks, in order: equal size; |Δorigin| ≤ coordinate·spacing.x and |Δspacing| ≤ coordinate·spacing.x
    /// per component; |ΔD| ≤ direction per entry; and, when both are set, equal frame of reference UIDs
    /// (a missing UID is not a mismatch).
    public func congruenceMismatch(with other: Geometry, tolerance: Tolerance = .simpleITK) -> String? {
        if size != other.size {
            return "size \(Self.text(size)) ≠ \(Self.text(other.size))"
        }
        let coordinateTolerance = tolerance.coordinate * spacingMM.x
        if (originMM - other.originMM).maxAbsolute > coordinateTolerance {
            let values = "\(Self.text(originMM)) mm ≠ \(Self.text(other.originMM)) mm"
            return "origin \(values) (tolerance \(coordinateTolerance) mm)"
        }
        if (spacingMM - other.spacingMM).maxAbsolute > coordinateTolerance {
            let values = "\(Self.text(spacingMM)) mm ≠ \(Self.text(other.spacingMM)) mm"
            return "spacing \(values) (tolerance \(coordinateTolerance) mm)"
        }
        let directionError = direction.maxAbsoluteDifference(to: other.direction)
        if directionError > tolerance.direction {
            return "direction cosines differ by \(directionError) (tolerance \(tolerance.direction))"
        }
        if let mine = frameOfReferenceUID, let theirs = other.frameOfReferenceUID, mine != theirs {
            return "frame of reference \(mine) ≠ \(theirs)"
        }
        return nil
    }

    /// Throws `ImagingError.incongruentGeometry` with the reason when `other` is not the same grid.
    public func requireCongruent(with other: Geometry, tolerance: Tolerance = .simpleITK) throws {
        if let reason = congruenceMismatch(with: other, tolerance: tolerance) {
            throw ImagingError.incongruentGeometry(reason: reason)
        }
    }

    private static func text<T>(_ v: SIMD3<T>) -> String { "(\(v.x), \(v.y), \(v.z))" }
}
