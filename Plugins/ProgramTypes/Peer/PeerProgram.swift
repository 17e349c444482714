import MentorCore

/// A peer mentoring group: colleagues at similar levels guide each other, with no mentor.
public enum PeerProgram: ProgramType {
    /// Minutes each peer gets in the round of updates.
    public static let updateMinutes = 3
    /// Groups larger than this leave too little time for each peer.
    public static let comfortableSize = 8
    /// The fewest peers a group has; below it, the group ends.
    public static let minimumSize = 2

    public static let description = ProgramTypeDescription(
        id: "peer",
        name: "Peer mentoring group",
        summary: "Colleagues from one department or several offer each other knowledge and guidance. "
            + "The facilitator's role rotates every meeting, and each meeting opens with a round of updates.",
        roles: ["peers: two or more; no mentor"],
        examples: [
            .valid(
                "Four peers across departments",
                """
                program: Supervisors' Peer Group
                type: peer
                starts: 2027-01-18
                cadence: every 3 weeks
                people:
                  - { id: p1, name: Alex Moreno, department: Parks }
                  - { id: p2, name: Jun Tanaka, department: Finance }
                  - { id: p3, name: Priya Shah, department: Water }
                  - { id: p4, name: Tom Reilly, department: Libraries }
                groups:
                  - { id: supervisors, peers: [p1, p2, p3, p4] }
                """),
            .invalid(
                "Peer groups have no mentor",
                """
                program: Supervisors' Peer Group
                type: peer
                starts: 2027-01-18
                people:
                  - { id: p1, name: Alex Moreno }
                  - { id: p2, name: Jun Tanaka }
                  - { id: p3, name: Priya Shah }
                groups:
                  - { id: supervisors, mentor: p1, peers: [p2, p3] }
                """, error: "group 'supervisors' has a mentor; a peer group has none, so list everyone under 'peers'",
                line: 9, column: 5),
        ],
        // Matching: groups of 3 to 6 peers (4 where the numbers allow) within two grades of each other.
        matching: MatchingPolicy(grouping: .peerGroups(size: 3...6, target: 4), gradeGap: 0...2, idealGap: 0),
        // A peer may leave; the group ends below the two peers `validate` asks for.
        continuity: .below(peers: minimumSize)
    )

    public static func validate(context: GroupContext) -> [ProgramIssue] {
        let group = context.group
        var issues: [ProgramIssue] = []
        if group.mentor != nil || !group.mentees.isEmpty {
            let what = group.mentor != nil ? "a mentor" : "mentees"
            issues.append(
                .error(
                    "group '\(group.id)' has \(what); a peer group has none, so list everyone under 'peers'",
                    at: group.mark))
        }
        if group.peers.count < minimumSize {
            issues.append(
                .error(
                    "group '\(group.id)' has \(group.peers.count) peer\(group.peers.count == 1 ? "" : "s"); "
                        + "a peer group needs at least \(minimumSize) under 'peers'", at: group.mark))
        } else if group.peers.count > comfortableSize {
            issues.append(
                .warning(
                    "group '\(group.id)' has \(group.peers.count) peers; groups of more than "
                        + "\(comfortableSize) leave little time for each, so consider splitting it", at: group.mark))
        }
        return issues
    }

    /// A facilitator that rotates every meeting and a round of updates instead of the usual opening.
    /// Turns follow attendance: a peer absent when their turn came facilitates the next meeting
    /// they attend, and a peer who left the group has no more turns.
    public static func shape(context: AgendaContext) -> AgendaShape {
        var shape = AgendaShape.standard(for: context)
        let peers = context.members.peers
        guard !peers.isEmpty, let facilitator = context.turn(of: \.peers, at: { _ in true }) else { return shape }
        let name = context.program.name(of: facilitator)
        shape.facilitator = facilitator
        shape.leads = [.mentor: name, .mentee: "Each peer in turn", .any: "Everyone"]
        let updates = min(updateMinutes * peers.count, context.program.meetingMinutes / 3)
        shape.opening = [
            AgendaItem(
                kind: .updates, title: context.meeting.phase == .orientation ? "Introductions" : "Round of updates",
                minutes: updates, lead: "Each peer in turn",
                guidance: "\(name) keeps time: about \(updates / peers.count) minutes each.",
                prompts: ["What has changed for you since we last met?", "What would you like the group's help with today?"])
        ]
        shape.closing = [AgendaShape.standardClosing(context, lead: name)]
        return shape
    }

    /// Facilitation turns and attendance per peer still in the group: the rotation keeps the turns
    /// within one of each other among those who come.
    public static func measures(context: MeasureContext) -> [Measure] {
        let (group, agendas, state, program) = (context.group, context.agendas, context.state, context.program)
        let peers = ProgramRules.remaining(group, state: state).peers
        return ProgramRules.turns(
            of: peers, in: ProgramRules.counted(agendas, state: state), program: program,
            label: "Facilitation turns"
        ) { $0.facilitator }
            + ProgramRules.attendance(of: peers, state: state, program: program)
    }
}
