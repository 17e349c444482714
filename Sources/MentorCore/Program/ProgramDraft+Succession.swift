import Diagnostics
import PlanYAML

extension ProgramDraft {
    /// A person's succession keys: `retires:` (a date), `key-position:` (true or false) and
    /// `successor-for:` (a person id, checked once everyone is read).
    static func readSuccession(_ map: MappingReader, into person: inout Person) throws(YAMLError) {
        if let node = map["retires"] {
            let text = try node.text("retires")
            guard let date = CalendarDate(text) else {
                throw .typeMismatch(
                    key: "retires", expected: "a date written YYYY-MM-DD, such as 2028-06-30", found: "'\(text)'",
                    at: node.mark)
            }
            person.retires = date
        }
        if let node = map["key-position"] {
            switch try node.text("key-position").lowercased() {
            case "true", "yes": person.keyPosition = true
            case "false", "no": person.keyPosition = false
            case let other: throw .notOneOf(key: "key-position", value: other, allowed: ["true", "false"], suggestion: nil, at: node.mark)
            }
        }
        person.successorFor = try map["successor-for"]?.text("successor-for")
    }

    /// People whose `successor-for:` names someone not listed, or themselves, are reported there
    /// and keep no successor link.
    static func checkSuccessors(_ people: [Person], map: MappingReader, problems: inout Problems) -> [Person] {
        let ids = people.map(\.id)
        let known = Set(ids)
        let items = map["people"]?.items ?? []
        return people.map { person in
            guard let target = person.successorFor, !known.contains(target) || target == person.id else { return person }
            let mark = items.first { $0.mark == person.mark }?["successor-for"]?.mark ?? person.mark
            problems.add(
                .error(
                    target == person.id
                        ? "'successor-for' names the person themselves; name the key holder they are to succeed"
                        : "'successor-for' names '\(target)', who is not listed under 'people'"
                            + didYouMean(Suggestion.closest(to: target, in: ids)),
                    at: mark))
            var kept = person
            kept.successorFor = nil
            return kept
        }
    }
}
