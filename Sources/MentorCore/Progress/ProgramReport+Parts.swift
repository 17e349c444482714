extension ProgramReport {
    /// What one group adds to the whole program's report: its row, its meetings due and held by
    /// month, and its share of each month's trends. A report is the sum of its groups' parts, so
    /// a server that keeps them makes the report again after a write from the one part that changed.
    public struct GroupPart: Sendable, Equatable {
        /// The group's row (no private notes, answers or reasons).
        public var row: Group
        /// Meetings due (not cancelled, not after the group ended) and held, by month.
        var months: [String: Overview.Month] = [:]
        /// The day of its first meeting in the schedule.
        var firstMeeting: CalendarDate?
        /// Whether it ended early.
        var ended: Bool
        /// Its share of each month's trends, from the program's start to the report's day.
        var trend: [Trends.Month]
    }

    /// The part of `group` (whose folded state is `state`, nil when it has no events) as of `today`.
    public static func part(
        of group: ProgramGroup, program: Program, builder: AgendaBuilder, state: GroupState?,
        today: CalendarDate
    ) throws(ProgramTypeError) -> GroupPart {
        let state = state ?? GroupState(group: group.id)
        let progress = state.agendaProgress(program: program)
        let agendas = try builder.agendas(for: group, progress: progress)
        let row = try make(
            group: group, program: program, builder: builder, state: state, agendas: agendas, today: today,
            includePrivate: false, listItems: false)
        let schedule = try builder.schedule(for: group, changes: progress.scheduleChanges)
        let ends = monthEnds(from: program.starts, to: min(today, program.starts.adding(months: program.months)))
        var part = GroupPart(
            row: row, firstMeeting: schedule.first?.date, ended: state.exit != nil,
            trend: ends.map {
                Trends.Month(month: String($0.description.prefix(7)), active: 0, atRisk: 0, goalsSet: 0, goalsAchieved: 0)
            })
        let wasHeld = Set(state.meetings.filter(\.held).map(\.number))
        let end = state.endDate.map { min($0, today) } ?? today // nothing is due after a group ended
        for meeting in schedule where meeting.date <= end && !meeting.isCancelled {
            let month = String(meeting.date.description.prefix(7))
            part.months[month, default: Overview.Month(month: month, planned: 0, held: 0)].planned += 1
            if wasHeld.contains(meeting.number) { part.months[month, default: Overview.Month(month: month, planned: 0, held: 0)].held += 1 }
        }
        // Trends, judged at each month's end on what was recorded by then.
        let gap = 2 * program.cadence.approximateDays
        let recorded = state.meetings.compactMap { meeting in state.date(ofMeeting: meeting.number).map { (held: meeting.held, date: $0) } }
        for (index, monthEnd) in ends.enumerated() {
            part.trend[index].goalsSet = state.goals.filter { $0.setOn.map { $0 <= monthEnd } ?? false }.count
            part.trend[index].goalsAchieved =
                state.goals.filter { $0.status == .achieved && ($0.closedOn.map { $0 <= monthEnd } ?? false) }.count
            guard let first = part.firstMeeting, first <= monthEnd, state.endDate.map({ $0 > monthEnd }) ?? true else { continue }
            part.trend[index].active = 1
            let upToThen = recorded.filter { $0.date <= monthEnd }
            let lastHeld = upToThen.filter(\.held).map(\.date).max() ?? program.starts
            let lastTwo = upToThen.suffix(2)
            if monthEnd.daysSinceEpoch - lastHeld.daysSinceEpoch > gap || (lastTwo.count == 2 && lastTwo.allSatisfy { !$0.held }) {
                part.trend[index].atRisk = 1
            }
        }
        return part
    }

    /// The whole program's report from every group's part (in the program file's order) on
    /// `today`: the groups' rows, the overview and the trends. `attendance` maps an event's id to
    /// who came (an event without an entry has no attendance recorded yet).
    public static func whole(
        program: Program, parts: [GroupPart], today: CalendarDate,
        attendance: [String: Set<String>]
    ) -> ProgramReport {
        var report = ProgramReport(
            program: program.name, type: program.type, date: today, includesPrivate: false,
            groups: parts.map(\.row))
        var months: [String: Overview.Month] = [:]
        var started = 0
        var ended = 0
        var missed: [String] = []
        let invitees = Dictionary(program.events.map { ($0.id, Set(program.invitees(of: $0))) }, uniquingKeysWith: { first, _ in first })
        var trend = (parts.first?.trend ?? []).map { Trends.Month(month: $0.month, active: 0, atRisk: 0, goalsSet: 0, goalsAchieved: 0) }
        for (group, part) in zip(program.groups, parts) {
            for (month, counts) in part.months {
                months[month, default: Overview.Month(month: month, planned: 0, held: 0)].planned += counts.planned
                months[month, default: Overview.Month(month: month, planned: 0, held: 0)].held += counts.held
            }
            for index in trend.indices where index < part.trend.count {
                trend[index].active += part.trend[index].active
                trend[index].atRisk += part.trend[index].atRisk
                trend[index].goalsSet += part.trend[index].goalsSet
                trend[index].goalsAchieved += part.trend[index].goalsAchieved
            }
            guard let first = part.firstMeeting, first <= today else { continue }
            started += 1
            if part.ended { ended += 1 }
            for event in program.events(for: group) where (event.kind == .kickoff || event.kind == .training) && event.date <= first {
                guard let came = attendance[event.id] else { continue }
                let invited = invitees[event.id] ?? []
                for member in group.members where invited.contains(member) && !came.contains(member) {
                    missed.append(
                        "\(program.name(of: member)) (\(group.id)) missed the \(event.kind.rawValue) '\(event.title)' on \(event.date)")
                }
            }
        }
        let monthLines = months.keys.sorted().compactMap { months[$0] }
        let events = program.events.sorted { $0.date < $1.date }.map { event in
            let invited = invitees[event.id] ?? []
            return Overview.EventLine(
                id: event.id, title: event.title, kind: event.kind, date: event.date, invited: invited.count,
                attended: attendance[event.id].map { $0.intersection(invited).count })
        }
        var seen = Set<String>()
        var overview = Overview(
            events: events, missedBeforeStart: missed.filter { seen.insert($0).inserted }, months: monthLines,
            decline: decline(monthLines), started: started, endedEarly: ended)
        overview.knowledgeAtRisk = knowledgeAtRisk(in: program)
        report.overview = overview
        report.trends = Trends(months: trend)
        return report
    }
}
