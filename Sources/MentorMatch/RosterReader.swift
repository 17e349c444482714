import Diagnostics
import MentorCore

/// Reads a roster CSV into a `Roster`, reporting every bad cell with its line and column.
///
/// Columns (the header row names them, in any order, any case): `id`, `name`, `role` are
/// required; `grade`, `department`, `manager`, `capacity`, `skills`, `goals`, `prefers`, `pin`, and
/// for succession planning `retires` (a date), `key-position` (true or false) and `successor-for`
/// (an id) are optional. `skills`, `goals` and `prefers` are lists separated by semicolons.
public enum RosterReader {
    /// Every column a roster may have.
    public static let columns = [
        "id", "name", "grade", "department", "manager", "role", "capacity",
        "skills", "goals", "prefers", "pin", "retires", "key-position", "successor-for",
    ]
    /// Columns every roster needs.
    public static let requiredColumns = ["id", "name", "role"]
    /// Stop listing problems after this many.
    static let maximumProblems = 50

    /// The roster in `text`, or every problem found (errors and warnings) when it has errors.
    public static func read(_ text: String, file: String) -> RosterResult {
        var problems: [Diagnostic] = []
        let records: [[CSVRecords.Field]]
        do { records = try CSVRecords(text).records } catch {
            return RosterResult(roster: nil, diagnostics: [Diagnostic(file: file, mark: error.mark, message: error.message)])
        }
        guard let header = records.first else {
            return RosterResult(
                roster: nil,
                diagnostics: [
                    Diagnostic(
                        file: file, mark: Mark(line: 1, column: 1),
                        message: "the roster is empty; the first line names the columns: \(columns.joined(separator: ","))")
                ])
        }
        guard let layout = Layout(header, file: file, problems: &problems) else {
            return RosterResult(roster: nil, diagnostics: problems)
        }
        var builder = Builder(file: file, layout: layout)
        for record in records.dropFirst() {
            builder.add(record, problems: &problems)
            if problems.filter({ $0.severity == .error }).count >= maximumProblems { break }
        }
        let roster = builder.finish(problems: &problems)
        let failed = problems.contains { $0.severity == .error }
        return RosterResult(roster: failed ? nil : roster, diagnostics: capped(problems, file: file))
    }

    /// The first `maximumProblems` errors and warnings, and a line counting the rest of each: every
    /// listed problem is printed with its source line, so a roster with a bad cell on each of
    /// 500,000 rows must not print (or search for) 500,000 lines.
    static func capped(_ problems: [Diagnostic], file: String) -> [Diagnostic] {
        var listed: [Diagnostic.Severity: Int] = [:]
        var kept: [Diagnostic] = []
        for problem in problems {
            listed[problem.severity, default: 0] += 1
            if listed[problem.severity, default: 0] <= maximumProblems { kept.append(problem) }
        }
        for severity in [Diagnostic.Severity.error, .warning] {
            let more = (listed[severity] ?? 0) - maximumProblems
            guard more > 0 else { continue }
            kept.append(
                Diagnostic(
                    file: file, mark: Mark(line: 1, column: 1), severity: severity,
                    message: "\(more) more \(severity == .error ? "error" : "warning")\(more == 1 ? "" : "s") like the above, not listed"))
        }
        return kept
    }

    /// Where each column sits in the records.
    struct Layout {
        var position: [String: Int] = [:]
        var count: Int
        var headerLine: Int

        init?(_ header: [CSVRecords.Field], file: String, problems: inout [Diagnostic]) {
            count = header.count
            headerLine = header.first?.mark.line ?? 1
            for (index, field) in header.enumerated() {
                let name = field.text.trimmed.lowercased()
                guard RosterReader.columns.contains(name) else {
                    let hint =
                        Suggestion.closest(to: name, in: RosterReader.columns).map { "; did you mean '\($0)'?" }
                        ?? "; the columns are \(RosterReader.columns.joined(separator: ", "))"
                    problems.append(Diagnostic(file: file, mark: field.mark, message: "unknown column '\(field.text)'\(hint)"))
                    continue
                }
                if position[name] != nil {
                    problems.append(Diagnostic(file: file, mark: field.mark, message: "column '\(name)' appears twice"))
                }
                position[name] = index
            }
            let missing = RosterReader.requiredColumns.filter { position[$0] == nil }
            if !missing.isEmpty {
                problems.append(
                    Diagnostic(
                        file: file, mark: header[0].mark,
                        message: "the header has no \(missing.map { "'\($0)'" }.joined(separator: " or ")) column; "
                            + "every roster needs id, name and role"))
            }
            if !problems.isEmpty { return nil }
        }
    }
}

