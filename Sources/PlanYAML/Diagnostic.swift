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

    /// Creates an error diagnostic from a `YAMLError`.
    public init(file: String, error: YAMLError) {
        self.init(file: file, mark: error.mark, message: error.message)
    }

    /// The one-line form: `file:line:column: severity: message`.
    public var description: String {
        "\(file):\(mark.line):\(mark.column): \(severity.rawValue): \(message)"
    }

    /// The one-line form followed by the offending source line and a caret under the column.
    public func rendered(source: String?) -> String {
        guard let source, let line = Self.line(mark.line, of: source) else { return description }
        let number = String(mark.line)
        let gutter = String(repeating: " ", count: number.count)
        let caretIndent = String(line.prefix(max(mark.column - 1, 0)).map { $0 == "\t" ? "\t" : " " })
        return """
            \(description)
            \(number) | \(line)
            \(gutter) | \(caretIndent)^
            """
    }

    /// Line `number` (1-based) of `source` without its line break, or `nil` when out of range.
    static func line(_ number: Int, of source: String) -> Substring? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = source.startIndex
        var index = source.startIndex
        while index < source.endIndex {
            if source[index] == "\n" || source[index] == "\r\n" {
                if current == number { return source[start..<index] }
                current += 1
                start = source.index(after: index)
            }
            index = source.index(after: index)
        }
        return current == number ? source[start...] : nil
    }
}
