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
