/// Finds people who would have to be in two meetings at once.
///
/// Two groups whose schedules share a date and a start time (each group's own `meeting-time`, else
/// the program's) meet at once: a person in both can attend only one. Types may lay out each
/// group's schedule differently, so the dates come from the type's own `schedule` hook.
enum MeetingClashes {
    /// One warning per person whose groups meet at the same date and time, naming those groups,
    /// at the later group's place in the file.
    static func warnings(in program: Program, type: ProgramTypeHandle) throws(ProgramTypeError) -> [ProgramIssue] {
        var groupsOf: [String: [Int]] = [:]
        for (index, group) in program.groups.enumerated() {
            for member in Set(group.members) { groupsOf[member, default: []].append(index) }
        }
        var dates: [Int: Set<Slot>] = [:]
        func meetings(_ index: Int) throws(ProgramTypeError) -> Set<Slot> {
            if let known = dates[index] { return known }
            let group = program.groups[index]
            let found = Set(
                try type.schedule(for: group, in: program).map { Slot(date: $0.date, time: $0.time ?? program.time(for: group)) })
            dates[index] = found
            return found
        }
        var warnings: [ProgramIssue] = []
        for person in program.people {
            guard let indexes = groupsOf[person.id], indexes.count > 1 else { continue }
            var clashing: [Int] = []
            var shared: Set<Slot> = []
            for (position, first) in indexes.enumerated() {
                for second in indexes[(position + 1)...] {
                    let common = try meetings(first).intersection(try meetings(second))
                    guard !common.isEmpty else { continue }
                    shared.formUnion(common)
                    for index in [first, second] where !clashing.contains(index) { clashing.append(index) }
                }
            }
            guard let first = shared.min(by: { ($0.date, $0.time.hour, $0.time.minute) < ($1.date, $1.time.hour, $1.time.minute) }),
                clashing.count > 1
            else { continue }
            clashing.sort()
            warnings.append(
                .warning(
                    message(
                        person, groups: clashing.map { program.groups[$0].id }, first: first.date,
                        count: shared.count, time: first.time),
                    at: program.groups[clashing[1]].mark))
        }
        return warnings
    }

    /// A meeting's day and start time.
    struct Slot: Hashable {
        var date: CalendarDate
        var time: ClockTime
    }

    private static func message(_ person: Person, groups: [String], first: CalendarDate, count: Int, time: ClockTime) -> String {
        let quoted = groups.map { "'\($0)'" }
        let names =
            quoted.count == 2
            ? "\(quoted[0]) and \(quoted[1])"
            : quoted.dropLast().joined(separator: ", ") + " and " + (quoted.last ?? "")
        let more = count > 1 ? " and \(count - 1) more" : ""
        let both = groups.count == 2 ? "both" : "all of them"
        return "\(person.name) (\(person.id)) is in groups \(names), which meet at the same date and time "
            + "(\(first) at \(time)\(more)); one person can't attend \(both), so move them to one group "
            + "or agree another time with one of the groups"
    }
}
