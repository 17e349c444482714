import Diagnostics
import Foundation
import PlanYAML

/// A program file decoded into a `Program`, with the marks later checks point at.
struct ProgramDraft {
    /// Where the keys that later checks refer to are written.
    struct Marks {
        var meetingMinutes: Mark
        var cadence: Mark
        var type: Mark
    }

    var program: Program
    var planIDs: [(text: String, mark: Mark)]
    var marks: Marks

    /// Decodes `root`, recording every problem; `nil` when required keys are unusable.
    init?(root: Node, file: String, registry: ProgramRegistry, problems: inout Problems) {
        var errors: [YAMLError] = []
        guard
            let map = problems.attempt({ () throws(YAMLError) in
                try MappingReader(root, subject: "the program file", allowed: ProgramFormat.programKeys, problems: &errors)
            })
        else { return nil }
        errors.forEach { problems.add($0) }
        let owner = "the program file"
        let name = map.requiredText("program", owner: owner, into: &problems)
        let id = Self.id(map, problems: &problems)
        let type = Self.type(map, registry: registry, problems: &problems)
        let starts = Self.date(map, problems: &problems)
        let months = map.integer("months", in: ProgramFormat.months, into: &problems)
        let term = months ?? ProgramFormat.defaultMonths
        let cadence = Self.cadence(map, problems: &problems)
        let minutes = map.integer("meeting-minutes", in: ProgramFormat.meetingMinutes, into: &problems)
        let time = Self.time(map["meeting-time"], problems: &problems)
        let timeZone = Self.timeZone(map, problems: &problems)
        let day = Self.day(map["day"], cadence: cadence, problems: &problems)
        let location = Self.location(map["location"], problems: &problems)
        let checkIns = Self.checkInMonths(map, term: term, problems: &problems)
        planIDs =
            map.textList("plans", into: &problems)
            ?? ProgramFormat.defaultPlans.map { ($0, map.mark(of: "plans") ?? root.mark) }
        var people = Self.people(map, problems: &problems)
        let groups = Self.groups(map, people: people, cadence: cadence, problems: &problems)
        var coordinators = Self.coordinators(map, people: people, problems: &problems)
        Self.checkEmails(root: map, people: &people, coordinators: &coordinators, problems: &problems)
        guard let name, let type, let starts else { return nil }
        program = Program(
            name: name, type: type, starts: starts, months: term, cadence: cadence ?? .months(1),
            meetingMinutes: minutes ?? ProgramFormat.defaultMeetingMinutes, checkInMonths: checkIns,
            meetingTime: time ?? ProgramFormat.defaultMeetingTime, plans: planIDs.map(\.text), people: people,
            groups: groups, source: file, id: id)
        program.coordinators = coordinators
        program.events = Self.events(map, groups: groups, defaultTime: time, problems: &problems)
        program.timeZone = timeZone
        program.day = day
        program.location = location
        marks = Marks(
            meetingMinutes: map["meeting-minutes"]?.mark ?? root.mark, cadence: map["cadence"]?.mark ?? root.mark,
            type: map["type"]?.mark ?? root.mark)
    }

    // MARK: - Scalars

    /// The optional `id:`: the journal's key for the program, so it must be a valid id.
    private static func id(_ map: MappingReader, problems: inout Problems) -> String? {
        guard let node = map["id"], let text = node.text("id", into: &problems) else { return nil }
        guard PlanFormat.isValidID(text) else {
            problems.add(.invalidID(kind: "program", id: text, at: node.mark))
            return nil
        }
        return text
    }

    private static func type(_ map: MappingReader, registry: ProgramRegistry, problems: inout Problems) -> String? {
        guard let node = map.required("type", owner: "the program file", into: &problems), let type = node.text("type", into: &problems)
        else { return nil }
        guard registry.type(type) != nil else {
            problems.add(
                .notOneOf(
                    key: "type", value: type, allowed: registry.ids,
                    suggestion: Suggestion.closest(to: type, in: registry.ids), at: node.mark))
            return nil
        }
        return type
    }

