extension KSpaceMask {
    /// The centre block shared by the column masks: n_low = round(centerFraction·N) with Python's
    /// round half to even, pad = (N − n_low + 1)/2; columns [pad, pad + n_low) (processing_data.py
    /// L83-95; fastMRI `subsample.py`).
    static func centerBlock(count: Int, centerFraction: Double) -> Range<Int> {
        let lowCount = Int((Double(count) * centerFraction).rounded(.toNearestOrEven))
        let pad = (count - lowCount + 1) / 2
        return pad..<(pad + lowCount)
    }

    /// The authors' `MaskFunc_Cartesian` columns (`Kind.authors`), in numpy's draw order: N calls
    /// of `random_sample` on `RandomState(seed)`, column i kept when u_i < p; then the centre block.
    static func authorsColumns(count: Int, acceleration: Double, centerFraction: Double, seed: UInt32) throws
        -> [Bool]
    {
        let center = centerBlock(count: count, centerFraction: centerFraction)
        guard center.count < count else {
            throw PhysicsError.invalidParameter(
                name: "centerFraction", value: "\(centerFraction)",
                requirement: "must leave columns outside the centre block (\(center.count) of \(count))")
        }
        let probability = (Double(count) / acceleration - Double(center.count)) / Double(count - center.count)
        var random = MersenneTwister(seed: seed)
        var columns = (0..<count).map { _ in random.nextDouble() < probability }
        for i in center { columns[i] = true }
        return columns
    }

    /// fastMRI v0.1 `EquispacedMaskFunc` columns (`Kind.equispaced`).
    ///
    /// a = R·(n_low − N)/(n_low·R − N); offset = `randint(0, round(a))` from `RandomState(seed)`;
    /// positions offset + i·Δ < N − 1 with Δ = (offset + a) − offset (numpy `arange` fills
    /// start + i·(second − start)), each rounded half to even (`np.around`), plus the centre block.
    static func equispacedColumns(count: Int, acceleration: Double, centerFraction: Double, seed: UInt32) throws
        -> [Bool]
    {
        let center = centerBlock(count: count, centerFraction: centerFraction)
        let low = Double(center.count)
        let n = Double(count)
        guard low * acceleration < n else {
            throw PhysicsError.invalidParameter(
                name: "acceleration", value: "\(acceleration)",
                requirement:
                    "times the centre block (\(center.count) columns) must be below the column count \(count)")
        }
        let adjusted = acceleration * (low - n) / (low * acceleration - n)
        var random = MersenneTwister(seed: seed)
        let offset = Double(random.nextInt(below: Int(adjusted.rounded(.toNearestOrEven))))
        let step = (offset + adjusted) - offset
        let stop = n - 1
        var columns = [Bool](repeating: false, count: count)
        for i in center { columns[i] = true }
        let length = max(0, Int(((stop - offset) / adjusted).rounded(.up)))
        for i in 0..<length {
            let position = i == 0 ? offset : offset + Double(i) * step
            columns[Int(position.rounded(.toNearestOrEven))] = true
        }
        return columns
    }
}
