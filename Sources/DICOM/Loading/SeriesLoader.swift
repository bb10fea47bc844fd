/// One series from instances to a volume: geometry gate, then assembly with pixels read (and
/// rescaled per slice) by DCMTK. The daemon and `msl process` call this; tests and benchmarks too.
public struct SeriesLoader: Sendable {
    public var gate: GeometryGate
    public var limits: ReadingLimits

    public init(gate: GeometryGate = GeometryGate(), limits: ReadingLimits = ReadingLimits()) {
        self.gate = gate
        self.limits = limits
    }

    /// The volume of `series`, or the gate's rejection naming every finding.
    public func load(_ series: SubSeries) throws -> AssembledVolume {
        let limits = self.limits
        return try VolumeAssembler().assemble(series, gate: gate) { instance, frame in
            try DICOMFile(path: instance.path, limits: limits).pixels(frame: frame)
        }
    }
}
