extension StoreClient {
    /// Checks the settings before anything connects, so a typo in the configuration is reported as such
    /// (and not retried as a network failure): the host is a name or IPv4 address without spaces or a
    /// colon, and "host:port" fits DCMTK's 63 characters; the port is in 1...65535; each AE title has 1 to
    /// 16 characters of the default repertoire (printable ASCII) without backslash and is not only
    /// spaces (PS3.5 6.2, AE); the timeout is at least one second. The daemon can call it when it loads
    /// its configuration.
    ///
    /// - Throws: `.invalidPeer` naming `peer` and listing every problem, joined by "; ".
    public func validate() throws(DICOMError) {
        var problems: [String] = []
        if host.isEmpty {
            problems.append("the host is empty")
        } else if host.unicodeScalars.contains(where: { $0 == ":" || $0.properties.isWhitespace || $0.value < 0x20 }) {
            problems.append("host '\(host)' is not a host name or IPv4 address (no spaces, control characters or ':')")
        } else if host.utf8.count + 1 + String(port).utf8.count > 63 {
            problems.append("host '\(host)' is too long: DCMTK keeps 'host:port' in 63 characters")
        }
        if !(1...65535).contains(port) { problems.append("port \(port) is outside 1...65535") }
        problems += Self.aeTitleProblems(callingAETitle, role: "calling")
        problems += Self.aeTitleProblems(calledAETitle, role: "called")
        if timeoutSeconds < 1 { problems.append("timeout \(timeoutSeconds) s is not at least 1 s") }
        if !problems.isEmpty { throw .invalidPeer(peer: peer, reason: problems.joined(separator: "; ")) }
    }

    /// What is wrong with an AE title, if anything.
    static func aeTitleProblems(_ title: String, role: String) -> [String] {
        let scalars = title.unicodeScalars
        if scalars.isEmpty { return ["the \(role) AE title is empty"] }
        var problems: [String] = []
        if scalars.count > 16 {
            problems.append("\(role) AE title '\(title)' has \(scalars.count) characters, more than 16")
        }
        if scalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problems.append(
                "\(role) AE title '\(title.debugDescription.dropFirst().dropLast())' contains a control character")
        } else if scalars.contains(where: { $0.value > 0x7F }) {
            problems.append("\(role) AE title '\(title)' has characters outside printable ASCII")
        }
        if scalars.contains("\\") { problems.append("\(role) AE title '\(title)' contains a backslash") }
        if scalars.allSatisfy({ $0 == " " }) { problems.append("the \(role) AE title is only spaces") }
        return problems
    }
}
