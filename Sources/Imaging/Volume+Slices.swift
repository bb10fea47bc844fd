extension Volume {
    /// Slice k as a 2-D image: width = size.x, height = size.y, the in-plane spacing, and as
    /// `originMM` the in-plane coordinates of the slice's first voxel centre, measured along the
    /// i and j axes: (o·dᵢ, o·dⱼ) with o its LPS position. For an axial volume with identity
    /// direction these are simply its L and P coordinates; every slice of a volume shares one frame.
    ///
    /// - Throws: `ImagingError.sliceOutOfRange` unless 0 ≤ z < size.z.
    public func slice(z: Int) throws -> Image2D {
        guard z >= 0, z < size.z else { throw ImagingError.sliceOutOfRange(index: z, count: size.z) }
        return sliceImage(z)
    }

    /// All slices in k order.
    public var slices: [Image2D] { (0..<size.z).map(sliceImage) }

    private func sliceImage(_ z: Int) -> Image2D {
        let count = size.x * size.y
        let start = z * count
        let corner = geometry.physicalPoint(ofIndex: SIMD3(0, 0, z))
        let inPlaneOrigin = SIMD2(
            (corner * geometry.direction.column0).sum(), (corner * geometry.direction.column1).sum())
        return Image2D(
            width: size.x, height: size.y, pixels: Array(voxels[start..<start + count]),
            spacingMM: SIMD2(geometry.spacingMM.x, geometry.spacingMM.y), originMM: inPlaneOrigin)
    }

    /// Replaces slice k with `image`'s pixels (its spacing and origin are not checked: the volume's
    /// geometry stays authoritative).
    ///
    /// - Throws: `.sliceOutOfRange`, or `.sizeMismatch` unless the image is size.x × size.y.
    public mutating func setSlice(z: Int, to image: Image2D) throws {
        guard z >= 0, z < size.z else { throw ImagingError.sliceOutOfRange(index: z, count: size.z) }
        guard image.width == size.x, image.height == size.y else {
            throw ImagingError.sizeMismatch(
                expected: [size.x, size.y], actual: [image.width, image.height], what: "slice \(z)")
        }
        let start = z * size.x * size.y
        voxels.replaceSubrange(start..<start + image.pixels.count, with: image.pixels)
    }

    /// A volume stacked from `slices` (slice k = slices[k]) on `geometry`.
    ///
    /// - Throws: `.countMismatch` unless there are size.z slices, `.sizeMismatch` for a slice that is
    ///   not size.x × size.y.
    public init(geometry: Geometry, slices: [Image2D]) throws {
        guard slices.count == geometry.size.z else {
            throw ImagingError.countMismatch(expected: geometry.size.z, actual: slices.count, what: "Volume slices")
        }
        self.init(geometry: geometry)
        for (z, image) in slices.enumerated() { try setSlice(z: z, to: image) }
    }
}
