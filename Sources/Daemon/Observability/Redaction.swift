/// Strips what may identify a patient from a message before it reaches a log, the journal or `reason.json`:
/// every path (inbox and work paths carry folder and file names that producers often build from patient names)
/// becomes `<file>`. Pipeline and DICOM messages otherwise name series by number and description, attributes by
/// tag, and never quote patient attributes.
public enum Redaction {
    /// `text` with every path replaced by `<file>`. A path starts with `/` at the start of the text or after a
    /// space, quote, bracket, `=` or `:`, and runs to the next quote, newline, `": "` or `", "`, or the end:
    /// spaces inside a path are taken as part of it, so a name with spaces cannot leak (at worst a few words after
    /// an unquoted path are redacted too).
    public static func redact(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var i = 0
        while i < characters.count {
            let previous: Character = i > 0 ? characters[i - 1] : " "
            guard characters[i] == "/", " \"'(=:\n\t[".contains(previous) else {
                output.append(characters[i])
                i += 1
                continue
            }
            var end = i
            while end < characters.count {
                let c = characters[end]
                if c == "\"" || c == "'" || c == "\n" { break }
                if c == ":" || c == ",", end + 1 == characters.count || characters[end + 1] == " " { break }
                end += 1
            }
            output += "<file>"
            i = end
        }
        return output
    }
}
