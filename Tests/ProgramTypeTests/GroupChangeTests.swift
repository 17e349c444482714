import BuiltInProgramTypes
import CircleProgram
import MentorCore
import OneToOneProgram
import PeerProgram
import ShippedPlans
import Testing

/// Groups that change: the built-in types' rules for ending, leavers out of later agendas and
/// measures, spotlight and facilitator turns that follow attendance.
struct GroupChangeTests {
    /// A loaded program of `type` with its builder, rules and one group.
    struct Fixture {
        let program: Program
        let builder: AgendaBuilder
        let group: ProgramGroup
        let rules: ProgressRules
        let schedule: [Meeting]

        init(_ type: any ProgramType.Type, _ yaml: String) throws {
            let harness = ProgramHarness(type: type, plans: shippedPlans)
            let result = harness.load(yaml)
            program = try #require(result.program, "\(result.diagnostics)")
            builder = AgendaBuilder(program: program, plans: result.plans, type: harness.type)
            group = try #require(program.groups.first)
            schedule = try builder.schedule(for: group)
            rules = ProgressRules(
                program: program, plans: result.plans, meetings: [group.id: schedule.count],
                continuity: type.description.continuity)
        }

        func event(_ body: ProgressEvent.Body, on date: CalendarDate) -> ProgressEvent {
            ProgressEvent(id: "\(body)-\(date)", program: program.id, group: group.id, date: date, body: body)
        }

        func held(_ number: Int, _ attendees: [String]) -> ProgressEvent {
            event(.meeting(MeetingRecord(number: number, held: true, attendees: attendees)), on: schedule[number - 1].date)
        }

        func agendas(_ ledger: ProgressLedger) throws -> [Agenda] {
            try builder.agendas(for: group, progress: ledger.state(of: group.id).agendaProgress(program: program))
        }
    }

    static let circle = """
        program: Circle
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
        """

    @Test("the built-in types state their rule for ending")
    func rules() {
        #expect(OneToOneProgram.description.continuity == .below(mentors: 1, mentees: 1))
        #expect(CircleProgram.description.continuity == .below(mentors: 1, mentees: 2))
        #expect(PeerProgram.description.continuity == .below(peers: 2))
        #expect(BuiltInProgramTypes.all.allSatisfy { !$0.description.continuity.anyExitEnds })
    }

    @Test("a circle of three where one mentee leaves goes on; the leaver is off later agendas and measures, not earlier ones")
    func circleDeparture() throws {
        let fixture = try Fixture(CircleProgram.self, Self.circle)
        var ledger = ProgressLedger(rules: fixture.rules)
        #expect(ledger.record(fixture.held(1, ["m1", "a1", "a2", "a3"])) == [])
        #expect(ledger.record(fixture.held(2, ["m1", "a1", "a2", "a3"])) == [])
        let leaving = fixture.schedule[1].date.adding(days: 3)
        #expect(ledger.record(fixture.event(.exit(ExitRecord(by: "a2", who: "a2")), on: leaving)) == [])
        let state = ledger.state(of: fixture.group.id)
        #expect(!state.hasEnded)

        let agendas = try fixture.agendas(ledger)
        #expect(agendas[1].participants.map(\.name).contains("Beth Ngata"), "a meeting before she left keeps her")
        for agenda in agendas.dropFirst(2) {
            #expect(!agenda.participants.map(\.name).contains("Beth Ngata"), "meeting \(agenda.meeting) still lists her")
            #expect(agenda.spotlight != "Beth Ngata" && !agenda.items.contains { $0.lead.contains("Beth") })
        }
        let spotlights = agendas.filter { $0.phase == .ongoing }.compactMap(\.spotlight)
        #expect(spotlights.prefix(3) == ["Omar Haddad", "Ivan Petrov", "Omar Haddad"], "\(spotlights)")

        let measures = try fixture.builder.type.measures(for: fixture.group, agendas: agendas, state: state, in: fixture.program)
        #expect(!measures.contains { $0.name.contains("Beth Ngata") }, "\(measures)")
        #expect(measures.contains(Measure("Attendance: Omar Haddad", "2 of 2 meetings")))

        let report = try ProgramReport.make(
            program: fixture.program, builder: fixture.builder, states: [fixture.group.id: state],
            today: leaving.adding(days: 1), includePrivate: false)
        let group = try #require(report.groups.first)
        #expect(group.exitBy == nil && group.members == ["Rosa Diaz", "Omar Haddad", "Ivan Petrov"])
        #expect(group.departures == [ProgramReport.Departure(name: "Beth Ngata", date: leaving, reason: nil)])
        let markdown = ReportRenderer.markdown(report)
        #expect(!markdown.contains("ended early |") && markdown.contains("0 ended early · 1 person left"), "\(markdown)")
        #expect(markdown.contains("- Beth Ngata on \(leaving)"), "\(markdown)")
    }

