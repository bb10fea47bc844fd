import Foundation

/// Runs a committed Python reference script (a benchmark anchor) and returns its JSON output.
///
/// Reference libraries may live in different interpreters (Debian's `/usr/bin/python3` has
/// python3-torch and python3-skimage; a pip-installed astra-toolbox lands in the `python3` on
/// PATH), so each interpreter is tried in turn; a script exits with status 3 when its libraries
/// are missing, which moves on to the next one.
public enum ReferenceScript {
    /// Interpreters tried in order.
    static let interpreters = ["python3", "/usr/bin/python3"]

    public static func run(_ script: String, arguments: [String]) -> Result<Data, ReferenceUnavailable> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(ReferenceUnavailable(reason: "\(script) not found (run from the repository root)"))
        }
        var reasons: [String] = []
        for interpreter in interpreters {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [interpreter, script] + arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            do { try process.run() } catch {
                reasons.append("\(interpreter): cannot start (\(error))")
                continue
            }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus == 0 { return .success(data) }
            let lastLine = message.split(separator: "\n").last.map(String.init) ?? ""
            reasons.append("\(interpreter): \(lastLine.isEmpty ? "exit status \(process.terminationStatus)" : lastLine)")
        }
        return .failure(ReferenceUnavailable(reason: reasons.joined(separator: "; ")))
    }

    /// Runs the script and decodes its JSON as `T`.
    public static func decode<T: Decodable>(
        _ type: T.Type, from script: String, arguments: [String]
    ) -> Result<T, ReferenceUnavailable> {
        run(script, arguments: arguments).flatMap { data in
            do { return .success(try JSONDecoder().decode(T.self, from: data)) } catch {
                return .failure(ReferenceUnavailable(reason: "\(script) printed JSON that does not decode: \(error)"))
            }
        }
    }
}

/// Why a reference measurement could not be made.
public struct ReferenceUnavailable: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}
