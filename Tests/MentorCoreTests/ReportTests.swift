import Testing

@testable import MentorCore

struct ReportRiskTests {
    let program = Program(
        name: "P", type: "one-to-one", starts: CalendarDate("2027-01-11")!, months: 12, cadence: .months(1),
        meetingMinutes: 60, checkInMonths: [6], meetingTime: ClockTime(hour: 10, minute: 0)!, plans: [],
        people: [], groups: [], source: "p.yaml")

    func state(_ events: [ProgressEvent.Body], on date: String = "2027-03-08") -> GroupState {
        var state = GroupState(group: "g")
        for (index, body) in events.enumerated() {
            state.apply(ProgressEvent(id: "\(index)", program: "P", group: "g", date: CalendarDate(date)!, body: body))
        }
        return state
    }

    func risks(_ state: GroupState, today: String, checkIns: (due: Int, done: Int) = (0, 0)) -> [String] {
        ProgramReport.risks(
            state: state, due: [], program: program, today: CalendarDate(today)!,
            checkInsDue: checkIns.due, checkInsDone: checkIns.done)
    }

    @Test("a group that met recently and keeps its actions is on track")
    func healthy() {
        let met = state([.meeting(MeetingRecord(number: 3, held: true))])
        #expect(risks(met, today: "2027-04-01").isEmpty)
    }

    @Test("each warning sign is flagged on its own")
    func flags() {
        #expect(risks(state([.meeting(MeetingRecord(number: 3, held: true))]), today: "2027-05-20") == ["no meeting for 73 days"])
        #expect(risks(state([]), today: "2027-03-20") == ["no meeting for 68 days"])
        let missed = state([
            .meeting(MeetingRecord(number: 2, held: true)), .meeting(MeetingRecord(number: 3, held: false)),
            .meeting(MeetingRecord(number: 4, held: false)),
        ])
        #expect(risks(missed, today: "2027-04-01") == ["the last two meetings were missed"])
        let overdue = state([
            .meeting(MeetingRecord(number: 3, held: true)),
            .action(ActionEvent(action: "a1", change: .added, text: "x", due: CalendarDate("2027-03-20"))),
        ])
        #expect(risks(overdue, today: "2027-04-01") == ["1 action overdue"])
        #expect(
            risks(state([.meeting(MeetingRecord(number: 3, held: true))]), today: "2027-04-01", checkIns: (1, 0))
                == ["check-in not held"])
    }

    @Test("a partnership that ended is closed, not at risk")
    func ended() {
        #expect(risks(state([.exit(ExitRecord(by: "a"))]), today: "2027-12-01").isEmpty)
    }
}
