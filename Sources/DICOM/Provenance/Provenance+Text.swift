extension Provenance {
    /// Series Description (LO, ≤ 64): "<banner> <label> <detail>", e.g.
    /// "NOT FOR DIAGNOSTIC USE MSL-CT lambda=0.5"; the detail defaults to the mixing (`Mixing.shortText`),
    /// and the banner is left out when empty.
    public func seriesDescription(label: String, detail: String? = nil) -> String {
        [banner, label, detail ?? mixing.shortText].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Derivation Description (ST, ≤ 1024): algorithm and version, model SHA-256, mixing, the REG
    /// instance, what `output` is, whether it was resampled, and the banner. ASCII (see `Mixing.text`).
    public func derivationDescription(output: String, isResampled: Bool) -> String {
        var parts = [
            "\(algorithmName) \(algorithmVersion) \(output)", "model sha256 \(modelSHA256)", mixing.text,
        ]
        parts.append(registrationInstanceUID.map { "registration REG \($0)" } ?? "no registration")
        if isResampled { parts.append("spatially resampled onto the output grid") }
        if !banner.isEmpty { parts.append(banner) }
        return parts.joined(separator: "; ")
    }
}
