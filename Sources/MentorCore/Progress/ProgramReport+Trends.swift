extension ProgramReport {
    /// How the program moved month by month: groups at risk at each month's end, and goals set and
    /// achieved so far. What the dashboard's trend charts draw.
    public struct Trends: Sendable, Equatable, Codable {
        /// One month of the term so far, as of its last day (or the report's day for the current month).
        public struct Month: Sendable, Equatable, Codable {
            /// `2027-03`.
            public var month: String
            /// Groups that had started and not ended by the month's end.
            public var active: Int
            /// Of those, how many showed a sign of waning interest then (see ``ProgramReport/Trends``).
            public var atRisk: Int
            /// Goals set by the month's end, all groups together.
            public var goalsSet: Int
            /// Of those, how many were achieved by then.
            public var goalsAchieved: Int
        }

        public var months: [Month]
    }

    /// The trends of `program` up to `today`. A group counts as at risk at a month's end when, on
    /// that day, it had gone more than twice its cadence without a meeting held, or its last two
    /// recorded meetings were missed: the report's first two signs, judged on what was recorded by
    /// then. (Overdue actions and skipped check-ins are left out of the past months: when an action
    /// was done is not recorded.)
    public static func trends(program: Program, builder: AgendaBuilder, states: [String: GroupState],
                              today: CalendarDate) throws(ProgramTypeError) -> Trends {
        let ends = monthEnds(from: program.starts, to: min(today, program.starts.adding(months: program.months)))
        guard !ends.isEmpty else { return Trends(months: []) }
        var months = ends.map { Trends.Month(month: String($0.description.prefix(7)), active: 0, atRisk: 0, goalsSet: 0, goalsAchieved: 0) }
        let gap = 2 * program.cadence.approximateDays
        for group in program.groups {
            let state = states[group.id] ?? GroupState(group: group.id)
            let first = try builder.schedule(for: group, changes: state.agendaProgress(program: program).scheduleChanges).first?.date
            // Meetings in the order recorded, with the day each was recorded for.
            let recorded = state.meetings.compactMap { meeting in state.date(ofMeeting: meeting.number).map { (meeting.held, $0) } }
            for (index, end) in ends.enumerated() {
                for goal in state.goals {
                    if let set = goal.setOn, set <= end { months[index].goalsSet += 1 }
                    if goal.status == .achieved, let closed = goal.closedOn, closed <= end { months[index].goalsAchieved += 1 }
                }
                guard let first, first <= end, state.endDate.map({ $0 > end }) ?? true else { continue }
                months[index].active += 1
                let upToThen = recorded.filter { $0.1 <= end }
                let lastHeld = upToThen.filter(\.0).map(\.1).max() ?? program.starts
                let lastTwo = upToThen.suffix(2)
                if end.daysSinceEpoch - lastHeld.daysSinceEpoch > gap || (lastTwo.count == 2 && lastTwo.allSatisfy { !$0.0 }) {
                    months[index].atRisk += 1
                }
            }
        }
        return Trends(months: months)
    }

    /// The last day of each month from `start`'s month to `last`'s, the final one being `last`.
    static func monthEnds(from start: CalendarDate, to last: CalendarDate) -> [CalendarDate] {
        guard start <= last, var month = CalendarDate(year: start.year, month: start.month, day: 1) else { return [] }
        var ends: [CalendarDate] = []
        while month <= last {
            let next = month.adding(months: 1)
            ends.append(min(next.adding(days: -1), last))
            month = next
        }
        return ends
    }
}
