import CFFTW
import CInotify
import Foundation
import Testing

/// The system-library modules link and behave as their C documentation says.
@Suite struct SystemLibraryTests {
    @Test func fftwTransformsADeltaToAllOnes() {
        // The DFT of a unit impulse at index 0 is 1 at every frequency (unnormalised).
        let n: Int32 = 8
        let input = fftwf_alloc_real(Int(n))!
        let output = fftwf_alloc_complex(Int(n / 2 + 1))!
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        let plan = fftwf_plan_dft_r2c_1d(n, input, output, UInt32(FFTW_ESTIMATE))
        defer { fftwf_destroy_plan(plan) }
        for i in 0..<Int(n) { input[i] = i == 0 ? 1 : 0 }
        fftwf_execute(plan)
        for k in 0..<Int(n / 2 + 1) {
            #expect(abs(output[k].0 - 1) < 1e-6)
            #expect(abs(output[k].1) < 1e-6)
        }
    }

    @Test func inotifyReportsAFileClosedAfterWriting() throws {
        let fd = inotify_init1(Int32(IN_NONBLOCK))
        #expect(fd >= 0)
        defer { close(fd) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("msl-inotify-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let watch = inotify_add_watch(fd, directory.path, UInt32(IN_CLOSE_WRITE))
        #expect(watch >= 0)
        try Data("x".utf8).write(to: directory.appendingPathComponent("a.dcm"))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let bytes = read(fd, &buffer, buffer.count)
        #expect(bytes >= MemoryLayout<inotify_event>.size)
        let mask = buffer.withUnsafeBytes { $0.load(as: inotify_event.self).mask }
        #expect(mask & UInt32(IN_CLOSE_WRITE) != 0)
    }
}
