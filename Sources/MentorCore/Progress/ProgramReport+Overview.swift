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
        guard shares[shares.startIndex] > shares[shares.startIndex + 1], shares[shares.startIndex + 1] > shares[shares.startIndex + 2]
        else {
            return nil
        }
        let percents = shares.map { "\(Int(($0 * 100).rounded()))%" }.joined(separator: " → ")
        return "the share of meetings held fell two months running (\(percents)); a gathering of the program's people can revive interest"
    }
}
