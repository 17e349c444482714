/// When a group ends as people leave it: a program type's rule, stated as the fewest members of
/// each role the group goes on with.
///
/// A pair ends when either side leaves (`mentors: 1, mentees: 1`); a circle when its mentor leaves
/// or fewer than two mentees remain (`mentors: 1, mentees: 2`); a peer group below two peers
/// (`peers: 2`). A type that states no rule (an external type that doesn't say) ends a group at
/// its first departure (``anyExit``), as every exit did before exits named who left.
public struct GroupContinuity: Sendable, Equatable {
    /// The fewest mentors the group goes on with (0 or 1).
    public var mentors: Int
    /// The fewest mentees the group goes on with.
    public var mentees: Int
    /// The fewest peers the group goes on with.
    public var peers: Int
    /// True when any departure ends the group, whatever the counts.
    public var anyExitEnds: Bool

    /// A rule by counts: the group ends when fewer than `mentors` mentors, `mentees` mentees or
    /// `peers` peers remain.
    public static func below(mentors: Int = 0, mentees: Int = 0, peers: Int = 0) -> GroupContinuity {
        GroupContinuity(mentors: mentors, mentees: mentees, peers: peers, anyExitEnds: false)
    }

    /// Any departure ends the group: the rule of types that state none.
    public static let anyExit = GroupContinuity(mentors: 0, mentees: 0, peers: 0, anyExitEnds: true)

    /// True when `group` can't go on once the people in `left` have left it. Nobody leaving never
    /// ends a group.
    public func ends(_ group: ProgramGroup, without left: Set<String>) -> Bool {
        guard group.members.contains(where: left.contains) else { return false }
        if anyExitEnds { return true }
        let mentorsLeft = group.mentor.map { left.contains($0) ? 0 : 1 } ?? 0
        return mentorsLeft < mentors
            || group.mentees.filter { !left.contains($0) }.count < mentees
            || group.peers.filter { !left.contains($0) }.count < peers
    }

    /// The rule in words, for help and documentation: "ends when the mentor leaves or fewer than
    /// 2 mentees remain".
    public var summary: String {
        if anyExitEnds { return "ends when anyone leaves" }
        var parts: [String] = []
        if mentors > 0 { parts.append("the mentor leaves") }
        if mentees > 0 { parts.append(mentees == 1 ? "the mentee leaves" : "fewer than \(mentees) mentees remain") }
        if peers > 0 { parts.append("fewer than \(peers) peers remain") }
        return parts.isEmpty ? "never ends when people leave" : "ends when " + parts.joined(separator: " or ")
    }
}
