import Foundation
import MentorCore
import Testing

struct ProgressLedgerTests {
    static let starts = CalendarDate(year: 2027, month: 1, day: 11)!
    static let program = Program(
        name: "Pilot", type: "one-to-one", starts: starts, months: 12, cadence: .months(1), meetingMinutes: 60,
        checkInMonths: [6], meetingTime: ClockTime(hour: 9, minute: 30)!, plans: ["career"],
        people: [Person(id: "m", name: "Mia"), Person(id: "t", name: "Tom"), Person(id: "x", name: "Xan")],
        groups: [ProgramGroup(id: "mt", mentor: "m", mentees: ["t"])], source: "pilot.yaml")
    static let rules = ProgressRules(
        program: program, plans: ["career"], topics: ["career/direction", "career/values"],
        meetings: ["mt": 12])

    func event(_ id: String, _ body: ProgressEvent.Body, on date: String = "2027-02-08", group: String = "mt") -> ProgressEvent {
        ProgressEvent(id: id, program: Self.program.id, group: group, date: CalendarDate(date)!, body: body)
    }

    func paths(_ problems: [ProgressProblem]) -> [String] { problems.map(\.path) }

    @Test(
        "each rule names the field at fault and says why",
        arguments: [
            (ProgressEvent.Body.meeting(MeetingRecord(number: 13, held: true)), "2027-02-08", ["details.number"]),
            (.meeting(MeetingRecord(number: 0, held: true)), "2027-02-08", ["details.number"]),
            (
                .meeting(MeetingRecord(number: 2, held: true, attendees: ["t", "x", "t"])), "2027-02-08",
                ["details.attendees[1]", "details.attendees[2]"]
            ),
            (.meeting(MeetingRecord(number: 2, held: false, attendees: ["t"])), "2027-02-08", ["details.attendees"]),
            (
                .meeting(MeetingRecord(number: 2, held: true, covered: ["career/values", "career/nope"])), "2027-02-08",
                ["details.covered[1]"]
            ),
            (.meeting(MeetingRecord(number: 1, held: true)), "2027-01-10", ["date"]),
            (.trainingNeed(TrainingNeedRecord(text: "Budgets")), "2026-10-12", ["date"]),
            (.trainingNeed(TrainingNeedRecord(text: "Budgets")), "2026-10-13", []),
            (.trainingNeed(TrainingNeedRecord(text: "Budgets")), "2029-01-10", []), // the term ends 2028-01-11, + 365 days
            (.trainingNeed(TrainingNeedRecord(text: "Budgets")), "2029-01-11", ["date"]),
            (.trainingNeed(TrainingNeedRecord(text: "Budgets")), "9999-01-01", ["date"]),
            (.trainingNeed(TrainingNeedRecord(text: "  ")), "2027-02-08", ["details.text"]),
            (.checkIn(CheckInRecord(by: "x", rating: 99)), "2027-02-08", ["details.rating", "details.by"]),
            (.checkIn(CheckInRecord(by: "t", rating: 5)), "2027-02-08", []),
            (.exit(ExitRecord(by: "nobody")), "2027-02-08", ["details.by"]),
            (
                .goal(GoalEvent(goal: "g1", change: .set, text: "Lead", plan: "workplace", target: CalendarDate("2040-01-01"))),
                "2027-02-08",
                ["details.plan", "details.target"]
            ),
            (.goal(GoalEvent(goal: "g5", change: .achieved)), "2027-02-08", ["details.goal"]),
            (.action(ActionEvent(action: "a1", change: .added, text: "Read", owner: "x")), "2027-02-08", ["details.owner"]),
            (.action(ActionEvent(action: "a1", change: .done)), "2027-02-08", ["details.action"]),
        ])
    func rules(_ body: ProgressEvent.Body, _ date: String, _ expected: [String]) {
        let ledger = ProgressLedger(rules: Self.rules)
        let problems = ledger.problems(event("e", body, on: date))
        #expect(paths(problems) == expected, "\(problems)")
        #expect(problems.allSatisfy { $0.message.hasPrefix("'") || $0.message.first?.isNumber == true }, "\(problems)")
    }

    @Test("an event of another program or group is refused")
    func programAndGroup() {
        let ledger = ProgressLedger(rules: Self.rules)
        var other = event("e", .trainingNeed(TrainingNeedRecord(text: "x")))
        other.program = "Other"
        #expect(paths(ledger.problems(other)) == ["program"])
        #expect(paths(ledger.problems(event("e", .trainingNeed(TrainingNeedRecord(text: "x")), group: "nope"))) == ["group"])
    }

