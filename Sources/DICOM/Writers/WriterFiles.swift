import Foundation

/// Output file names and the checks made on the destination before anything is written.
enum WriterFiles {
    /// "<directory>/<prefix>-<number, 4 digits>.dcm".
    static func path(directory: String, prefix: String, number: Int) -> String {
        let digits = String(number)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return URL(fileURLWithPath: directory).appendingPathComponent("\(prefix)-\(padded).dcm").path
    }

    /// "<directory>/<name>.dcm".
    static func path(directory: String, name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(name).dcm").path
    }

    /// Problems with a file name prefix (1–64 of letters, digits, ".", "-", "_"; not starting with "."
    /// because inboxes and outboxes ignore dotfiles) and with the destination folder (must exist and be
    /// writable).
    static func problems(prefix: String, directory: String) -> [String] {
        var found: [String] = []
        let allowed = prefix.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" || $0 == "_")
        }
        if prefix.isEmpty || prefix.count > 64 || !allowed || prefix.hasPrefix(".") {
            found.append(
                "file name prefix '\(prefix)' must be 1–64 ASCII letters, digits, '.', '-' or '_', "
                    + "not starting with '.'")
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            found.append("the output folder \(directory) does not exist")
        } else if access(directory, W_OK) != 0 {
            found.append("the output folder \(directory) is not writable")
        }
        return found
    }
}
