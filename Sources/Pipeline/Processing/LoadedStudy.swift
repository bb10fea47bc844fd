import DICOM
import Imaging

/// The selected CT and MR series read into volumes through the geometry gate: values in HU for the CT and the
/// MR's stored units, with the instances each came from (the sources every output cites).
struct LoadedStudy {
    struct Series {
        let subSeries: SubSeries
        let assembled: AssembledVolume
        var volume: Volume { assembled.volume }
        var instances: [InstanceMetadata] { subSeries.instances }
    }

    let ct: Series?
    let mr: Series?

    /// Loads the selected series (at least one) with `loader`.
    ///
    /// - Throws: `PipelineError.series` naming the series (number and description) with the gate's findings.
    init(ct: SubSeries?, mr: SubSeries?, loader: SeriesLoader) throws {
        func load(_ series: SubSeries?) throws -> Series? {
            guard let series else { return nil }
            do { return Series(subSeries: series, assembled: try loader.load(series)) } catch {
                throw PipelineError.series(label: series.label, reason: "\(error)")
            }
        }
        self.ct = try load(ct)
        self.mr = try load(mr)
    }

    /// The DICOM sources of every output.
    var sources: SourceSeries { SourceSeries(ct: ct?.instances ?? [], mr: mr?.instances ?? []) }
}
