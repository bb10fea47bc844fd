extension KSpaceMask {
    /// Growth of the Poisson-disc minimum distance with normalised radius: d(r) = d₀·(1 + slope·r).
    /// With 2 the spacing triples from the centre to the edge (r = 1), so the density falls ~9×.
    static let poissonDistanceSlope = 2.0

    /// A 2-D variable-density Poisson-disc mask (`Kind.variableDensityPoissonDisc`).
    ///
    /// Positions are k-space pixels (x, y) with normalised radius
    /// r = √(((x − W/2)/(W/2))² + ((y − H/2)/(H/2))²) (DC at (W/2, H/2), integer division; 1 at the
    /// middle of each edge). Positions with r ≤ `centerFraction` are always sampled. The others
    /// are visited once in a random order (Fisher–Yates with `nextInt(below:)` on
    /// `MersenneTwister(seed)`), and a position is sampled when no already-sampled position lies
    /// closer than its own d(r) = d₀·(1 + 2r) pixels: random-order dart throwing, which leaves a
    /// maximal Poisson-disc set whose density decays from the centre. d₀ is bisected (same visit
    /// order for every trial) until the count is within 1 % of width·height/acceleration; the trial
    /// closest to that count wins.
    static func poissonDiscSamples(width: Int, height: Int, acceleration: Double, centerFraction: Double, seed: UInt32)
        throws -> [Bool]
    {
        let total = width * height
        let target = Int((Double(total) / acceleration).rounded())
        let cx = Double(width / 2)
        let cy = Double(height / 2)
        let radius: [Double] = (0..<total).map { i in
            let u = (Double(i % width) - cx) / (Double(width) / 2)
            let v = (Double(i / width) - cy) / (Double(height) / 2)
            return (u * u + v * v).squareRoot()
        }
        let disc = (0..<total).filter { radius[$0] <= centerFraction }
        guard disc.count <= target else {
            throw PhysicsError.invalidParameter(
                name: "centerFraction", value: "\(centerFraction)",
                requirement:
                    "leaves a central disc of \(disc.count) samples, more than the \(target) of R = \(acceleration)")
        }
        var order = (0..<total).filter { radius[$0] > centerFraction }
        var random = MersenneTwister(seed: seed)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, random.nextInt(below: i + 1))
        }
        let thrower = DartThrower(width: width, height: height, radius: radius, disc: disc, order: order)

        var best = thrower.samples(minimumDistance: 0)
        var bestCount = total
        func consider(_ samples: [Bool]) -> Int {
            let count = samples.reduce(0) { $0 + ($1 ? 1 : 0) }
            if abs(count - target) < abs(bestCount - target) { (best, bestCount) = (samples, count) }
            return count
        }
        let tolerance = max(1, target / 100)
        var low = 0.0
        var high = 1.0
        while consider(thrower.samples(minimumDistance: high)) > target, high < Double(2 * (width + height)) {
            (low, high) = (high, 2 * high)
        }
        for _ in 0..<40 where abs(bestCount - target) > tolerance {
            let middle = (low + high) / 2
            if consider(thrower.samples(minimumDistance: middle)) > target { low = middle } else { high = middle }
        }
        return best
    }
}

/// Random-order dart throwing on the k-space pixel grid for one visit order and varying d₀.
private struct DartThrower {
    let width: Int
    let height: Int
    let radius: [Double]
    let disc: [Int]
    let order: [Int]

    /// The sampled set for minimum distance d(r) = d₀·(1 + slope·r). Accepted positions are kept
    /// in square buckets of side max(1, d₀) pixels, so a candidate checks ⌈d/side⌉ buckets each way.
    func samples(minimumDistance d0: Double) -> [Bool] {
        var samples = [Bool](repeating: false, count: width * height)
        for i in disc { samples[i] = true }
        let side = max(1.0, d0)
        let columns = Int((Double(width) / side).rounded(.up))
        let rows = Int((Double(height) / side).rounded(.up))
        var buckets = [[Int32]](repeating: [], count: columns * rows)
        func bucket(_ i: Int) -> (Int, Int) { (Int(Double(i % width) / side), Int(Double(i / width) / side)) }
        for i in disc {
            let (bx, by) = bucket(i)
            buckets[by * columns + bx].append(Int32(i))
        }
        for i in order {
            let d = d0 * (1 + KSpaceMask.poissonDistanceSlope * radius[i])
            let (x, y) = (i % width, i / width)
            let (bx, by) = bucket(i)
            let reach = Int((d / side).rounded(.up))
            var free = true
            search: for ny in max(0, by - reach)...min(rows - 1, by + reach) {
                for nx in max(0, bx - reach)...min(columns - 1, bx + reach) {
                    for j in buckets[ny * columns + nx] {
                        let dx = Double(Int(j) % width - x)
                        let dy = Double(Int(j) / width - y)
                        if dx * dx + dy * dy < d * d {
                            free = false
                            break search
                        }
                    }
                }
            }
            if free {
                samples[i] = true
                buckets[by * columns + bx].append(Int32(i))
            }
        }
        return samples
    }
}
