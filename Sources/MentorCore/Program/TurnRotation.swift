/// Whose turn it is at each meeting when a role rotates among a group's members (a circle's
/// spotlight, a peer group's facilitator) and turns follow attendance.
///
/// The members wait in a queue, first in the program file's order. At a meeting held, the turn
/// goes to the first member in the queue who is present, who then goes to the back; members
/// ahead of them who were absent keep their place, so a turn missed is owed at the next meeting
/// they attend. A meeting missed (or cancelled) uses no turn: its turn is owed at the next meeting held. Someone
/// who leaves the group leaves the queue. A meeting not logged yet is planned with every member
/// present, so agendas ahead continue the rotation from what actually happened.
///
/// Pure and deterministic: the same history gives the same turns.
public enum TurnRotation {
    /// One meeting that takes a turn, as far as the rotation is concerned.
    public struct Meeting: Sendable, Equatable {
        /// Who is in the group at this meeting and takes turns, in the program file's order.
        public var members: [String]
        /// Who came, when the meeting is logged as held; nil when it is not logged yet (everyone
        /// is expected).
        public var present: [String]?
        /// False when the meeting is logged as missed.
        public var held: Bool

        /// A meeting; `present` nil when not logged yet.
        public init(members: [String], present: [String]? = nil, held: Bool = true) {
            self.members = members
            self.present = present
            self.held = held
        }
    }

    /// The turn at each of `meetings`, in order. At a meeting held, it is someone present, or nil
    /// when no member came; at a missed meeting it is whose turn it was (the turn is not used, so
    /// they keep it for the next meeting held).
    public static func turns(_ meetings: [Meeting]) -> [String?] {
        var queue: [String] = []
        var turns: [String?] = []
        turns.reserveCapacity(meetings.count)
        for meeting in meetings {
            let members = Set(meeting.members)
            queue.removeAll { !members.contains($0) } // those who left
            for member in meeting.members where !queue.contains(member) { queue.append(member) } // first meeting: file order
            guard meeting.held else {
                turns.append(queue.first)
                continue
            }
            let present = meeting.present.map(Set.init) ?? members
            guard let index = queue.firstIndex(where: present.contains) else {
                turns.append(nil)
                continue
            }
            let person = queue.remove(at: index)
            queue.append(person)
            turns.append(person)
        }
        return turns
    }
}
