import MentorCore

/// A mentoring circle: one mentor with several mentees, each taking a turn in the spotlight.
public enum CircleProgram: ProgramType {
    /// Circles larger than this leave too little time for each mentee.
    public static let comfortableSize = 8

    public static let description = ProgramTypeDescription(
        id: "circle",
        name: "Group mentoring circle",
        summary: "One mentor guides several mentees together, a good choice when mentors are scarce. "
            + "Each regular meeting puts one mentee's goals in the spotlight, in fair rotation, "
            + "and the circle shares a plan topic.",
        roles: ["mentor: exactly one", "mentees: two or more (up to \(comfortableSize) works well)"],
        examples: [
            .valid(
                "One mentor, three mentees",
                """
                program: Emerging Leaders Circle
                type: circle
                starts: 2027-03-01
                meeting-minutes: 90
                people:
                  - { id: m1, name: Rosa Diaz, grade: 14 }
                  - { id: a1, name: Omar Haddad, grade: 10 }
                  - { id: a2, name: Beth Ngata, grade: 9 }
                  - { id: a3, name: Ivan Petrov, grade: 10 }
                groups:
                  - { id: diaz-circle, mentor: m1, mentees: [a1, a2, a3] }
                """),
            .invalid(
                "A circle of one is a pair",
                """
                program: Emerging Leaders Circle
                type: circle
                starts: 2027-03-01
                people:
                  - { id: m1, name: Rosa Diaz, grade: 14 }
                  - { id: a1, name: Omar Haddad, grade: 10 }
                groups:
                  - { id: diaz-circle, mentor: m1, mentees: [a1] }
                """, error: "group 'diaz-circle' has 1 mentee; a circle group has at least 2 (use type 'one-to-one' for a pair)",
                line: 8, column: 5),
        ],
        // Matching: circles of 2 to 8 mentees (4 when the roster gives no capacity), mentors two grades senior.
        matching: MatchingPolicy(
            grouping: .circles(mentees: 2...comfortableSize, defaultCapacity: 4),
            gradeGap: 2...Int.max, idealGap: 2),
        // A mentee may leave; the circle ends when its mentor leaves or fewer than two mentees remain.
        continuity: .below(mentors: 1, mentees: 2)
    )

    public static func validate(context: GroupContext) -> [ProgramIssue] {
        let (group, program) = (context.group, context.program)
        var issues = ProgramRules.mentorAndMentees(
            group, type: "circle", mentees: 2...Int.max,
            alternative: "use type 'one-to-one' for a pair")
        guard issues.isEmpty, let mentor = group.mentor else { return issues }
        if group.mentees.count > comfortableSize {
            issues.append(
                .warning(
                    "group '\(group.id)' has \(group.mentees.count) mentees; circles of more than "
                        + "\(comfortableSize) leave little time for each, so consider splitting it", at: group.mark))
        }
        return issues + group.mentees.flatMap { ProgramRules.pairing(mentor: mentor, mentee: $0, in: program, group: group) }
    }

    /// The standard meeting; regular meetings open with one mentee in the spotlight, in rotation.
    /// Turns follow attendance: a mentee absent when their turn came has it at the next regular
    /// meeting they attend, and a mentee who left the circle has no more turns.
    public static func shape(context: AgendaContext) -> AgendaShape {
        var shape = AgendaShape.standard(for: context)
        shape.leads[.mentee] = "Each mentee in turn"
        guard let spotlight = context.turn(of: \.mentees, at: { $0.phase == .ongoing }) else { return shape }
        let name = context.program.name(of: spotlight)
        shape.spotlight = spotlight
        shape.opening.append(
            AgendaItem(
                kind: .spotlight, title: "Spotlight: \(name)", minutes: ProgramRules.featureMinutes(context.program),
                lead: name, guidance: "The circle listens first, then offers experience, not instructions.",
                prompts: [
                    "What progress have you made on your goals since your last spotlight?",
                    "Where are you stuck, and what would help?",
                    "What would you like the circle's view on?",
                ]))
        return shape
    }

    /// Spotlight turns and attendance per mentee still in the circle: fair rotation keeps the
    /// turns within one of each other among those who come.
    public static func measures(context: MeasureContext) -> [Measure] {
        let (group, agendas, state, program) = (context.group, context.agendas, context.state, context.program)
        let mentees = ProgramRules.remaining(group, state: state).mentees
        return ProgramRules.turns(
            of: mentees, in: ProgramRules.counted(agendas, state: state), program: program,
            label: "Spotlight turns"
        ) { $0.spotlight }
            + ProgramRules.attendance(of: mentees, state: state, program: program)
    }
}
