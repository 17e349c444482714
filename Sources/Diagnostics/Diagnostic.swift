/// A problem found in a file, printed the way compilers print them:
/// `Plans/career.yaml:12:5: error: unknown key 'minuts'; did you mean 'minutes'?`
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious a diagnostic is; errors make `mentor plans lint` fail.
    public enum Severity: String, Sendable, Equatable {
        case error, warning
    }

    /// The file's path as the user gave it.
    public var file: String
    /// Where in the file.
    public var mark: Mark
    /// Error or warning.
    public var severity: Severity
    /// A lowercase message that says what is wrong and what to do.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, mark: Mark, severity: Severity = .error, message: String) {
        self.file = file
        self.mark = mark
        self.severity = severity
        self.message = message
    }

    /// The one-line form: `file:line:column: severity: message`. Control and bidirectional
    /// characters from the file (or its name) are shown escaped, never sent to the terminal.
    public var description: String {
        "\(SourceExcerpt.escaped(file)):\(mark.line):\(mark.column): \(severity.rawValue): \(SourceExcerpt.escaped(message))"
    }

    /// The one-line form followed by the offending source line and a caret under the column. A long
    /// line is cut around the column (see `SourceExcerpt`), so a one-line 64 MB file echoes a screenful.
    public func rendered(source: String?) -> String {
        guard let source, let excerpt = SourceExcerpt(source: source, line: mark.line, column: mark.column) else {
            return description
        }
        return rendered(excerpt)
    }

    /// What `rendered(source:)` shows, from the text of the mark's line alone (without its line
    /// break), for a caller that read only that line of the file; the one-line form when `line` is nil.
    public func rendered(line: String?) -> String {
        guard let line else { return description }
        return rendered(SourceExcerpt(line: line[...].unicodeScalars, column: mark.column, width: SourceExcerpt.defaultWidth))
    }

    private func rendered(_ excerpt: SourceExcerpt) -> String {
        let number = String(mark.line)
        let gutter = String(repeating: " ", count: number.count)
        return """
            \(description)
            \(number) | \(excerpt.text)
            \(gutter) | \(excerpt.caretIndent)^
            """
    }
}
