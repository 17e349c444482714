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
                var fields: [(key: String, value: String)] = [
                    ("id", YAMLEditor.scalar(person.id)), ("name", YAMLEditor.scalar(person.name)),
                ]
                if let grade = person.grade { fields.append(("grade", String(grade))) }
                if let department = person.department { fields.append(("department", YAMLEditor.scalar(department))) }
                if let manager = person.manager { fields.append(("manager", YAMLEditor.scalar(manager))) }
                people.append(YAMLEditor.flowMapping(fields))
            }
        }
        let groups = newGroups.map { group -> String in
            let ids = "[" + group.members.map { YAMLEditor.scalar($0.id) }.joined(separator: ", ") + "]"
            if let mentor = group.mentor {
                return YAMLEditor.flowMapping([
                    ("id", YAMLEditor.scalar(group.id)), ("mentor", YAMLEditor.scalar(mentor)), ("mentees", ids),
                ])
            }
            return YAMLEditor.flowMapping([("id", YAMLEditor.scalar(group.id)), ("peers", ids)])
        }
        do {
            return try YAMLEditor.appending([("groups", groups), ("people", people)], to: text)
        } catch {
            switch error {
            case .unreadable(let reason): throw .unreadable(reason)
            case .unsupportedLayout(let key): throw .unsupportedLayout(key)
            }
        }
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
