import MentorCore

/// Traditional mentoring: one experienced mentor guides one mentee.
public enum OneToOneProgram: ProgramType {
    public static let description = ProgramTypeDescription(
        id: "one-to-one",
        name: "One-to-one mentoring",
        summary: "The classic pairing: an experienced mentor shares knowledge and guidance with one mentee, "
            + "usually two grades apart and outside the mentee's chain of command.",
        roles: ["mentor: exactly one, ideally two grades above the mentee", "mentees: exactly one"],
        examples: [
            .valid(
                "A pair meeting monthly for a year",
                """
                program: Finance Mentoring 2027
                type: one-to-one
                starts: 2027-01-11
                people:
                  - { id: e100, name: Dana Ruiz, grade: 12 }
                  - { id: e230, name: Sam Lin, grade: 9 }
                groups:
                  - { id: ruiz-lin, mentor: e100, mentees: [e230] }
                """),
            .invalid(
                "Two mentees belong in a circle",
                """
                program: Finance Mentoring 2027
                type: one-to-one
                starts: 2027-01-11
                people:
                  - { id: e100, name: Dana Ruiz, grade: 12 }
                  - { id: e230, name: Sam Lin, grade: 9 }
                  - { id: e231, name: Ari Cole, grade: 9 }
                groups:
                  - { id: ruiz, mentor: e100, mentees: [e230, e231] }
                """, error: "group 'ruiz' has 2 mentees; a one-to-one group has exactly 1 (use type 'circle' for several mentees)",
                line: 9, column: 5),
        ],
        matching: .seniorMentor,
        // A pair ends when either side leaves.
        continuity: .below(mentors: 1, mentees: 1)
    )

    public static func validate(context: GroupContext) -> [ProgramIssue] {
        let (group, program) = (context.group, context.program)
        let shape = ProgramRules.mentorAndMentees(
            group, type: "one-to-one", mentees: 1...1,
            alternative: "use type 'circle' for several mentees")
        guard shape.isEmpty, let mentor = group.mentor, let mentee = group.mentees.first else { return shape }
        return ProgramRules.pairing(mentor: mentor, mentee: mentee, in: program, group: group)
    }

    public static func measures(context: MeasureContext) -> [Measure] {
        let (agendas, state) = (context.agendas, context.state)
        guard let state else {
            let topics = Set(agendas.flatMap { $0.items.compactMap(\.topicKey) })
            return [
                Measure("Meetings planned", String(agendas.count)),
                Measure("Check-ins planned", String(agendas.filter { $0.phase == .checkIn }.count)),
                Measure("Plan topics scheduled", String(topics.count)),
            ]
        }
        return [Measure("Plan topics covered", String(state.covered.count))]
    }
}
