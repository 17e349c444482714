import Diagnostics
import PlanYAML

extension ProgramDraft {
    /// The optional `events:` list: the program's kickoff, trainings, workshops and gatherings.
    static func events(_ map: MappingReader, groups: [ProgramGroup], defaultTime: ClockTime?, problems: inout Problems)
        -> [ProgramEvent]
    {
        guard let list = map["events"] else { return [] }
        guard let items = list.items else {
            problems.add(
                .typeMismatch(
                    key: "events", expected: "a list of events (id, kind, title, date, ...)",
                    found: list.kindDescription, at: list.mark))
            return []
        }
        let groupIDs = groups.map(\.id)
        let events = items.compactMap { event($0, groupIDs: groupIDs, defaultTime: defaultTime, problems: &problems) }
        return unique(events, kind: "event", owner: "each event its", id: \.id, mark: \.mark, problems: &problems)
    }

    private static func event(_ item: Node, groupIDs: [String], defaultTime: ClockTime?, problems: inout Problems) -> ProgramEvent? {
        var errors: [YAMLError] = []
        defer { errors.forEach { problems.add($0) } }
        guard
            let map = problems.attempt({ () throws(YAMLError) in
                try MappingReader(item, subject: "an event", allowed: ProgramFormat.eventKeys, problems: &errors)
            })
        else { return nil }
        let owner = "an event"
        let id = map.requiredText("id", owner: owner, into: &problems)
        if let id, !PlanFormat.isValidID(id), let node = map["id"] {
            problems.add(.invalidID(kind: "event", id: id, at: node.mark))
        }
        let kind = map.required("kind", owner: owner, into: &problems).flatMap { node in
            problems.attempt { () throws(YAMLError) in try node.choice("kind", as: ProgramEvent.Kind.self) }
        }
        let title = map.requiredText("title", owner: owner, into: &problems)
        let date = map.required("date", owner: owner, into: &problems).flatMap { node in
            parsed(node, "date", CalendarDate.init, problems: &problems) { text in
                "an event's 'date' must be a date written YYYY-MM-DD, such as 2027-01-05; found '\(text)'"
            }
        }
        let time = map["time"].flatMap { node in
            parsed(node, "time", ClockTime.init, problems: &problems) { text in
                "an event's 'time' must be a 24-hour time such as '13:30' (in quotes); found '\(text)'"
            }
        }
        let minutes = map.integer("minutes", in: ProgramFormat.meetingMinutes, into: &problems)
        let location = location(map["location"], problems: &problems)
        let audience = audience(map["for"], groupIDs: groupIDs, problems: &problems)
        let summary = map.text("summary", into: &problems)
        let discuss = map.texts("discuss", into: &problems) ?? []
        guard let id, PlanFormat.isValidID(id), let kind, let title, let date else { return nil }
        return ProgramEvent(
            id: id, kind: kind, title: title, date: date, time: time ?? defaultTime ?? ProgramFormat.defaultMeetingTime,
            minutes: minutes ?? ProgramFormat.defaultMeetingMinutes, location: location,
            audience: audience ?? .everyone, summary: summary, discuss: discuss, mark: item.mark)
    }

    /// `for:`: everyone, mentors, mentees, coordinators, or a list of group ids.
    private static func audience(_ node: Node?, groupIDs: [String], problems: inout Problems) -> ProgramEvent.Audience? {
        guard let node else { return nil }
        if node.items != nil {
            guard let ids = node.textList("for", into: &problems) else { return nil }
            var known: [String] = []
            for (id, mark) in ids {
                if groupIDs.contains(id) {
                    known.append(id)
                    continue
                }
                problems.add(
                    .error(
                        "'for' names group '\(id)', which is not listed under 'groups'"
                            + didYouMean(Suggestion.closest(to: id, in: groupIDs)), at: mark))
            }
            return known.count == ids.count ? .groups(known) : nil
        }
        guard let text = node.text("for", into: &problems) else { return nil }
        switch text {
        case "everyone": return .everyone
        case "mentors": return .mentors
        case "mentees": return .mentees
        case "coordinators": return .coordinators
        default:
            problems.add(
                .error(
                    "'for' must be everyone, mentors, mentees, coordinators, or a list of group ids such as "
                        + "[ruiz-lin]; found '\(text)'"
                        + didYouMean(Suggestion.closest(to: text, in: ProgramEvent.Audience.words + groupIDs)),
                    at: node.mark))
            return nil
        }
    }
}
