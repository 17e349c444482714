import Diagnostics

/// Small edits to a YAML file's text that keep everything else as written: comments, key order,
/// spacing and line endings. `mentor match --write` adds people and groups to a program file with it.
///
/// Written by hand: libyaml's emitter writes a whole document from events, which would drop the
/// comments and layout a person gave their file; these edits insert lines and change nothing else.
public enum YAMLEditor {
    /// `text` as a YAML scalar that reads back as `text`: plain when that is unambiguous,
    /// double-quoted (with `"`, `\`, new lines and tabs escaped) otherwise.
    public static func scalar(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || " ._-'".contains($0) }
            && text.first.map { $0.isLetter || $0.isNumber } == true && text.last != " "
            && !["true", "false", "yes", "no", "null", "on", "off", "~"].contains(text.lowercased())
            && Double(text) == nil
        if plain { return text }
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    /// A one-line flow mapping, `{ id: a1, name: "Diaz, Rosa" }`. Keys and values are written as
    /// given: make values with ``scalar(_:)``.
    public static func flowMapping(_ fields: [(key: String, value: String)]) -> String {
        "{ " + fields.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + " }"
    }

    /// `text` with each list's `items` added after the last item of the top-level key's block
    /// list, indented like it, one item per line. A key with no value or `[]` is rewritten as a
    /// block list; a missing key is added at the end of the file. New lines use the file's own
    /// line ending. Throws when the text is not a YAML mapping, or a list is written in flow
    /// style (`[a, b]`, which these edits can't extend without rewriting it).
    public static func appending(_ lists: [(key: String, items: [String])], to text: String) throws(YAMLEditError) -> String {
        var lines = TextLines(text)
        let root: Node?
        do { root = try Parser.parse(text) } catch { throw .unreadable("line \(error.mark.line): \(error.message)") }
        guard let pairs = root?.pairs else { throw .unreadable("the file is not a mapping of keys") }
        // Insert bottom-up, so the line numbers of the one parse stay valid.
        let edits =
            lists
            .compactMap { key, items -> (line: Int, key: String, items: [String], node: Node?)? in
                guard !items.isEmpty else { return nil }
                let pair = pairs.first { $0.key.scalarText == key }
                return (pair.map { end(of: $0, in: pairs, lines: lines) } ?? lines.count, key, items, pair?.value)
            }
            .sorted { $0.line > $1.line }
        for edit in edits {
            try insert(edit.items, key: edit.key, value: edit.node, after: edit.line, into: &lines)
        }
        return lines.text
    }

    /// The last line (1-based) that belongs to `pair`'s value: before the next top-level key,
    /// not counting blank lines and comments in between.
    static func end(of pair: Node.Pair, in pairs: [Node.Pair], lines: TextLines) -> Int {
        let next = min(pairs.map(\.key.mark.line).filter { $0 > pair.key.mark.line }.min() ?? lines.count + 1, lines.count + 1)
        var last = next - 1
        while last > pair.key.mark.line, last >= 1 {
            let trimmed = lines[last - 1].drop { $0 == " " || $0 == "\t" }
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
            last -= 1
        }
        return last
    }

    static func insert(_ items: [String], key: String, value: Node?, after line: Int, into lines: inout TextLines) throws(YAMLEditError) {
        guard let value else {
            lines.removeTrailingEmptyLines()
            lines.append(["\(key):"] + items.map { "  - \($0)" } + [""])
            return
        }
        if value.isNull || value.items?.isEmpty == true {
            // `key:` with nothing, or `key: []`: rewrite the key's line as a block list.
            let keyLine = value.mark.line - 1
            guard keyLine >= 0, keyLine < lines.count, let colon = lines[keyLine].firstRange(of: "\(key):") else {
                throw .unsupportedLayout(key: key)
            }
            let indent = String(lines[keyLine][..<colon.lowerBound])
            lines[keyLine] = indent + key + ":"
            lines.insert(items.map { "\(indent)  - \($0)" }, at: keyLine + 1)
            return
        }
        let startLine = value.mark.line - 1
        // Columns count code points, as libyaml does.
        let flow =
            (0..<lines.count).contains(startLine)
            && lines[startLine].unicodeScalars.dropFirst(max(0, value.mark.column - 1)).first == "["
        guard !flow, let last = value.items?.last, (0..<lines.count).contains(last.mark.line - 1) else {
            throw .unsupportedLayout(key: key)
        }
        let itemLine = lines[last.mark.line - 1]
        let indent = String(itemLine.prefix { $0 == " " })
        lines.insert(items.map { "\(indent)- \($0)" }, at: line)
    }
}

/// Why ``YAMLEditor`` can't edit a text.
public enum YAMLEditError: Error, Equatable {
    /// The text is not YAML, or not a mapping at the top: the reason.
    case unreadable(String)
    /// The key's list is written in a layout the editor can't extend (flow style).
    case unsupportedLayout(key: String)
}
