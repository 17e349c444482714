import MentorCore

/// Reverse mentoring: a junior employee mentors a senior one, often on new skills and tools.
public enum ReverseProgram: ProgramType {
    public static let description = ProgramTypeDescription(
        id: "reverse",
        name: "Reverse mentoring",
        summary: "A junior employee mentors a senior one, for example on social media or web-based training, "
            + "while learning how the organization works at the top. Each regular meeting has a skill session "
            + "the junior leads.",
        roles: [
            "mentor: exactly one, of a lower grade than the mentee", "mentees: exactly one, the senior",
            "skills: optional list the skill sessions rotate through",
        ],
        examples: [
            .valid(
                "A junior analyst teaching a director",
                """
                program: Digital Skills Exchange
                type: reverse
                starts: 2027-02-01
                cadence: biweekly
                months: 6
                check-in-months: [3]
                people:
                  - { id: j1, name: Kim Park, grade: 7 }
                  - { id: d1, name: Lee Grant, grade: 15 }
                groups:
                  - { id: park-grant, mentor: j1, mentees: [d1], skills: [social media for residents, online training] }
                """),
            .invalid(
                "The mentor must be the junior",
                """
                program: Digital Skills Exchange
                type: reverse
                starts: 2027-02-01
                people:
                  - { id: j1, name: Kim Park, grade: 15 }
                  - { id: d1, name: Lee Grant, grade: 7 }
                groups:
                  - { id: park-grant, mentor: j1, mentees: [d1] }
                """,
                error: "in reverse mentoring the mentor is the junior, but Kim Park (grade 15) is not below "
                    + "Lee Grant (grade 7); swap them or use 'one-to-one'",
                line: 8, column: 5),
        ],
        matching: .juniorMentor,
        // A pair ends when either side leaves.
        continuity: .below(mentors: 1, mentees: 1)
    )

    public static func validate(context: GroupContext) -> [ProgramIssue] {
        let (group, program) = (context.group, context.program)
        let shape = ProgramRules.mentorAndMentees(
            group, type: "reverse", mentees: 1...1,
            alternative: "a junior mentors one senior colleague")
        guard shape.isEmpty, let mentor = group.mentor, let mentee = group.mentees.first else { return shape }
        return ProgramRules.pairing(mentor: mentor, mentee: mentee, in: program, group: group, reverse: true)
    }

    /// The standard meeting, plus a skill session led by the junior in every regular meeting.
    public static func shape(context: AgendaContext) -> AgendaShape {
        var shape = AgendaShape.standard(for: context)
        guard context.meeting.phase == .ongoing, let junior = context.group.mentor else { return shape }
        let (juniorName, senior) = (context.program.name(of: junior), shape.leads[.mentee] ?? "the mentee")
        let skills = context.group.skills
        let skill = skills.isEmpty ? nil : skills[context.ongoingTurn % skills.count]
        shape.opening.append(
            AgendaItem(
                kind: .skill, title: "Skill session: " + (skill ?? "a skill \(juniorName) chooses"),
                minutes: ProgramRules.featureMinutes(context.program), lead: juniorName,
                guidance: "\(juniorName) teaches; \(senior) tries it hands-on during the session.",
                prompts: [
                    "What will you show today, and where would it help in \(senior)'s work?",
                    "What should \(senior) practise before the next meeting?",
                ]))
        return shape
    }

    public static func measures(context: MeasureContext) -> [Measure] {
        let (agendas, state) = (context.agendas, context.state)
        let sessions = ProgramRules.counted(agendas, state: state).flatMap(\.items).filter { $0.kind == .skill }
        let skills = Set(sessions.map(\.title))
        return [
            Measure(state == nil ? "Skill sessions planned" : "Skill sessions held", String(sessions.count)),
            Measure(state == nil ? "Different skills to teach" : "Different skills taught", String(skills.count)),
        ]
    }
}
