import Foundation

extension ProgramReport {
    /// The program as a whole: its events and who came, engagement month by month, and how many
    /// partnerships ended early. What a coordinator watches against waning interest.
    public struct Overview: Sendable, Equatable, Codable {
        /// One program event.
        public struct EventLine: Sendable, Equatable, Codable {
            public var id: String
            public var title: String
            public var kind: ProgramEvent.Kind
            public var date: CalendarDate
            /// How many people it invites (coordinators not counted).
            public var invited: Int
            /// How many of them came; `nil` until attendance is recorded (`mentor attend`).
            public var attended: Int?
        }

        /// One month of the term so far.
        public struct Month: Sendable, Equatable, Codable {
            /// `2027-03`.
            public var month: String
            /// Meetings scheduled in the month (cancelled ones left out).
            public var planned: Int
            /// Of those, how many were logged as held.
            public var held: Int
        }

        public var events: [EventLine]
        /// "Sam Lin (ruiz-lin) missed the kickoff on 2027-01-05": people who missed a kickoff or
        /// training held before their partnership began, once attendance is recorded.
        public var missedBeforeStart: [String]
        public var months: [Month]
        /// A program-wide warning (the share of meetings held falling two months running), if any.
        public var decline: String?
        /// Partnerships whose first meeting has come.
        public var started: Int
        /// Of those, how many ended early (no fault).
        public var endedEarly: Int
        /// Key positions whose knowledge may not reach a successor: the holder may retire within
        /// the term and mentors nobody, or their successor is in no partnership.
        public var knowledgeAtRisk: [String] = []
    }

    /// The overview of `program` on `today`; `attendance` maps an event's id to who came (an event
    /// without an entry has no attendance recorded yet).
    public static func overview(program: Program, builder: AgendaBuilder, states: [String: GroupState], today: CalendarDate,
                                attendance: [String: Set<String>]) throws(ProgramTypeError) -> Overview {
        var planned: [String: Int] = [:], held: [String: Int] = [:]
        var started = 0, ended = 0
        var missed: [String] = []
        let invitees = Dictionary(program.events.map { ($0.id, Set(program.invitees(of: $0))) }, uniquingKeysWith: { first, _ in first })
        for group in program.groups {
            let state = states[group.id] ?? GroupState(group: group.id)
            let schedule = try builder.schedule(for: group, changes: state.agendaProgress(program: program).scheduleChanges)
            let wasHeld = Set(state.meetings.filter(\.held).map(\.number))
            let end = state.endDate.map { min($0, today) } ?? today  // nothing is due after a group ended
            for meeting in schedule where meeting.date <= end && !meeting.isCancelled {
                let month = String(meeting.date.description.prefix(7))
                planned[month, default: 0] += 1
                if wasHeld.contains(meeting.number) { held[month, default: 0] += 1 }
            }
            guard let first = schedule.first?.date, first <= today else { continue }
            started += 1
            if state.exit != nil { ended += 1 }
            for event in program.events(for: group) where (event.kind == .kickoff || event.kind == .training) && event.date <= first {
                guard let came = attendance[event.id] else { continue }
                let invited = invitees[event.id] ?? []
                for member in group.members where invited.contains(member) && !came.contains(member) {
                    missed.append("\(program.name(of: member)) (\(group.id)) missed the \(event.kind.rawValue) '\(event.title)' on \(event.date)")
                }
            }
        }
        let months = planned.keys.sorted().map { Overview.Month(month: $0, planned: planned[$0] ?? 0, held: held[$0] ?? 0) }
        let events = program.events.sorted { $0.date < $1.date }.map { event in
            let invited = invitees[event.id] ?? []
            return Overview.EventLine(id: event.id, title: event.title, kind: event.kind, date: event.date, invited: invited.count,
                                      attended: attendance[event.id].map { $0.intersection(invited).count })
        }
        var seen = Set<String>()
        var overview = Overview(events: events, missedBeforeStart: missed.filter { seen.insert($0).inserted }, months: months,
                                decline: decline(months), started: started, endedEarly: ended)
        overview.knowledgeAtRisk = knowledgeAtRisk(in: program)
        return overview
    }

    /// "Morgan Blake holds a key position and may retire on 2027-09-30: mentors nobody; successor
    /// Chris Okafor is in no partnership", for each key holder eligible to retire before the term ends.
    public static func knowledgeAtRisk(in program: Program) -> [String] {
        let end = program.starts.adding(months: program.months)
        let mentors = Set(program.groups.compactMap(\.mentor) + program.groups.flatMap(\.peers))
        let inGroups = Set(program.groups.flatMap(\.members))
        return program.people.compactMap { holder in
            guard holder.keyPosition, let retires = holder.retires, retires < end else { return nil }
            var gaps: [String] = []
            if !mentors.contains(holder.id) { gaps.append("mentors nobody") }
            let successors = program.people.filter { $0.successorFor == holder.id }
            if successors.isEmpty { gaps.append("no successor is named") }
            for successor in successors where !inGroups.contains(successor.id) {
                gaps.append("successor \(successor.name) is in no partnership")
            }
            guard !gaps.isEmpty else { return nil }
            return "\(holder.name) holds a key position and may retire on \(retires): " + gaps.joined(separator: "; ")
        }
    }

    /// A warning when the share of meetings held fell in each of the last two months with
    /// meetings, suggesting a gathering.
    static func decline(_ months: [Overview.Month]) -> String? {
        let counted = months.filter { $0.planned > 0 }.suffix(3)
        guard counted.count == 3 else { return nil }
        let shares = counted.map { Double($0.held) / Double($0.planned) }
        guard shares[shares.startIndex] > shares[shares.startIndex + 1], shares[shares.startIndex + 1] > shares[shares.startIndex + 2] else {
            return nil
        }
        let percents = shares.map { "\(Int(($0 * 100).rounded()))%" }.joined(separator: " → ")
        return "the share of meetings held fell two months running (\(percents)); a gathering of the program's people can revive interest"
    }
}