    private static func date(_ map: MappingReader, problems: inout Problems) -> CalendarDate? {
        guard let node = map.required("starts", owner: "the program file", into: &problems) else { return nil }
        return parsed(node, "starts", CalendarDate.init, problems: &problems) { text in
            "'starts' must be a date written YYYY-MM-DD, such as 2027-01-11; found '\(text)'"
        }
    }

    private static func cadence(_ map: MappingReader, problems: inout Problems) -> Cadence? {
        guard let node = map["cadence"] else { return nil }
        return parsed(node, "cadence", Cadence.init, problems: &problems) { text in
            "'cadence' must be weekly, biweekly, monthly, 'every N weeks' or 'every N months'; found '\(text)'"
                + didYouMean(Suggestion.closest(to: text, in: ProgramFormat.cadenceWords))
        }
    }

    static func time(_ node: Node?, problems: inout Problems) -> ClockTime? {
        guard let node else { return nil }
        return parsed(node, "meeting-time", ClockTime.init, problems: &problems) { text in
            "'meeting-time' must be a 24-hour time such as '09:30' (in quotes); found '\(text)'"
        }
    }

    /// `time-zone:`, an IANA name the system's time zone database knows.
    private static func timeZone(_ map: MappingReader, problems: inout Problems) -> String? {
        guard let node = map["time-zone"] else { return nil }
        let known: (String) -> String? = { TimeZones.isKnown($0) ? $0 : nil }
        return parsed(node, "time-zone", known, problems: &problems) { text in
            "'time-zone' must be a time zone's IANA name, such as Europe/London or America/New_York; found '\(text)'"
                + didYouMean(TimeZones.suggestion(for: text))
        }
    }

    /// `day:` on the program or a group: a weekday for weekly cadences, an ordinal weekday for monthly ones.
    private static func day(_ node: Node?, cadence: Cadence?, problems: inout Problems) -> MeetingDay? {
        guard let node else { return nil }
        guard
            let day = parsed(
                node, "day", MeetingDay.init, problems: &problems,
                message: { text in
                    "'day' must be a weekday such as 'tuesday', or for monthly meetings which one of the month, such as "
                        + "'second tuesday' or 'last friday'; found '\(text)'"
                        + didYouMean(Suggestion.closest(to: text.lowercased(), in: MeetingDay.weekdayNames))
                })
        else { return nil }
        switch (cadence ?? .months(1), day.ordinal) {
        case (.weeks, _?):
            problems.add(
                .error(
                    "'day' is '\(day)', a day of the month, but meetings are \(cadence ?? .months(1)); "
                        + "write the weekday alone ('\(MeetingDay.weekdayNames[day.weekday - 1])'), or meet monthly", at: node.mark))
            return nil
        case (.months, nil):
            let name = MeetingDay.weekdayNames[day.weekday - 1]
            problems.add(
                .error(
                    "'day' is '\(day)', but monthly meetings need to know which \(name) of the month: "
                        + "write 'first \(name)', 'second \(name)', 'third \(name)', 'fourth \(name)' or 'last \(name)'", at: node.mark))
            return nil
        default:
            return day
        }
    }

    /// `location:` on the program or a group: one line of text (a room or a video link).
    static func location(_ node: Node?, problems: inout Problems) -> String? {
        guard let node, let text = node.text("location", into: &problems) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard ProgramFormat.isValidLocation(trimmed) else {
            problems.add(
                .error(
                    "'location' must be one line of at most \(ProgramFormat.locationLength) characters "
                        + "naming a room or a video link; found '\(text.prefix(60))'", at: node.mark))
            return nil
        }
        return trimmed
    }

    /// `node`'s text read by `parse`; when that fails, records `message(text)` at the node.
    static func parsed<T>(
        _ node: Node, _ key: String, _ parse: (String) -> T?, problems: inout Problems, message: (String) -> String
    ) -> T? {
        guard let text = node.text(key, into: &problems) else { return nil }
        guard let value = parse(text) else {
            problems.add(.error(message(text), at: node.mark))
            return nil
        }
        return value
    }