    @Test("a circle that drops below two mentees ends")
    func circleEnds() throws {
        let fixture = try Fixture(CircleProgram.self, Self.circle)
        var ledger = ProgressLedger(rules: fixture.rules)
        let day = fixture.schedule[2].date
        #expect(ledger.record(fixture.event(.exit(ExitRecord(by: "a1", who: "a1")), on: day)) == [])
        #expect(!ledger.state(of: fixture.group.id).hasEnded)
        #expect(ledger.record(fixture.event(.exit(ExitRecord(by: "m1", who: "a3")), on: day.adding(days: 1))) == [])
        let state = ledger.state(of: fixture.group.id)
        #expect(state.hasEnded && state.exit?.leaver == "a3")
        let report = try ProgramReport.make(
            program: fixture.program, builder: fixture.builder, states: [fixture.group.id: state],
            today: day.adding(days: 2), includePrivate: false)
        #expect(ReportRenderer.markdown(report).contains("| ended early |"))
    }

    @Test("a pair ends when the mentee leaves")
    func pairEnds() throws {
        let fixture = try Fixture(
            OneToOneProgram.self,
            """
            program: Pair
            type: one-to-one
            starts: 2027-01-11
            people:
              - { id: e100, name: Dana Ruiz, grade: 12 }
              - { id: e230, name: Sam Lin, grade: 9 }
            groups:
              - { id: ruiz-lin, mentor: e100, mentees: [e230] }
            """)
        var ledger = ProgressLedger(rules: fixture.rules)
        #expect(ledger.record(fixture.event(.exit(ExitRecord(by: "e230")), on: fixture.schedule[1].date)) == [])
        #expect(ledger.state(of: fixture.group.id).hasEnded)
    }

    @Test("a spotlight missed while absent is owed at the next meeting the mentee attends")
    func spotlightOwed() throws {
        let fixture = try Fixture(CircleProgram.self, Self.circle)
        var ledger = ProgressLedger(rules: fixture.rules)
        let ongoing = fixture.schedule.filter { $0.phase == .ongoing }.map(\.number)
        #expect(ledger.record(fixture.held(1, ["m1", "a1", "a2", "a3"])) == [])
        let planned = try fixture.agendas(ledger)
        #expect(planned[ongoing[0] - 1].spotlight == "Omar Haddad", "Omar's turn comes first")
        #expect(ledger.record(fixture.held(ongoing[0], ["m1", "a2", "a3"])) == []) // Omar away
        let agendas = try fixture.agendas(ledger)
        #expect(agendas[ongoing[0] - 1].spotlight == "Beth Ngata", "the turn went to someone present")
        #expect(agendas[ongoing[1] - 1].spotlight == "Omar Haddad", "Omar is owed the next one")
        #expect(agendas[ongoing[2] - 1].spotlight == "Ivan Petrov")
        let state = ledger.state(of: fixture.group.id)
        let measures = try fixture.builder.type.measures(for: fixture.group, agendas: agendas, state: state, in: fixture.program)
        #expect(measures.contains(Measure("Spotlight turns: Beth Ngata", "1 turn")))
        #expect(measures.contains(Measure("Spotlight turns: Omar Haddad", "0 turns")), "no turn credited to someone absent")
    }

    @Test("a cancelled meeting, like a missed one, uses no spotlight turn")
    func cancelledMeeting() throws {
        let fixture = try Fixture(CircleProgram.self, Self.circle)
        var ledger = ProgressLedger(rules: fixture.rules)
        let ongoing = fixture.schedule.filter { $0.phase == .ongoing }.map(\.number)
        #expect(
            ledger.record(
                fixture.event(
                    .schedule(ScheduleChangeRecord(number: ongoing[0], cancelled: true, reason: "storm")),
                    on: fixture.schedule[0].date)) == [])
        let agendas = try fixture.agendas(ledger)
        #expect(agendas[ongoing[0] - 1].isCancelled)
        #expect(agendas[ongoing[1] - 1].spotlight == "Omar Haddad", "Omar's turn moves to the next meeting held")
        #expect(agendas[ongoing[2] - 1].spotlight == "Beth Ngata")
    }

    @Test("a peer absent when their turn to facilitate came facilitates the next meeting they attend")
    func facilitatorOwed() throws {
        let fixture = try Fixture(
            PeerProgram.self,
            """
            program: Peers
            type: peer
            starts: 2027-01-18
            people:
              - { id: p1, name: Ann }
              - { id: p2, name: Bo }
              - { id: p3, name: Cy }
            groups:
              - { id: peers, peers: [p1, p2, p3] }
            """)
        var ledger = ProgressLedger(rules: fixture.rules)
        #expect(ledger.record(fixture.held(1, ["p2", "p3"])) == [])
        var agendas = try fixture.agendas(ledger)
        #expect(agendas.prefix(4).map(\.facilitator) == ["Bo", "Ann", "Cy", "Bo"])
        #expect(ledger.record(fixture.event(.exit(ExitRecord(by: "p1")), on: fixture.schedule[1].date.adding(days: -1))) == [])
        #expect(!ledger.state(of: fixture.group.id).hasEnded, "two peers go on")
        agendas = try fixture.agendas(ledger)
        #expect(agendas.prefix(4).map(\.facilitator) == ["Bo", "Cy", "Bo", "Cy"])
        #expect(agendas[1].items.first?.guidance?.contains("about") == true)
        #expect(ledger.record(fixture.event(.exit(ExitRecord(by: "p3")), on: fixture.schedule[1].date)) == [])
        #expect(ledger.state(of: fixture.group.id).hasEnded, "one peer is not a group")
    }
}
