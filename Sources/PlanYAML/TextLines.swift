import Diagnostics

/// A text as lines that remember the line break after each, so an edit keeps the file's own
/// line endings (LF, CRLF, a lone CR, or a mix) byte for byte.
///
/// Lines are split where libyaml counts a new line (`SourceExcerpt.breakLength`: CRLF, LF, CR,
/// NEL, LS, PS), so line `n` here is line `n` of a YAML mark. Written by hand: Swift treats
/// "\r\n" as one `Character`, so splitting a `String` on "\n" leaves a CRLF file in one piece,
/// and Foundation keeps no endings.
struct TextLines {
    /// The lines' contents, without their breaks. Like `components(separatedBy:)`, a text that
    /// ends with a break has an empty last line.
    private(set) var lines: [String]
    /// The break between `lines[i]` and `lines[i + 1]`; one fewer than the lines.
    private var breaks: [String]
    /// The break new lines get: the file's most common one, LF when it has none.
    let newline: String

    init(_ text: String) {
        var lines: [String] = []
        var breaks: [String] = []
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var start = 0
            var index = 0
            while index < buffer.count {
                guard let length = SourceExcerpt.breakLength(buffer, at: index) else {
                    index += 1
                    continue
                }
                lines.append(String(decoding: buffer[start..<index], as: UTF8.self))
                breaks.append(String(decoding: buffer[index..<index + length], as: UTF8.self))
                index += length
                start = index
            }
            lines.append(String(decoding: buffer[start..<buffer.count], as: UTF8.self))
        }
        self.lines = lines
        self.breaks = breaks
        let counts = Dictionary(breaks.map { ($0, 1) }, uniquingKeysWith: +)
        newline = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "\n"
    }

    /// The number of lines.
    var count: Int { lines.count }

    /// The content of line `index` (0-based).
    subscript(index: Int) -> String {
        get { lines[index] }
        set { lines[index] = newValue }
    }

    /// Inserts `new` lines before line `index` (`count` appends); they end with `newline`.
    mutating func insert(_ new: [String], at index: Int) {
        guard !new.isEmpty else { return }
        let index = max(0, min(index, lines.count))
        lines.insert(contentsOf: new, at: index)
        breaks.insert(contentsOf: Array(repeating: newline, count: new.count), at: min(index, breaks.count))
    }

    /// Adds `new` lines at the end.
    mutating func append(_ new: [String]) { insert(new, at: lines.count) }

    /// Drops empty lines at the end, with the breaks before them.
    mutating func removeTrailingEmptyLines() {
        while lines.count > 1, lines.last?.isEmpty == true {
            lines.removeLast()
            breaks.removeLast()
        }
    }

    /// The text, each line followed by its own break.
    var text: String {
        var result = ""
        for (index, line) in lines.enumerated() {
            result += line
            if index < breaks.count { result += breaks[index] }
        }
        return result
    }
}