/// What reading a roster produced.
public struct RosterResult: Sendable {
    /// The roster, or `nil` when it has errors.
    public let roster: Roster?
    /// Errors and warnings, in file order.
    public let diagnostics: [Diagnostic]
}

// MARK: - Building people

private struct Builder {
    let file: String
    let layout: RosterReader.Layout
    var people: [RosterPerson] = []
    var seen: [String: Int] = [:]
    var managerMarks: [Mark?] = []
    var pinMarks: [Mark?] = []
    var terms: [String] = []
    var termIDs: [String: Int32] = [:]

    init(file: String, layout: RosterReader.Layout) {
        self.file = file
        self.layout = layout
    }

    mutating func add(_ record: [CSVRecords.Field], problems: inout [Diagnostic]) {
        let line = record[0].mark.line
        guard record.count == layout.count else {
            problems.append(
                Diagnostic(
                    file: file, mark: record[0].mark,
                    message: "this row has \(record.count) field\(record.count == 1 ? "" : "s") but the header has \(layout.count); "
                        + "put a field that contains a comma in double quotes"))
            return
        }
        func cell(_ column: String) -> CSVRecords.Field? {
            guard let index = layout.position[column] else { return nil }
            return record[index]
        }
        func text(_ column: String) -> String? {
            guard let value = cell(column)?.text.trimmed, !value.isEmpty else { return nil }
            return value
        }
        func fail(_ column: String, _ message: String) {
            problems.append(Diagnostic(file: file, mark: cell(column)?.mark ?? record[0].mark, message: message))
        }
        guard let id = text("id") else { return fail("id", "this row has no id; give everyone a unique id") }
        if let earlier = seen[id] {
            return fail("id", "id '\(id)' is already used on line \(people[earlier].line); ids must be unique")
        }
        let grade = text("grade").flatMap { value -> Int? in
            guard let number = Int(value) else {
                fail("grade", "grade '\(value)' is not a whole number; write the grade as a number such as 12")
                return nil
            }
            return number
        }
        var role: RosterRole?
        if let value = text("role") {
            role = RosterRole(rawValue: value.lowercased())
            if role == nil {
                let allowed = RosterRole.allCases.map(\.rawValue)
                let hint = Suggestion.closest(to: value.lowercased(), in: allowed).map { "; did you mean '\($0)'?" } ?? ""
                fail(
                    "role",
                    "role '\(value)' is not one of \(allowed.joined(separator: ", ")) "
                        + "(leave it empty for someone who doesn't take part)\(hint)")
            }
        }
        let capacity = text("capacity").flatMap { value -> Int? in
            guard let number = Int(value), number >= 0 else {
                fail("capacity", "capacity '\(value)' is not a whole number of 0 or more; it is how many mentees this mentor takes")
                return nil
            }
            return number
        }
        let retires = text("retires").flatMap { value -> CalendarDate? in
            guard let date = CalendarDate(value) else {
                fail("retires", "retires '\(value)' is not a date written YYYY-MM-DD, such as 2028-06-30")
                return nil
            }
            return date
        }
        var keyPosition = false
        if let value = text("key-position") {
            switch value.lowercased() {
            case "true", "yes", "1": keyPosition = true
            case "false", "no", "0": keyPosition = false
            default: fail("key-position", "key-position '\(value)' is not true or false")
            }
        }
        seen[id] = people.count
        var person = RosterPerson(
            id: id, name: text("name") ?? id, grade: grade, department: text("department"), manager: text("manager"),
            role: role, capacity: capacity, skills: termList(text("skills")), goals: termList(text("goals")),
            prefers: list(text("prefers")), pin: text("pin"), line: line)
        person.retires = retires
        person.keyPosition = keyPosition
        person.successorFor = text("successor-for")
        people.append(person)
        managerMarks.append(cell("manager")?.mark)
        pinMarks.append(cell("pin")?.mark)
    }

