import Foundation
import Testing

@testable import DICOM

/// Whole real series: every file reads, the values hang together, and concurrent readers (one
/// `DICOMFile` per task) give what sequential reading gives.
@Suite struct DICOMFileSeriesTests {
    /// The 384 MR slices: one series, instance numbers 1…384, one shape, distinct positions along the normal.
    @Test func everyMRSliceReadsIntoOneConsistentSeries() throws {
        let paths = try ReaderFixtures.sharedFolder("mr-head-t1-oblique")
        try #require(paths.count == 384)
        var series = Set<String>()
        var instances = Set<String>()
        var numbers: [Int] = []
        var positionsAlongNormal: [Double] = []
        var nonZero = 0
        for path in paths {
            let file = try DICOMFile(path: path)
            let metadata = try file.metadata()
            series.insert(metadata.seriesInstanceUID)
            instances.insert(metadata.sopInstanceUID)
            numbers.append(try #require(metadata.instanceNumber))
            #expect(metadata.rows == 384 && metadata.columns == 274 && metadata.modality == "MR")
            let row = try #require(metadata.imageOrientationRow)
            let column = try #require(metadata.imageOrientationColumn)
            let normal = SIMD3(
                row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
                row.x * column.y - row.y * column.x)
            positionsAlongNormal.append((try #require(metadata.imagePositionPatient) * normal).sum())
            let pixels = try file.pixels()
            #expect(pixels.count == 384 * 274)
            if pixels.contains(where: { $0 != 0 }) { nonZero += 1 }
        }
        #expect(series.count == 1 && instances.count == 384)
        #expect(numbers.sorted() == Array(1...384))
        #expect(Set(positionsAlongNormal.map { ($0 * 1000).rounded() }).count == 384)
        #expect(nonZero > 300)  // defaced head: most slices hold signal
    }

    /// The 28 CT slices read in parallel tasks equal the sequential read, metadata and pixels.
    @Test func concurrentReadersAgreeWithSequentialReading() async throws {
        let paths = try ReaderFixtures.sharedFolder("ct-head-gantry-tilt")
        try #require(paths.count == 28)
        func read(_ path: String) throws -> (InstanceMetadata, [Float]) {
            let file = try DICOMFile(path: path)
            return (try file.metadata(), try file.pixels())
        }
        let sequential = try paths.map(read)
        let concurrent = try await withThrowingTaskGroup(of: (Int, InstanceMetadata, [Float]).self) { group in
            for (index, path) in paths.enumerated() {
                group.addTask {
                    let (metadata, pixels) = try read(path)
                    return (index, metadata, pixels)
                }
            }
            var results = [(InstanceMetadata, [Float])?](repeating: nil, count: paths.count)
            for try await (index, metadata, pixels) in group { results[index] = (metadata, pixels) }
            return results.map { $0! }
        }
        for index in paths.indices {
            #expect(concurrent[index].0 == sequential[index].0)
            #expect(concurrent[index].1 == sequential[index].1)
        }
    }
}
