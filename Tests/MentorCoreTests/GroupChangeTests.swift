import Foundation
import MentorCore
import TestSupport
import Testing

/// Turns that follow attendance: the pure rotation behind a circle's spotlight and a peer group's
/// facilitator.
struct TurnRotationTests {
    typealias Meeting = TurnRotation.Meeting

    @Test("everyone at every meeting: a plain round in the program file's order")
    func plainRound() {
        let turns = TurnRotation.turns(Array(repeating: Meeting(members: ["a", "b", "c"]), count: 7))
        #expect(turns == ["a", "b", "c", "a", "b", "c", "a"])
    }

    @Test("a turn missed while absent is owed at the next meeting attended; a missed meeting uses no turn")
    func owed() {
        let all = ["a", "b", "c"]
        let turns = TurnRotation.turns([
            Meeting(members: all, present: all), // a
            Meeting(members: all, present: ["a", "c"]), // b's turn, b away: c takes it, b keeps the place
            Meeting(members: all, present: all), // b, owed
            Meeting(members: all), // a (not logged yet: everyone expected)
            Meeting(members: all, held: false), // c's turn, not used
            Meeting(members: all), // c, still owed
        ])
        #expect(turns == ["a", "c", "b", "a", "c", "c"])
    }

    @Test("someone who leaves has no more turns; nobody present means no turn")
    func leavers() {
        let turns = TurnRotation.turns([
            Meeting(members: ["a", "b", "c"]),
            Meeting(members: ["a", "c"]), // b left
            Meeting(members: ["a", "c"], present: []), // held, but nobody who takes turns came
            Meeting(members: ["a", "c"]),
        ])
        #expect(turns == ["a", "c", nil, "a"])
    }

    typealias Random = SplitMix64

    @Test("over random histories: each turn goes to someone present, and nobody present is skipped for long")
    func randomHistories() {
        var random = Random(state: 13)
        for _ in 0..<2_000 {
            let size = random.int(2...7)
            var members = (0..<size).map { "p\($0)" }
            var meetings: [Meeting] = []
            for _ in 0..<random.int(1...40) {
                if members.count > 1, random.chance(5) { members.remove(at: random.int(0...members.count - 1)) }
                let logged = random.chance(80)
                let held = !logged || random.chance(85)
                let present = logged && held ? members.filter { _ in random.chance(70) } : nil
                meetings.append(Meeting(members: members, present: present, held: held))
            }
            let turns = TurnRotation.turns(meetings)
            #expect(turns.count == meetings.count)
            // Meetings attended since each member's last turn: never `size` in a row without one.
            var waiting: [String: Int] = [:]
            for (meeting, turn) in zip(meetings, turns) {
                let present = Set(meeting.present ?? meeting.members).intersection(meeting.members)
                guard meeting.held else {
                    #expect(turn == nil || meeting.members.contains(turn ?? ""), "a missed meeting's turn is a member's")
                    continue
                }
                if let turn {
                    #expect(present.contains(turn), "the turn went to \(turn), who was not there: \(meeting)")
                } else {
                    #expect(present.isEmpty, "nobody got the turn though \(present) came")
                }
                for person in present {
                    waiting[person] = person == turn ? 0 : waiting[person, default: 0] + 1
                    #expect(waiting[person, default: 0] < size, "\(person) came \(size) times without a turn: \(meetings)")
                }
            }
        }
    }
}

/// Exits that name who leaves, folded with the type's rule for when a group ends.
struct GroupChangeTests {
    static let starts = CalendarDate(year: 2027, month: 3, day: 1)!
    static let program = Program(
        name: "Circle", type: "circle", starts: starts, months: 12, cadence: .months(1), meetingMinutes: 90,
        checkInMonths: [6], meetingTime: ClockTime(hour: 9, minute: 30)!, plans: ["career"],
        people: [
            Person(id: "m", name: "Mia"), Person(id: "a", name: "Ann"), Person(id: "b", name: "Bo"), Person(id: "c", name: "Cy"),
            Person(id: "x", name: "Xan"),
        ],
        groups: [
            ProgramGroup(id: "circle", mentor: "m", mentees: ["a", "b", "c"]), ProgramGroup(id: "pair", mentor: "x", mentees: ["c"]),
        ],
        source: "circle.yaml")
    static let circleRule = GroupContinuity.below(mentors: 1, mentees: 2)
    static let rules = ProgressRules(
        program: program, plans: ["career"], topics: ["career/direction"],
        meetings: ["circle": 12, "pair": 12], continuity: circleRule)

    func event(_ id: String, _ body: ProgressEvent.Body, on date: String = "2027-04-10", group: String = "circle") -> ProgressEvent {
        ProgressEvent(id: id, program: Self.program.id, group: group, date: CalendarDate(date)!, body: body)
    }