    private static func checkInMonths(_ map: MappingReader, term: Int, problems: inout Problems) -> [Int] {
        guard let node = map["check-in-months"] else { return term > 6 ? [6] : [] }
        guard let items = node.items else {
            problems.add(
                .typeMismatch(
                    key: "check-in-months", expected: "a list of months, such as [6]",
                    found: node.kindDescription, at: node.mark))
            return []
        }
        guard term > 1 else { return [] }
        return items.compactMap { item in
            problems.attempt { () throws(YAMLError) in try item.integer("check-in-months", in: 1...(term - 1)) }
        }
    }

    // MARK: - People and groups

    private static func people(_ map: MappingReader, problems: inout Problems) -> [Person] {
        guard let list = map.required("people", owner: "the program file", into: &problems) else { return [] }
        guard let items = list.items else {
            problems.add(.typeMismatch(key: "people", expected: "a list of people", found: list.kindDescription, at: list.mark))
            return []
        }
        var people: [Person] = []
        for item in items {
            var errors: [YAMLError] = []
            guard
                let person = problems.attempt({ () throws(YAMLError) -> Person in
                    let map = try MappingReader(item, subject: "a person", allowed: ProgramFormat.personKeys, problems: &errors)
                    var person = Person(
                        id: try map.required("id", owner: "a person").text("id"),
                        name: try map.required("name", owner: "a person").text("name"),
                        grade: try map["grade"]?.integer("grade", in: -1000...1000),
                        department: try map["department"]?.text("department"),
                        manager: try map["manager"]?.text("manager"),
                        email: try map["email"]?.text("email"), mark: item.mark)
                    try readSuccession(map, into: &person)
                    return person
                })
            else {
                errors.forEach { problems.add($0) }
                continue
            }
            errors.forEach { problems.add($0) }
            people.append(person)
        }
        let kept = unique(people, kind: "person", owner: "each person their", id: \.id, mark: \.mark, problems: &problems)
        return checkSuccessors(kept, map: map, problems: &problems)
    }

    /// The optional `coordinators:` list: id, name and email each.
    private static func coordinators(_ map: MappingReader, people: [Person], problems: inout Problems) -> [Coordinator] {
        guard let list = map["coordinators"] else { return [] }
        guard let items = list.items else {
            problems.add(
                .typeMismatch(
                    key: "coordinators", expected: "a list of coordinators (id, name, email)",
                    found: list.kindDescription, at: list.mark))
            return []
        }
        let personIDs = Dictionary(people.map { ($0.id, $0.mark) }, uniquingKeysWith: { first, _ in first })
        let coordinators = items.compactMap { item -> Coordinator? in
            var errors: [YAMLError] = []
            defer { errors.forEach { problems.add($0) } }
            guard
                let coordinator = problems.attempt({ () throws(YAMLError) -> Coordinator in
                    let map = try MappingReader(item, subject: "a coordinator", allowed: ProgramFormat.coordinatorKeys, problems: &errors)
                    return Coordinator(
                        id: try map.required("id", owner: "a coordinator").text("id"),
                        name: try map.required("name", owner: "a coordinator").text("name"),
                        email: try map.required("email", owner: "a coordinator").text("email"), mark: item.mark)
                })
            else { return nil }
            if let mark = personIDs[coordinator.id] {
                problems.add(
                    .error(
                        "coordinator id '\(coordinator.id)' is already a person's id (line \(mark.line)); "
                            + "give the coordinator another id", at: item.mark))
                return nil
            }
            return coordinator
        }
        return unique(
            coordinators, kind: "coordinator", owner: "each coordinator their", id: \.id, mark: \.mark,
            problems: &problems)
    }

    /// Each address is well-formed and signs in one person: two people (or coordinators) may not
    /// share an email. A bad or repeated address is reported at its `email:` and dropped.
    private static func checkEmails(
        root: MappingReader, people: inout [Person], coordinators: inout [Coordinator],
        problems: inout Problems
    ) {
        var seen: [String: (who: String, mark: Mark)] = [:]
        /// The address to keep for `who` (listed at `item`), or nil when it is malformed or taken.
        func check(_ email: String, who: String, item: Mark) -> String? {
            let mark = emailMark(near: item, in: root) ?? item
            guard EmailAddress.isWellFormed(email) else {
                problems.add(.invalidEmail(email, at: mark))
                return nil
            }
            if let first = seen[email.lowercased()] {
                problems.add(.duplicateEmail(email, owner: who, first: first.who, firstMark: first.mark, at: mark))
                return nil
            }
            seen[email.lowercased()] = (who, mark)
            return email
        }
        for index in people.indices {
            guard let email = people[index].email else { continue }
            people[index].email = check(email, who: people[index].id, item: people[index].mark)
        }
        coordinators = coordinators.filter { check($0.email, who: $0.id, item: $0.mark) != nil }
    }

