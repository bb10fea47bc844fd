/// A map from a normalised value t ∈ [0, 1] to a colour, for pictures of scalar fields: grey for anatomy, viridis for
/// the λ-map (0 = CT … 1 = MR), blue–white–red for signed differences.
///
/// A colormap is a list of evenly spaced colour stops (stop i sits at t = i / (count − 1)) interpolated linearly in
/// sRGB. Values below 0 take the first stop, above 1 the last; NaN takes the first stop, so a missing value never
/// looks like a large one.
public struct Colormap: Sendable, Equatable {
    /// A short name for legends and provenance ("gray", "viridis", "diverging").
    public let name: String
    /// The evenly spaced stops (at least two).
    public let stops: [Color]

    /// A colormap through `stops` (at least two, evenly spaced over [0, 1]).
    public init(name: String, stops: [Color]) {
        precondition(stops.count >= 2, "Colormap \(name): needs at least two stops, got \(stops.count)")
        self.name = name
        self.stops = stops
    }

    /// The colour at `t` (clamped to [0, 1]; NaN → the colour at 0).
    public func color(at t: Double) -> Color {
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        let position = clamped * Double(stops.count - 1)
        let lower = min(Int(position), stops.count - 2)
        return stops[lower].mixed(with: stops[lower + 1], position - Double(lower))
    }

    /// Black (0) to white (1): anatomy, exactly as `RasterImage(grayscale:…)` shows it.
    public static let gray = Colormap(name: "gray", stops: [.black, .white])

    /// Viridis (van der Walt & Smith, matplotlib 1.5): perceptually uniform, readable in greyscale print and by
    /// colour-blind readers; used for the λ-map, 0 (dark violet, CT) … 1 (yellow, MR).
    ///
    /// The stops are every fifth entry (0, 5, …, 255) of matplotlib's 256-entry `_viridis_data`
    /// (`lib/matplotlib/_cm_listed.py`), so t = i / 51 is entry 5i exactly; linear interpolation between them stays
    /// within 0.62/255 of the full table. Endpoints #440154 and #fde725, midpoint ≈ #21918c.
    public static let viridis = Colormap(
        name: "viridis",
        stops: viridisData.map { Color(red: $0.0, green: $0.1, blue: $0.2) })

    /// Blue (negative) – white (zero) – red (positive) for difference images, centred at t = 0.5: ColorBrewer
    /// "RdBu" with 11 classes (Brewer, colorbrewer2.org), reversed so that red is positive.
    public static let diverging = Colormap(
        name: "diverging",
        stops: ([
            0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
            0x67001F,
        ] as [UInt32]).map { Color(hex: $0) })

    /// Every fifth row of matplotlib's `_viridis_data` (sRGB, 0…1), 52 rows.
    private static let viridisData: [(Double, Double, Double)] = [
        (0.267004, 0.004874, 0.329415), (0.273809, 0.031497, 0.358853), (0.278791, 0.062145, 0.386592),
        (0.281924, 0.089666, 0.412415), (0.283197, 0.11568, 0.436115), (0.282623, 0.140926, 0.457517),
        (0.280255, 0.165693, 0.476498), (0.276194, 0.190074, 0.493001), (0.270595, 0.214069, 0.507052),
        (0.263663, 0.237631, 0.518762), (0.255645, 0.260703, 0.528312), (0.246811, 0.283237, 0.535941),
        (0.237441, 0.305202, 0.541921), (0.227802, 0.326594, 0.546532), (0.21813, 0.347432, 0.550038),
        (0.208623, 0.367752, 0.552675), (0.19943, 0.387607, 0.554642), (0.190631, 0.407061, 0.556089),
        (0.182256, 0.426184, 0.55712), (0.174274, 0.445044, 0.557792), (0.166617, 0.463708, 0.558119),
        (0.159194, 0.482237, 0.558073), (0.151918, 0.500685, 0.557587), (0.144759, 0.519093, 0.556572),
        (0.13777, 0.537492, 0.554906), (0.131172, 0.555899, 0.552459), (0.125394, 0.574318, 0.549086),
        (0.121148, 0.592739, 0.544641), (0.119423, 0.611141, 0.538982), (0.12138, 0.629492, 0.531973),
        (0.128087, 0.647749, 0.523491), (0.14021, 0.665859, 0.513427), (0.157851, 0.683765, 0.501686),
        (0.180653, 0.701402, 0.488189), (0.20803, 0.718701, 0.472873), (0.239374, 0.735588, 0.455688),
        (0.274149, 0.751988, 0.436601), (0.311925, 0.767822, 0.415586), (0.35236, 0.783011, 0.392636),
        (0.395174, 0.797475, 0.367757), (0.440137, 0.811138, 0.340967), (0.487026, 0.823929, 0.312321),
        (0.535621, 0.835785, 0.281908), (0.585678, 0.846661, 0.249897), (0.636902, 0.856542, 0.21662),
        (0.688944, 0.865448, 0.182725), (0.741388, 0.873449, 0.149561), (0.79376, 0.880678, 0.120005),
        (0.845561, 0.887322, 0.099702), (0.89632, 0.893616, 0.096335), (0.945636, 0.899815, 0.112838),
        (0.993248, 0.906157, 0.143936),
    ]
}
