import MentorCore
import PlanYAML

/// Adds matched people and groups to a program file's text, leaving everything else (comments,
/// order, spacing) as it was.
///
/// New entries go after the last item of the block lists `people:` and `groups:`, indented like
/// it, one flow mapping per line; an empty `[]` list or a missing `groups:` is written fresh.
/// The file's line endings (LF or CRLF) are kept, and new lines use the file's own.
public enum ProgramFileUpdate {
    /// The program text with `result`'s new groups and the roster people they need.
    public static func apply(_ result: MatchResult, roster: Roster, program: Program, to text: String) throws(UpdateError) -> String {
        let known = Set(program.people.map(\.id))
        var added = Set<String>()
        var people: [String] = []
        let newGroups = result.groups.filter { group in !program.groups.contains { $0.id == group.id } }
        for group in newGroups {
            for id in [group.mentor].compactMap({ $0 }) + group.members.map(\.id) where !known.contains(id) && added.insert(id).inserted {
                guard let person = roster.person(id) else { continue }
                var fields = ["id: \(scalar(person.id))", "name: \(scalar(person.name))"]
                if let grade = person.grade { fields.append("grade: \(grade)") }
                if let department = person.department { fields.append("department: \(scalar(department))") }
                if let manager = person.manager { fields.append("manager: \(scalar(manager))") }
                people.append("{ \(fields.joined(separator: ", ")) }")
            }
        }
        let groups = newGroups.map { group -> String in
            let ids = group.members.map { scalar($0.id) }.joined(separator: ", ")
            if let mentor = group.mentor {
                return "{ id: \(scalar(group.id)), mentor: \(scalar(mentor)), mentees: [\(ids)] }"
            }
            return "{ id: \(scalar(group.id)), peers: [\(ids)] }"
        }
        var lines = TextLines(text)
        let root: Node?
        do { root = try Parser.parse(text) } catch { throw .unreadable("line \(error.mark.line): \(error.message)") }
        guard let pairs = root?.pairs else { throw .unreadable("the program file is not a mapping of keys") }
        // Insert bottom-up so earlier line numbers stay valid.
        let edits = [("groups", groups), ("people", people)]
            .compactMap { key, items -> (line: Int, key: String, items: [String], node: Node?)? in
                guard !items.isEmpty else { return nil }
                let node = pairs.first { $0.key.scalarText == key }
                return (node.map { end(of: $0, in: pairs, lines: lines) } ?? lines.count, key, items, node?.value)
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
            let trimmed = lines[last - 1].trimmingCharacters(in: .whitespaces)
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
            last -= 1
        }
        return last
    }

    static func insert(_ items: [String], key: String, value: Node?, after line: Int, into lines: inout TextLines) throws(UpdateError) {
        guard let value else {
            lines.removeTrailingEmptyLines()
            lines.append(["\(key):"] + items.map { "  - \($0)" } + [""])
            return
        }
        if value.isNull || value.items?.isEmpty == true {
            // `key:` with nothing, or `key: []`: rewrite the key's line as a block list.
            let keyLine = value.mark.line - 1
            guard keyLine >= 0, keyLine < lines.count, let colon = lines[keyLine].range(of: "\(key):") else {
                throw .unsupportedLayout(key)
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
            throw .unsupportedLayout(key)
        }
        let itemLine = lines[last.mark.line - 1]
        let indent = String(itemLine.prefix { $0 == " " })
        lines.insert(items.map { "\(indent)- \($0)" }, at: line)
    }

    /// `text` as a YAML scalar: plain when that reads back the same, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
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
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    /// Why a program file can't be updated.
    public enum UpdateError: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case unsupportedLayout(String)

        public var description: String {
            switch self {
            case .unreadable(let reason): return "the program file can't be read for updating: \(reason)"
            case .unsupportedLayout(let key):
                return
                    "'\(key)' is written as a flow list ([...]); write it as a block list, one '- ' item per line, so new entries can be added"
            }
        }
    }
}