    /// The mark of the `email:` value of the list item at `item` (a person or a coordinator).
    private static func emailMark(near item: Mark, in root: MappingReader) -> Mark? {
        for key in ["people", "coordinators"] {
            guard let items = root[key]?.items else { continue }
            if let node = items.first(where: { $0.mark == item }) { return node["email"]?.mark }
        }
        return nil
    }

    /// `items` without those whose id an earlier item already used; each repeat is reported.
    static func unique<T>(
        _ items: [T], kind: String, owner: String, id: (T) -> String, mark: (T) -> Mark, problems: inout Problems
    ) -> [T] {
        var seen: [String: Mark] = [:]
        return items.filter { item in
            if let first = seen[id(item)] {
                problems.add(
                    .error(
                        "\(kind) id '\(id(item))' is already used at line \(first.line); give \(owner) own id",
                        at: mark(item)))
                return false
            }
            seen[id(item)] = mark(item)
            return true
        }
    }

    private static func groups(_ map: MappingReader, people: [Person], cadence: Cadence?, problems: inout Problems) -> [ProgramGroup] {
        guard let list = map.required("groups", owner: "the program file", into: &problems) else { return [] }
        // An empty list is a program still being matched (`mentor match` proposes the groups).
        guard let items = list.items else {
            problems.add(
                .typeMismatch(
                    key: "groups", expected: "a list of groups", found: list.kindDescription,
                    at: list.mark))
            return []
        }
        let ids = Set(people.map(\.id))
        let groups = items.compactMap { group($0, knownPeople: ids, cadence: cadence, problems: &problems) }
        return unique(groups, kind: "group", owner: "each group its", id: \.id, mark: \.mark, problems: &problems)
    }

    private static func group(_ node: Node, knownPeople: Set<String>, cadence: Cadence?, problems: inout Problems) -> ProgramGroup? {
        var errors: [YAMLError] = []
        defer { errors.forEach { problems.add($0) } }
        guard
            let map = problems.attempt({ () throws(YAMLError) in
                try MappingReader(node, subject: "a group", allowed: ProgramFormat.groupKeys, problems: &errors)
            }), let id = map.requiredText("id", owner: "a group", into: &problems)
        else { return nil }
        var members: [(text: String, mark: Mark)] = []
        func list(_ key: String) -> [(text: String, mark: Mark)] {
            map.textList(key, into: &problems) ?? []
        }
        let mentor = map["mentor"].flatMap { node in node.text("mentor", into: &problems).map { ($0, node.mark) } }
        let mentees = list("mentees")
        let peers = list("peers")
        let skills = list("skills")
        members = (mentor.map { [$0] } ?? []) + mentees + peers
        var valid = true
        var inGroup: Set<String> = []
        for (member, mark) in members {
            if !knownPeople.contains(member) {
                let suggestion = Suggestion.closest(to: member, in: knownPeople.sorted())
                problems.add(.error("group '\(id)' names '\(member)', who is not listed under 'people'" + didYouMean(suggestion), at: mark))
                valid = false
            } else if !inGroup.insert(member).inserted {
                problems.add(.error("'\(member)' appears twice in group '\(id)'; list each person once", at: mark))
                valid = false
            }
        }
        guard valid else { return nil }
        var group = ProgramGroup(
            id: id, mentor: mentor?.0, mentees: mentees.map(\.text), peers: peers.map(\.text),
            skills: skills.map(\.text), mark: node.mark)
        group.day = day(map["day"], cadence: cadence, problems: &problems)
        group.meetingTime = time(map["meeting-time"], problems: &problems)
        group.location = location(map["location"], problems: &problems)
        return group
    }
}