    func list(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    /// Words in a list, folded to lower case with single spaces, numbered.
    mutating func termList(_ text: String?) -> [Int32] {
        // A cell names a few words: a short array checked in turn beats hashing a set per cell.
        var ids: [Int32] = []
        for word in list(text) {
            let term = TermFolding.fold(word)
            let id: Int32
            if let known = termIDs[term] {
                id = known
            } else {
                id = Int32(terms.count)
                terms.append(term)
                termIDs[term] = id
            }
            if !ids.contains(id) { ids.append(id) }
        }
        ids.sort()
        return ids
    }

    /// Checks the references between rows (managers, pins, preferences) and builds the org tree.
    func finish(problems: inout [Diagnostic]) -> Roster? {
        var manager = [Int32](repeating: -1, count: people.count)
        for (index, person) in people.enumerated() {
            let mark = managerMarks[index] ?? Mark(line: person.line, column: 1)
            if let boss = person.manager {
                if boss == person.id {
                    problems.append(
                        Diagnostic(
                            file: file, mark: mark, message: "'\(person.id)' is their own manager; clear the cell or name their manager"))
                } else if let position = seen[boss] {
                    manager[index] = Int32(position)
                } else {
                    problems.append(
                        Diagnostic(
                            file: file, mark: mark,
                            message:
                                "manager '\(boss)' is not in the roster; add a row for them (leave 'role' empty if they don't take part)"))
                }
            }
            if let pin = person.pin, seen[pin] == nil || pin == person.id {
                problems.append(
                    Diagnostic(
                        file: file, mark: pinMarks[index] ?? mark,
                        message: pin == person.id ? "'\(person.id)' is pinned to themselves" : "pin '\(pin)' is not in the roster"))
            }
            if let holder = person.successorFor, seen[holder] == nil || holder == person.id {
                problems.append(
                    Diagnostic(
                        file: file, mark: Mark(line: person.line, column: 1), severity: .warning,
                        message: "'\(person.id)' is successor-for '\(holder)', who is "
                            + (holder == person.id ? "themselves" : "not in the roster") + "; the succession is ignored"))
            }
            for wanted in person.prefers where seen[wanted] == nil {
                problems.append(
                    Diagnostic(
                        file: file, mark: Mark(line: person.line, column: 1), severity: .warning,
                        message: "'\(person.id)' prefers '\(wanted)', who is not in the roster; the preference is ignored"))
            }
        }
        if problems.contains(where: { $0.severity == .error }) { return nil }
        switch OrgTree.make(manager: manager) {
        case .success(let org):
            return Roster(file: file, people: people, org: org, terms: terms)
        case .failure(let cycle):
            let names = (cycle.people + [cycle.people[0]]).map { "'\(people[$0].id)'" }.joined(separator: " reports to ")
            let first = cycle.people.min() ?? 0
            problems.append(
                Diagnostic(
                    file: file, mark: managerMarks[first] ?? Mark(line: people[first].line, column: 1),
                    message: "managers form a cycle: \(names); fix one of these 'manager' cells"))
            return nil
        }
    }
}

extension String {
    /// Without leading and trailing white space.
    var trimmed: String {
        // Most cells need no trimming; checking the two end bytes is much cheaper than Unicode properties.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

/// How a roster's words are compared: lower case, runs of white space as one space.
enum TermFolding {
    /// `word` folded to lower case with runs of white space made single spaces (ends trimmed).
    /// Plain ASCII is folded byte by byte: through `lowercased()` and `Character.isWhitespace`
    /// (Unicode tables for every character) this was 28% of reading a 500,000-row roster.
    static func fold(_ word: String) -> String {
        guard word.utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeFold(word) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(word.utf8.count)
        var space = false
        for byte in word.utf8 {
            // The ASCII characters with Unicode's White_Space property: tab to carriage return, space.
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                space = !bytes.isEmpty
                continue
            }
            if space {
                bytes.append(0x20)
                space = false
            }
            bytes.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same for any text, through the Unicode tables.
    static func unicodeFold(_ word: String) -> String {
        word.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
