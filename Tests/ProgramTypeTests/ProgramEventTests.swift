import BuiltInProgramTypes
import MentorCore
import OneToOneProgram
import PeerProgram
import Testing

/// `events:` in the program file (issue 14 items 1 and 3): what is read, what is refused, who is
/// invited, and how a workshop feeds the next meeting.
struct ProgramEventTests {
    let harness = ProgramHarness(type: OneToOneProgram.self, plans: ExampleTests.shipped)

    static func body(events: String, minutes: Int = 60) -> String {
        """
        program: Pilot
        type: one-to-one
        starts: 2027-01-11
        meeting-minutes: \(minutes)
        people:
          - {id: ana, name: Ana, grade: 7, email: ana@example.org}
          - {id: ben, name: Ben, grade: 4, email: ben@example.org}
          - {id: cy, name: Cy, grade: 8, email: cy@example.org}
          - {id: di, name: Di, grade: 3}
        coordinators:
          - {id: co, name: Cora, email: cora@example.org}
        groups:
          - {id: g1, mentor: ana, mentees: [ben]}
          - {id: g2, mentor: cy, mentees: [di]}
        events:
        \(events)
        """
    }

    static let workshop = """
          - {id: budget, kind: workshop, title: Reading the budget, date: 2027-02-17, discuss: [What surprised you?, What will you ask next?]}
        """

    @Test("events are read with their defaults: the program's meeting time, an hour, everyone")
    func read() throws {
        let result = harness.load(
            Self.body(
                events: Self.workshop + """

                      - {id: train, kind: training, title: Mentoring well, date: 2027-01-07, time: "13:00", minutes: 120, for: mentors, location: Room 2}
                    """))
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let program = try #require(result.program)
        #expect(program.events.map(\.id) == ["budget", "train"])
        let budget = program.events[0]
        let training = program.events[1]
        #expect(budget.time == ProgramFormat.defaultMeetingTime && budget.minutes == 60 && budget.audience == .everyone)
        #expect(budget.discuss == ["What surprised you?", "What will you ask next?"])
        #expect(training.audience == .mentors && training.location == "Room 2" && training.minutes == 120)
        #expect(program.invitees(of: budget) == ["ana", "ben", "cy", "di"] && program.invitesCoordinators(budget))
        #expect(program.invitees(of: training) == ["ana", "cy"] && !program.invitesCoordinators(training))
    }

    @Test(
        "a bad event is an error at its place, saying what to write",
        arguments: [
            ("{id: k, kind: kickof, title: K, date: 2027-01-05}", "did you mean 'kickoff'?"),
            ("{id: k, kind: kickoff, title: K, date: 2027-02-30}", "an event's 'date' must be a date"),
            ("{id: k, kind: kickoff, title: K, date: 2027-01-05, time: '25:00'}", "an event's 'time' must be a 24-hour time"),
            ("{id: k, kind: kickoff, title: K, date: 2027-01-05, for: mentor}", "did you mean 'mentors'?"),
            ("{id: k, kind: kickoff, title: K, date: 2027-01-05, for: [g3]}", "'for' names group 'g3', which is not listed under 'groups'"),
            ("{id: k, kind: kickoff, title: K, date: 2027-01-05, minutes: 5}", "minutes"),
            ("{id: k, kind: kickoff, title: K, date: 2027-01-05, room: 2}", "unknown key 'room'"),
            ("{id: k, kind: kickoff, date: 2027-01-05}", "title"),
            ("{id: 'K 1', kind: kickoff, title: K, date: 2027-01-05}", "K 1"),
        ])
    func refused(event: String, message: String) throws {
        let result = harness.load(Self.body(events: "  - " + event))
        let error = try #require(result.diagnostics.first { $0.severity == .error }, "\(event)")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.mark.line == 16, "\(error.mark)")
    }

    @Test("two events may not share an id")
    func duplicateIDs() throws {
        let result = harness.load(Self.body(events: Self.workshop + "\n" + Self.workshop))
        #expect(
            result.diagnostics.contains { $0.severity == .error && $0.message.contains("event id 'budget' is already used at line 16") })
    }

    @Test("an event for some groups invites only their members")
    func forGroups() throws {
        let result = harness.load(Self.body(events: "  - {id: lunch, kind: gathering, title: Lunch, date: 2027-03-01, for: [g2]}"))
        let program = try #require(result.program)
        #expect(program.invitees(of: program.events[0]) == ["cy", "di"])
        #expect(program.events(for: program.groups[0]).isEmpty && program.events(for: program.groups[1]).count == 1)
    }

    @Test("the first meeting after a workshop talks it over, led by the mentee, with its prompts; later ones don't")
    func workshopFeedsTheNextMeeting() throws {
        let agendas = try #require(try harness.agendas(Self.body(events: Self.workshop)))
        let meetings = try #require(agendas["g1"])
        let after = meetings.firstIndex { $0.date > CalendarDate("2027-02-17")! } ?? 0
        let item = try #require(meetings[after].items.first { $0.kind == .workshop })
        #expect(
            item.title == "After the workshop: Reading the budget" && item.lead == "Ben" && item.minutes == AgendaBuilder.workshopMinutes)
        #expect(item.prompts == ["What surprised you?", "What will you ask next?"])
        #expect(meetings.filter { $0.items.contains { $0.kind == .workshop } }.count == 1)
        for agenda in meetings { #expect(agenda.items.reduce(0) { $0 + $1.minutes } == agenda.minutes, "still time-boxed") }
    }

    @Test("a discussion that does not fit waits for the next meeting; a cancelled meeting passes it on")
    func workshopCarriedOver() throws {
        let result = harness.load(Self.body(events: Self.workshop))
        let program = try #require(result.program)
        let builder = AgendaBuilder(program: program, plans: result.plans, type: harness.type)
        var changes: [Int: MeetingChanges] = [:]
        let planned = try builder.agendas(for: program.groups[0])
        let first = try #require(planned.firstIndex { $0.items.contains { $0.kind == .workshop } })
        changes[first + 1, default: MeetingChanges()].record(ScheduleChangeRecord(number: first + 1, cancelled: true))
        let agendas = try builder.agendas(for: program.groups[0], progress: GroupProgress(scheduleChanges: changes))
        #expect(agendas[first].items.isEmpty && agendas[first].isCancelled)
        #expect(agendas[first + 1].items.contains { $0.kind == .workshop }, "the next meeting held takes it")
    }

    @Test("in a peer group the meeting's facilitator leads the discussion")
    func peerFacilitatorLeads() throws {
        let peer = ProgramHarness(type: PeerProgram.self, plans: ExampleTests.shipped)
        let yaml = """
            program: Peers
            type: peer
            starts: 2027-01-11
            people:
              - {id: a, name: Ada, grade: 5}
              - {id: b, name: Bo, grade: 5}
              - {id: c, name: Cal, grade: 6}
            groups:
              - {id: p1, peers: [a, b, c]}
            events:
            \(Self.workshop)
            """
        let agendas = try #require(try peer.agendas(yaml)?["p1"])
        let agenda = try #require(agendas.first { $0.items.contains { $0.kind == .workshop } })
        #expect(agenda.items.first { $0.kind == .workshop }?.lead == agenda.facilitator)
    }
}
