import Foundation

/// Timings of the same layers in PyTorch, measured in the same run by `Benchmarks/engine_torch.py`.
public struct PyTorchAnchor: Codable, Sendable {
    public struct LayerTiming: Codable, Sendable {
        public let name: String
        public let forwardSeconds: Double
        public let backwardSeconds: Double
        public let forwardFLOP: Double
        public let backwardFLOP: Double

        enum CodingKeys: String, CodingKey {
            case name
            case forwardSeconds = "forward_seconds"
            case backwardSeconds = "backward_seconds"
            case forwardFLOP = "forward_flop"
            case backwardFLOP = "backward_flop"
        }
    }

    public let torchVersion: String
    public let threads: Int
    public let results: [LayerTiming]

    enum CodingKeys: String, CodingKey {
        case torchVersion = "torch_version"
        case threads
        case results
    }

    /// Runs the anchor script; returns the timings, or the reason they are unavailable.
    public static func measure(script: String, threads: Int, repeats: Int, warmup: Int) -> Swift.Result<PyTorchAnchor, AnchorUnavailable> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(AnchorUnavailable(reason: "\(script) not found (run from the repository root or pass --torch-script)"))
        }
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--threads", "\(threads)", "--repeats", "\(repeats)", "--warmup", "\(warmup)"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            return .failure(AnchorUnavailable(reason: "cannot start \(python): \(error)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLine = message.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            return .failure(AnchorUnavailable(reason: lastLine))
        }
        do {
            return .success(try JSONDecoder().decode(PyTorchAnchor.self, from: data))
        } catch {
            return .failure(AnchorUnavailable(reason: "\(script) printed JSON that does not decode: \(error)"))
        }
    }
}

/// Why the PyTorch anchor could not be measured.
public struct AnchorUnavailable: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}