    func exit(_ id: String, by: String, who: String? = nil, on date: String = "2027-04-10", group: String = "circle") -> ProgressEvent {
        event(id, .exit(ExitRecord(by: by, who: who, reason: "moved")), on: date, group: group)
    }

    @Test("the types' rules: a pair ends when either side leaves, a circle below two mentees or without its mentor, a peer group below two")
    func continuity() {
        let pair = ProgramGroup(id: "p", mentor: "m", mentees: ["a"])
        let circle = ProgramGroup(id: "c", mentor: "m", mentees: ["a", "b", "c"])
        let peers = ProgramGroup(id: "g", peers: ["a", "b", "c"])
        let pairRule = GroupContinuity.below(mentors: 1, mentees: 1)
        let peerRule = GroupContinuity.below(peers: 2)
        #expect(pairRule.ends(pair, without: ["a"]) && pairRule.ends(pair, without: ["m"]))
        #expect(!pairRule.ends(pair, without: []) && !pairRule.ends(pair, without: ["someone-else"]))
        #expect(!Self.circleRule.ends(circle, without: ["a"]))
        #expect(Self.circleRule.ends(circle, without: ["a", "b"]) && Self.circleRule.ends(circle, without: ["m"]))
        #expect(!peerRule.ends(peers, without: ["a"]) && peerRule.ends(peers, without: ["a", "c"]))
        #expect(GroupContinuity.anyExit.ends(circle, without: ["c"]))
        #expect(Self.circleRule.summary == "ends when the mentor leaves or fewer than 2 mentees remain")
    }