    @Test("goals and actions follow their ids: set once, changed after, done while open")
    func sequences() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.record(event("1", .goal(GoalEvent(goal: "g1", change: .set, text: "Lead", plan: "career")))).isEmpty)
        #expect(paths(ledger.record(event("2", .goal(GoalEvent(goal: "g1", change: .set, text: "Again"))))) == ["details.goal"])
        #expect(ledger.record(event("3", .goal(GoalEvent(goal: "g1", change: .achieved)))).isEmpty)
        #expect(ledger.record(event("4", .action(ActionEvent(action: "a1", change: .added, text: "Read")))).isEmpty)
        #expect(ledger.record(event("5", .action(ActionEvent(action: "a1", change: .done)))).isEmpty)
        #expect(paths(ledger.record(event("6", .action(ActionEvent(action: "a1", change: .done))))) == ["details.action"])
        #expect(ledger.state(of: "mt").goals.map(\.status) == [.achieved])
        #expect(ledger.events.map(\.id) == ["1", "3", "4", "5"], "refused events are not recorded")
    }

    @Test("a void takes its event out of the fold; voids are checked")
    func voids() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.record(event("m1", .meeting(MeetingRecord(number: 1, held: true)))).isEmpty)
        #expect(ledger.record(event("m2", .meeting(MeetingRecord(number: 2, held: true)))).isEmpty)
        #expect(ledger.state(of: "mt").held == 2)
        #expect(paths(ledger.record(event("v0", .void(VoidRecord(event: "m9", reason: "x"))))) == ["details.event"])
        #expect(paths(ledger.record(event("v0", .void(VoidRecord(event: "m2", reason: " "))))) == ["details.reason"])
        #expect(ledger.record(event("v1", .void(VoidRecord(event: "m2", reason: "postponed")))).isEmpty)
        #expect(ledger.state(of: "mt").held == 1)
        #expect(ledger.state(of: "mt").agendaProgress(program: Self.program).nextMeeting == 2)
        #expect(paths(ledger.record(event("v2", .void(VoidRecord(event: "m2", reason: "again"))))) == ["details.event"])
        #expect(paths(ledger.record(event("v3", .void(VoidRecord(event: "v1", reason: "undo"))))) == ["details.event"])
        #expect(ledger.events.count == 3)
    }

    @Test("stored events that would break agendas are left out and listed; voided ones are silent")
    func storedFold() {
        let stored = [
            event("m1", .meeting(MeetingRecord(number: 1, held: true, attendees: ["someone-who-left"]))),
            event("bad", .meeting(MeetingRecord(number: 10000, held: true))),
            event("rating", .checkIn(CheckInRecord(by: "t", rating: 99))),
            event("late", .trainingNeed(TrainingNeedRecord(text: "x")), on: "9999-01-01"),
            event("wrong", .meeting(MeetingRecord(number: 5, held: true))),
            event("fix", .void(VoidRecord(event: "wrong", reason: "typo"))),
        ]
        let ledger = ProgressLedger(rules: Self.rules, stored: stored)
        #expect(ledger.ignored.map(\.event.id) == ["bad", "rating", "late"])
        let state = ledger.state(of: "mt")
        #expect(state.meetings.map(\.number) == [1], "a meeting with a since-removed member still counts; the voided one doesn't")
        #expect(state.agendaProgress(program: Self.program).nextMeeting == 2)
        #expect(ledger.voids.keys.sorted() == ["wrong"])
        #expect(GroupState.fold(stored)["mt"]?.meetings.map(\.number).contains(5) == false, "the plain fold honours voids too")
    }

    @Test("an event voided later in the same batch is taken without its rules")
    func voidedInBatch() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.recordVoided(event("bad", .meeting(MeetingRecord(number: 10000, held: true)))).isEmpty)
        #expect(ledger.record(event("fix", .void(VoidRecord(event: "bad", reason: "typo")))).isEmpty)
        #expect(ledger.state(of: "mt").meetings.isEmpty)
    }

    @Test("events round-trip through JSON, voids included")
    func voidCoding() throws {
        let void = event("v", .void(VoidRecord(event: "m1", reason: "typo")))
        let text = try StableJSON.string(void)
        #expect(text.contains("\"kind\" : \"void\""))
        #expect(try JSONDecoder().decode(ProgressEvent.self, from: Data(text.utf8)) == void)
    }
}
