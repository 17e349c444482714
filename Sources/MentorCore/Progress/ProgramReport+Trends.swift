extension ProgramReport {
    /// How the program moved month by month: groups at risk at each month's end, and goals set and
    /// achieved so far. What the dashboard's trend charts draw.
    ///
    /// A group counts as at risk at a month's end when, on that day, it had gone more than twice
    /// its cadence without a meeting held, or its last two recorded meetings were missed: the
    /// report's first two signs, judged on what was recorded by then. (Overdue actions and skipped
    /// check-ins are left out of past months: when an action was done is not recorded.)
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
