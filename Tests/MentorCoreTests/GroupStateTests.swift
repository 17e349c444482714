import MentorCore
import Testing

struct GroupStateTests {
    let day = CalendarDate(year: 2027, month: 3, day: 1)!

    func event(_ body: ProgressEvent.Body, group: String = "g", on date: CalendarDate? = nil) -> ProgressEvent {
        ProgressEvent(id: "\(body)", program: "P", group: group, date: date ?? day, body: body)
    }

    @Test("goals and actions fold to their latest state; anomalies are noted, not fatal")
    func fold() throws {
        let states = GroupState.fold([
            event(.goal(GoalEvent(goal: "g1", change: .set, text: "Lead", plan: "career"))),
            event(.goal(GoalEvent(goal: "g1", change: .updated, text: "Lead a team"))),
            event(.goal(GoalEvent(goal: "g2", change: .set, text: "Learn budgets", plan: "development-needs"))),
            event(.goal(GoalEvent(goal: "g2", change: .achieved))),
            event(.action(ActionEvent(action: "a1", change: .added, text: "Read", due: CalendarDate("2027-02-01")))),
            event(.action(ActionEvent(action: "a2", change: .added, text: "Call"))),
            event(.action(ActionEvent(action: "a2", change: .done))),
            event(.action(ActionEvent(action: "a9", change: .done))),
            event(.meeting(MeetingRecord(number: 1, held: true, covered: ["career/direction"])), group: "other"),
        ])
        let state = try #require(states["g"])
        #expect(state.goals.map(\.text) == ["Lead a team", "Learn budgets"])
        #expect(state.goals.map(\.isOpen) == [true, false])
        #expect(state.openActions.map(\.id) == ["a1"])
        #expect(state.overdueActions(on: day).map(\.id) == ["a1"])
        #expect(state.anomalies == ["action 'a9' marked done before it was added"])
        #expect(states["other"]?.covered == ["career/direction"])
    }

    @Test("the agenda progress carries open actions into the meeting after the last one logged")
    func agendaProgress() {
        var state = GroupState(group: "g")
        state.apply(event(.meeting(MeetingRecord(number: 1, held: true, covered: ["orientation/rapport"]))))
        state.apply(event(.meeting(MeetingRecord(number: 2, held: false))))
        state.apply(event(.goal(GoalEvent(goal: "g1", change: .set, text: "x", plan: "career"))))
        state.apply(event(.action(ActionEvent(action: "a1", change: .added, text: "Read"))))
        let program = Program(
            name: "P", type: "one-to-one", starts: day, months: 12, cadence: .months(1), meetingMinutes: 60,
            checkInMonths: [6], meetingTime: ClockTime(hour: 10, minute: 0)!, plans: [], people: [],
            groups: [], source: "p.yaml")
        let progress = state.agendaProgress(program: program)
        #expect(progress.nextMeeting == 3)
        #expect(progress.openActions == [ActionItem(text: "Read")])
        #expect(progress.coveredTopics == ["orientation/rapport"])
        #expect(progress.focusPlans == ["career"])
        #expect(state.held == 1 && state.missed == 1)
    }

    @Test("logging a meeting again corrects it instead of counting it twice")
    func corrections() {
        var state = GroupState(group: "g")
        state.apply(event(.meeting(MeetingRecord(number: 1, held: true, covered: ["career/direction"]))))
        state.apply(event(.meeting(MeetingRecord(number: 2, held: true)), on: CalendarDate("2027-04-05")))
        state.apply(event(.meeting(MeetingRecord(number: 2, held: false)), on: CalendarDate("2027-04-05")))
        #expect(state.held == 1 && state.missed == 1)
        #expect(state.meetings.map(\.number) == [1, 2])
        #expect(state.lastMeeting == day, "the corrected meeting was missed, so the last one held is meeting 1")
    }

    @Test("redaction removes notes, exit reasons and confidential topics, and nothing else")
    func redaction() {
        let meeting = event(
            .meeting(
                MeetingRecord(
                    number: 1, held: true, attendees: ["a"],
                    covered: ["current-workplace/manager", "career/direction"], notes: "n")))
        let redacted = meeting.redacted(confidential: ["current-workplace/manager"])
        #expect(redacted.body == .meeting(MeetingRecord(number: 1, held: true, attendees: ["a"], covered: ["career/direction"])))
        let exit = event(.exit(ExitRecord(by: "a", reason: "moving")))
        #expect(exit.redacted(confidential: []).body == .exit(ExitRecord(by: "a")))
        let goal = event(.goal(GoalEvent(goal: "g1", change: .set, text: "t")))
        #expect(goal.redacted(confidential: []) == goal)
    }
}
