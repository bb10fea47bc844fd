/// One series from instances to a volume: geometry gate, then assembly with pixels read (and
/// rescaled per slice) by DCMTK, several files at a time. The daemon and `msl process` call this;
/// tests and benchmarks too.
public struct SeriesLoader: Sendable {
    public var gate: GeometryGate
    public var limits: ReadingLimits
    /// Files decoded at once.
    public var threads: Int

    public init(gate: GeometryGate = GeometryGate(), limits: ReadingLimits = ReadingLimits(), threads: Int = 2) {
        self.gate = gate
        self.limits = limits
        self.threads = max(1, threads)
    }

    /// The volume of `series`, or the gate's rejection naming every finding.
    public func load(_ series: SubSeries) throws -> AssembledVolume {
        let verdict = gate.evaluate(series)
        switch verdict.decision {
        case .reject, .split: throw verdict.rejection
        case .accept, .resample: break
        }
        let limits = self.limits
        return try VolumeAssembler().assemble(verdict, threads: threads) { slice, buffer in
            try DICOMFile(path: slice.instance.path, limits: limits).readPixels(frame: slice.frame, into: buffer)
        }
    }
}