    @Test("one mentee of three leaves a circle: it goes on without them; the second to leave ends it")
    func circleGoesOn() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.record(exit("e1", by: "b")) == [])
        var state = ledger.state(of: "circle")
        #expect(!state.hasEnded && state.exit == nil)
        #expect(state.departures.map(\.person) == ["b"] && state.departures.first?.date == CalendarDate("2027-04-10"))
        #expect(state.remaining(of: Self.program.groups[0]).members == ["m", "a", "c"])
        #expect(ledger.record(exit("e2", by: "m", who: "a", on: "2027-06-01")) == [])
        state = ledger.state(of: "circle")
        #expect(state.hasEnded && state.exit?.leaver == "a" && state.endDate == CalendarDate("2027-06-01"))
        #expect(state.departures.map(\.person) == ["b", "a"])
    }

    @Test("the circle's mentor leaving ends it at once")
    func mentorLeaves() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.record(exit("e1", by: "m")) == [])
        #expect(ledger.state(of: "circle").hasEnded)
    }

    @Test("who may not leave: someone not in the group, someone who already left, anyone once the group ended")
    func badExits() {
        var ledger = ProgressLedger(rules: Self.rules)
        let stranger = ledger.problems(exit("e", by: "m", who: "x"))
        #expect(stranger.map(\.path) == ["details.who"])
        #expect(stranger.first?.message.hasPrefix("'x' is not in group 'circle'") == true, "\(stranger)")
        #expect(ledger.problems(exit("e", by: "zed")).map(\.path) == ["details.by"])
        #expect(ledger.record(exit("e1", by: "b")) == [])
        let again = ledger.problems(exit("e", by: "m", who: "b"))
        #expect(again.map(\.message) == ["'b' already left group 'circle' on 2027-04-10; nothing more to record"])
        #expect(ledger.problems(exit("e", by: "b", who: "a")).map(\.path) == ["details.by"], "someone who left can't remove another")
        #expect(ledger.record(exit("e2", by: "c")) == [])
        let ended = ledger.problems(exit("e", by: "a"))
        #expect(ended.count == 1 && ended.first?.message.contains("it ended on 2027-04-10 when Cy left") == true, "\(ended)")
        #expect(ended.first?.message.contains("void it") == true)
    }

    @Test("a meeting held after someone left can't list them as present; one before it can")
    func attendeesWhoLeft() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.record(exit("e1", by: "b")) == [])
        let after = ledger.problems(event("m3", .meeting(MeetingRecord(number: 3, held: true, attendees: ["m", "b"])), on: "2027-05-03"))
        #expect(after.map(\.path) == ["details.attendees[1]"])
        #expect(after.first?.message.contains("left group 'circle' on 2027-04-10") == true)
        #expect(
            ledger.problems(event("m2", .meeting(MeetingRecord(number: 2, held: true, attendees: ["m", "b"])), on: "2027-04-05")) == [])
    }

    @Test("a coordinator may record that someone left")
    func coordinatorRecords() {
        var program = Self.program
        program.coordinators = [Coordinator(id: "staff", name: "Terry", email: "terry@example.org")]
        var ledger = ProgressLedger(
            rules: ProgressRules(
                program: program, plans: ["career"], topics: [], meetings: ["circle": 12],
                continuity: Self.circleRule))
        let alone = ledger.problems(exit("e", by: "staff"))
        #expect(
            alone.map(\.path) == ["details.by"] && alone.first?.message.contains("mentor exit --who") == true,
            "a coordinator is not a member who can leave: \(alone)")
        #expect(ledger.record(exit("e", by: "staff", who: "a")) == [])
        #expect(ledger.state(of: "circle").departures.first?.by == "staff")
    }

    @Test("an exit written before exits named who left still reads, and still ends a pair")
    func oldFormat() throws {
        let text =
            #"{"date":"2027-04-10","details":{"by":"c","reason":"moved"},"group":"pair","id":"old-1","kind":"exit","program":"\#(Self.program.id)"}"#
        let fast = try #require(EventJSON.decode(text))
        let reference = try JSONDecoder().decode(ProgressEvent.self, from: Data(text.utf8))
        #expect(fast == reference)
        guard case .exit(let record) = fast.body else {
            Issue.record("not an exit: \(fast)")
            return
        }
        #expect(record.who == nil && record.leaver == "c" && record.by == "c")
        #expect(EventJSON.encode(fast) == text, "an exit without 'who' is written back as it was")
        let pairRules = ProgressRules(
            program: Self.program, plans: ["career"], topics: [], meetings: ["pair": 12],
            continuity: .below(mentors: 1, mentees: 1))
        let ledger = ProgressLedger(rules: pairRules, stored: [fast])
        #expect(ledger.ignored.isEmpty && ledger.state(of: "pair").hasEnded)
        #expect(ledger.state(of: "pair").exit == record)
    }

    @Test("an exit naming who left is written with 'who' and read back by both readers")
    func newFormat() throws {
        let event = exit("n-1", by: "m", who: "a")
        let text = EventJSON.encode(event)
        #expect(text.contains(#""details":{"by":"m","reason":"moved","who":"a"}"#), "\(text)")
        #expect(EventJSON.decode(text) == event)
        #expect(try JSONDecoder().decode(ProgressEvent.self, from: Data(text.utf8)) == event)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(event), as: UTF8.self) == text)
    }

    @Test("without the group's rule (a bare fold), any exit ends the group, as before")
    func bareFold() {
        let states = GroupState.fold([exit("e1", by: "b")])
        #expect(states["circle"]?.hasEnded == true)
    }

    @Test("agenda progress carries who left and when, and what each logged meeting records")
    func progress() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.record(event("m1", .meeting(MeetingRecord(number: 1, held: true, attendees: ["m", "a"])), on: "2027-03-01")) == [])
        #expect(ledger.record(exit("e1", by: "b")) == [])
        let progress = ledger.state(of: "circle").agendaProgress(program: Self.program)
        #expect(progress.departures == ["b": CalendarDate("2027-04-10")!])
        #expect(progress.attendance == [1: Attendance(held: true, date: Self.starts, attendees: ["m", "a"])])
        let group = Self.program.groups[0]
        #expect(group.members(on: CalendarDate("2027-04-09")!, departures: progress.departures).mentees == ["a", "b", "c"])
        #expect(group.members(on: CalendarDate("2027-04-10")!, departures: progress.departures).mentees == ["a", "c"])
    }
}

extension GroupChangeTests {
    @Test("a leaver's open actions leave later agendas with them, and nobody gives them a new one")
    func leaversActions() {
        var ledger = ProgressLedger(rules: Self.rules)
        #expect(ledger.record(event("a1", .action(ActionEvent(action: "a1", change: .added, text: "Read", owner: "b")))) == [])
        #expect(ledger.record(event("a2", .action(ActionEvent(action: "a2", change: .added, text: "Write", owner: "a")))) == [])
        #expect(ledger.record(exit("e1", by: "b")) == [])
        let progress = ledger.state(of: "circle").agendaProgress(program: Self.program)
        #expect(progress.openActions.map(\.text) == ["Write"])
        let state = ledger.state(of: "circle")
        #expect(state.openActions.count == 2 && state.currentActions.map(\.id) == ["a2"], "still open in the record, not the group's")
        let problems = ledger.problems(
            event("a3", .action(ActionEvent(action: "a3", change: .added, text: "Call", owner: "b")), on: "2027-04-11"))
        #expect(problems.map(\.message) == ["'b' left group 'circle' on 2027-04-10; give the action to someone still in it"])
    }
}
