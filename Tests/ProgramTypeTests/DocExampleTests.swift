import MentorCore
import Testing

// The worked example of the "Writing a program type" article (MentorCore.docc). The article
// shows this code; these tests keep it compiling and behaving as the article says.

// snippet: situational
/// Situational mentoring: a short partnership around one situation the mentee faces now,
/// such as a first budget cycle or a reorganization.
public enum SituationalProgram: ProgramType {
    public static let description = ProgramTypeDescription(
        id: "situational",
        name: "Situational mentoring",
        summary: "A few months with a mentor who has handled the same situation, "
            + "each meeting starting from where things stand now.",
        roles: ["mentor: exactly one", "mentees: exactly one"],
        examples: [
            .valid(
                "A three-month partnership",
                """
                program: First Budget Cycle
                type: situational
                starts: 2027-02-01
                months: 3
                cadence: biweekly
                people:
                  - { id: m1, name: Ana Reyes, grade: 14 }
                  - { id: e1, name: Ben Osei, grade: 11 }
                groups:
                  - { id: reyes-osei, mentor: m1, mentees: [e1] }
                """),
            .invalid(
                "Two mentees is a circle",
                """
                program: First Budget Cycle
                type: situational
                starts: 2027-02-01
                months: 3
                people:
                  - { id: m1, name: Ana Reyes, grade: 14 }
                  - { id: e1, name: Ben Osei, grade: 11 }
                  - { id: e2, name: Cy Park, grade: 11 }
                groups:
                  - { id: reyes, mentor: m1, mentees: [e1, e2] }
                """, error: "group 'reyes' has 2 mentees; a situational group has exactly 1 (use type 'circle' for several mentees)",
                line: 10, column: 5),
        ],
        matching: .seniorMentor
    )

    /// One mentor, one mentee; a warning when the term outlasts the situation.
    public static func validate(context: GroupContext) -> [ProgramIssue] {
        let (group, program) = (context.group, context.program)
        var issues = ProgramRules.mentorAndMentees(
            group, type: "situational", mentees: 1...1,
            alternative: "use type 'circle' for several mentees")
        if program.months > 6 {
            issues.append(
                .warning(
                    "situational mentoring usually lasts a few months, not \(program.months); "
                        + "consider 'one-to-one' for a longer partnership", at: group.mark))
        }
        return issues
    }

    /// Every regular meeting opens with where the situation stands.
    public static func shape(context: AgendaContext) -> AgendaShape {
        var shape = AgendaShape.standard(for: context)
        guard context.meeting.phase == .ongoing, let mentee = context.group.mentees.first else { return shape }
        shape.opening.append(
            AgendaItem(
                kind: .opening, title: "Where the situation stands", minutes: ProgramRules.featureMinutes(context.program),
                lead: context.program.name(of: mentee),
                prompts: ["What has happened since we last met?", "What decision is coming next?"]))
        return shape
    }

    /// How many meetings looked at the situation.
    public static func measures(context: MeasureContext) -> [Measure] {
        let (agendas, state) = (context.agendas, context.state)
        let counted = ProgramRules.counted(agendas, state: state)
        let reviews = counted.filter { $0.items.contains { $0.title == "Where the situation stands" } }.count
        return [Measure("Situation reviews", ProgramRules.count(reviews, "meeting"))]
    }
}
// end snippet

@Suite("The worked example in 'Writing a program type'")
struct DocExampleTests {
    let harness = ProgramHarness(type: SituationalProgram.self, plans: ExampleTests.shipped)

    @Test("it registers beside the built-in types")
    func registers() throws {
        let registry = try ProgramRegistry(types: [SituationalProgram.self])
        #expect(registry.ids == ["situational"])
    }

    @Test("its examples behave as they say")
    func examples() throws {
        for example in SituationalProgram.description.examples {
            let errors = harness.load(example.yaml).diagnostics.filter { $0.severity == .error }
            #expect(errors.map(\.message) == (example.expectedError.map { [$0] } ?? []), "\(example.title)")
            #expect(errors.map(\.mark) == (example.expectedMark.map { [$0] } ?? []), "\(example.title)")
        }
    }

    @Test("regular meetings open with the situation, and the measure counts them")
    func agendas() throws {
        let yaml = try #require(SituationalProgram.description.examples.first?.yaml)
        let agendas = try #require(try harness.agendas(yaml)?["reyes-osei"])
        let regular = agendas.filter { $0.phase == .ongoing }
        #expect(!regular.isEmpty)
        #expect(regular.allSatisfy { $0.items.contains { $0.title == "Where the situation stands" && $0.lead == "Ben Osei" } })
        #expect(agendas.allSatisfy { $0.items.reduce(0) { $0 + $1.minutes } == 60 })
        let program = try #require(harness.load(yaml).program)
        let group = try #require(program.group("reyes-osei"))
        #expect(
            SituationalProgram.measures(context: MeasureContext(program: program, group: group, agendas: agendas, state: nil))
                == [Measure("Situation reviews", "\(regular.count) meetings")])
    }

    @Test("a long term gets a warning")
    func longTerm() throws {
        let yaml = try #require(SituationalProgram.description.examples.first?.yaml).replacingOccurrences(
            of: "months: 3", with: "months: 12")
        #expect(
            harness.load(yaml).diagnostics.map(\.message).contains {
                $0.hasPrefix("situational mentoring usually lasts a few months, not 12")
            })
    }
}
