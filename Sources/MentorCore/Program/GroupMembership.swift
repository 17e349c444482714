/// What the journal records of a meeting's attendance: what rotating turns and agendas follow.
public struct Attendance: Sendable, Equatable, Codable {
    /// False when the meeting is logged as missed.
    public var held: Bool
    /// The day it was logged for.
    public var date: CalendarDate
    /// Person ids of those present.
    public var attendees: [String]

    /// Creates a record.
    public init(held: Bool, date: CalendarDate, attendees: [String]) {
        self.held = held
        self.date = date
        self.attendees = attendees
    }
}

extension ProgramGroup {
    /// The group without the people in `left`: what remains once they have left it.
    public func without(_ left: Set<String>) -> ProgramGroup {
        guard !left.isEmpty else { return self }
        var group = self
        if let mentor, left.contains(mentor) { group.mentor = nil }
        group.mentees.removeAll(where: left.contains)
        group.peers.removeAll(where: left.contains)
        return group
    }

    /// The group at a meeting on `date`: without those who left on or before that day.
    public func members(on date: CalendarDate, departures: [String: CalendarDate]) -> ProgramGroup {
        without(Set(departures.filter { $0.value <= date }.keys))
    }
}

extension AgendaContext {
    /// The day this meeting is held: the day it was logged for, else its scheduled day.
    public var day: CalendarDate { attendance[meeting.number]?.date ?? meeting.date }

    /// The group as it stands at this meeting: without those who left before it (on or before
    /// its day). Agendas name, list and rotate turns among these people only.
    public var members: ProgramGroup { group.members(on: day, departures: departures) }

    /// Whose turn it is at this meeting, when a role rotates among the people `role` picks from
    /// the group (its mentees, its peers) over the meetings `takesTurn` selects, with turns
    /// following attendance (see ``TurnRotation``); nil when this meeting takes no turn or
    /// nobody who takes turns came.
    public func turn(of role: (ProgramGroup) -> [String], at takesTurn: (Meeting) -> Bool) -> String? {
        guard takesTurn(meeting) else { return nil }
        let meetings = (schedule.filter { $0.number < meeting.number && takesTurn($0) } + [meeting]).map { earlier in
            let record = attendance[earlier.number]
            let day = record?.date ?? earlier.date
            // A cancelled meeting, like a missed one, uses no turn.
            return TurnRotation.Meeting(
                members: role(group.members(on: day, departures: departures)),
                present: record.flatMap { $0.held ? $0.attendees : nil },
                held: record?.held ?? !earlier.isCancelled)
        }
        return TurnRotation.turns(meetings).last ?? nil
    }
}
