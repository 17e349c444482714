import BuiltInProgramTypes
import CircleProgram
import MentorCore
import OneToOneProgram
import PeerProgram
import ReverseProgram
import ShippedPlans
import Testing

/// Builds a small program file for `type` with `groups` and `people` lines.
func programYAML(type: String, extra: String = "", people: String, groups: String) -> String {
    """
    program: Test Program
    type: \(type)
    starts: 2027-01-11
    \(extra)
    people:
    \(people)
    groups:
    \(groups)
    """
}

let shippedPlans = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }

struct OneToOneTests {
    let harness = ProgramHarness(type: OneToOneProgram.self, plans: shippedPlans)

    func messages(_ people: String, _ groups: String) -> [String] {
        harness.load(programYAML(type: "one-to-one", people: people, groups: groups)).diagnostics.map(\.description)
    }

    @Test("a mentor in the mentee's chain of command, or too close in grade, gets a warning")
    func warnings() {
        let people = """
              - { id: boss, name: Pat Boss, grade: 14 }
              - { id: mid, name: Mo Mid, grade: 12, manager: boss }
              - { id: new, name: Nia New, grade: 11, manager: mid }
            """
        #expect(
            messages(people, "  - { id: g, mentor: boss, mentees: [new] }") == [
                "program.yaml:10:5: warning: Pat Boss is in Nia New's chain of command; partnerships outside the reporting line "
                    + "are usually more open, so consider another mentor"
            ])
        #expect(messages(people, "  - { id: g, mentor: mid, mentees: [new] }").count == 2)
    }

    @Test("a group must name people listed under people")
    func unknownMember() {
        let people = "  - { id: dana, name: Dana, grade: 12 }\n  - { id: sam, name: Sam, grade: 9 }"
        #expect(
            messages(people, "  - { id: g, mentor: dana, mentees: [smm] }") == [
                "program.yaml:9:38: error: group 'g' names 'smm', who is not listed under 'people'; did you mean 'sam'?"
            ])
    }
}

struct DuplicateIDTests {
    @Test("a person or group id used twice is reported at the second use, naming the first line")
    func duplicates() {
        let people = "  - { id: a, name: Ann, grade: 12 }\n  - { id: b, name: Bo, grade: 9 }\n  - { id: a, name: Al, grade: 9 }"
        let groups = "  - { id: g, mentor: a, mentees: [b] }\n  - { id: g, mentor: a, mentees: [b] }"
        let messages = ProgramHarness(type: OneToOneProgram.self, plans: shippedPlans)
            .load(programYAML(type: "one-to-one", people: people, groups: groups)).diagnostics.map(\.description)
        #expect(
            messages == [
                "program.yaml:8:5: error: person id 'a' is already used at line 6; give each person their own id",
                "program.yaml:11:5: error: group id 'g' is already used at line 10; give each group its own id",
            ])
    }
}

struct ScheduleTests {
    func program(_ extra: String) throws -> Program {
        let yaml = programYAML(
            type: "one-to-one", extra: extra,
            people: "  - { id: a, name: A, grade: 12 }\n  - { id: b, name: B, grade: 9 }",
            groups: "  - { id: g, mentor: a, mentees: [b] }")
        let result = ProgramHarness(type: OneToOneProgram.self, plans: shippedPlans).load(yaml)
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.description))")
        return try #require(result.program)
    }

    @Test("a monthly one-year term: orientation, ten regular meetings, a six-month check-in, closing")
    func monthly() throws {
        let meetings = Schedule.standard(for: try program(""))
        #expect(meetings.count == 12)
        #expect(meetings.map(\.date.description).first == "2027-01-11")
        #expect(meetings.map(\.date.description).last == "2027-12-13")
        #expect(meetings.allSatisfy { $0.date.weekday == 1 }, "monthly meetings keep the start's weekday")
        #expect(
            meetings.map(\.phase) == [.orientation] + Array(repeating: .ongoing, count: 5) + [.checkIn]
                + Array(repeating: .ongoing, count: 4) + [.closing])
        #expect(meetings[6].date.description == "2027-07-12") // first meeting on or after 2027-07-11
    }

    @Test("every 3 weeks: the first meeting on or after the check-in month is the check-in")
    func everyThreeWeeks() throws {
        let meetings = Schedule.standard(for: try program("cadence: every 3 weeks\ncheck-in-months: [4, 8]"))
        #expect(meetings.count == 18) // days 0, 21, ..., 357 of a 365-day term
        let checkIns = meetings.filter { $0.phase == .checkIn }.map(\.date.description)
        #expect(checkIns == ["2027-05-17", "2027-09-20"]) // first meetings on or after May 11 and Sep 11
        #expect(meetings.last?.date.description == "2028-01-03")
    }

    @Test("monthly meetings keep the weekday and week of the month; a fifth weekday becomes the last")
    func sameWeekday() throws {
        let secondMonday = try #require(CalendarDate("2027-01-11"))
        #expect(
            (1...3).map { Cadence.months(1).date($0, from: secondMonday).description }
                == ["2027-02-08", "2027-03-08", "2027-04-12"])
        let fifthSunday = try #require(CalendarDate("2027-01-31"))
        #expect(Cadence.months(1).date(1, from: fifthSunday).description == "2027-02-28") // the last Sunday
        #expect(Cadence.months(2).date(1, from: fifthSunday).description == "2027-03-28")
        #expect(try #require(CalendarDate("2028-01-31")).adding(months: 1).description == "2028-02-29")
    }

    @Test("civil dates round-trip through days since 1970", arguments: ["1970-01-01", "2000-02-29", "2027-12-31", "1969-07-20"])
    func roundTrip(_ text: String) throws {
        let date = try #require(CalendarDate(text))
        #expect(CalendarDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(date.description == text)
    }

    @Test("weekdays: 2027-01-11 is a Monday")
    func weekday() throws {
        #expect(try #require(CalendarDate("2027-01-11")).weekday == 1)
        #expect(CalendarDate("2027-02-30") == nil)
    }
}

struct AgendaTests {
    static let pair = programYAML(
        type: "one-to-one", extra: "meeting-minutes: 60",
        people: "  - { id: a, name: Ana, grade: 12 }\n  - { id: b, name: Ben, grade: 9 }",
        groups: "  - { id: g, mentor: a, mentees: [b] }")

    func agendas(
        _ yaml: String = pair, type: any ProgramType.Type = OneToOneProgram.self,
        progress: GroupProgress = .none
    ) throws -> [Agenda] {
        let all = try #require(try ProgramHarness(type: type, plans: shippedPlans).agendas(yaml, progress: progress))
        return try #require(all.values.first)
    }

    @Test("the same inputs give identical agendas")
    func deterministic() throws {
        #expect(try agendas() == agendas())
    }

    @Test("items start where the previous one ends and fill the meeting exactly")
    func timeBoxes() throws {
        for agenda in try agendas() {
            var clock = 0
            for item in agenda.items {
                #expect(item.start == clock)
                clock += item.minutes
            }
            #expect(clock == 60)
        }
    }

    @Test("orientation topics that don't fit the first meeting open the second")
    func carried() throws {
        let meetings = try agendas()
        let orientation = meetings[0].items.filter { $0.kind == .topic }.compactMap(\.topic)
        #expect(meetings[0].items.allSatisfy { $0.kind != .topic || $0.plan == "orientation" })
        let second = meetings[1].items.filter { $0.kind == .topic }
        #expect(second.first?.plan == "orientation")
        #expect(Set(second.compactMap(\.topic)).isDisjoint(with: orientation))
    }

    @Test("regular meetings cover every ongoing topic of the three plans before repeating any")
    func coverage() throws {
        let ongoing = try agendas().filter { $0.phase == .ongoing }.flatMap(\.items)
            .filter { $0.kind == .topic && $0.plan != "orientation" }.map { "\($0.plan ?? "")/\($0.topic ?? "")" }
        let total = 6 + 7 + 6 // career, development-needs, current-workplace
        let firstRound = Array(ongoing.prefix(total))
        #expect(Set(firstRound).count == firstRound.count, "a topic repeated before all were covered")
        #expect(Set(ongoing).count == total)
        // Topics that don't fit the time left are skipped for shorter ones, so check a window of six.
        let plans = ongoing.prefix(6).map { $0.split(separator: "/")[0] }
        #expect(Set(plans).count == 3, "the rotation should mix the three plans: \(ongoing)")
    }

    @Test("check-in and closing meetings take their own plans")
    func phases() throws {
        let meetings = try agendas()
        #expect(meetings[6].phase == .checkIn)
        #expect(meetings[6].items.filter { $0.kind == .topic }.allSatisfy { $0.plan == "check-in" })
        #expect(meetings[11].items.filter { $0.kind == .topic }.allSatisfy { $0.plan == "closing" })
        #expect(meetings[11].items.last?.title == "Farewell")
    }

    @Test("open action items are carried into the next meeting, and covered topics are skipped")
    func progress() throws {
        let actions = [ActionItem(text: "Draft a development plan", owner: "Ben", due: CalendarDate("2027-03-01"))]
        let progress = GroupProgress(openActions: actions, coveredTopics: ["career/direction"], nextMeeting: 3)
        let meetings = try agendas(progress: progress)
        let carried = try #require(meetings[2].items.first { $0.kind == .actions })
        #expect(carried.prompts == ["Draft a development plan (Ben) due 2027-03-01"])
        #expect(meetings.filter { $0.items.contains { $0.kind == .actions } }.count == 1)
        #expect(!meetings.prefix(6).flatMap(\.items).contains { $0.topic == "direction" })
    }
}

struct TypeShapeTests {
    @Test("circle spotlights rotate fairly: no mentee has two more turns than another", arguments: [2, 3, 4, 5])
    func spotlight(_ size: Int) throws {
        let people = (0...size).map { "  - { id: p\($0), name: Person \($0), grade: \($0 == 0 ? 15 : 10) }" }.joined(separator: "\n")
        let mentees = (1...size).map { "p\($0)" }.joined(separator: ", ")
        let yaml = programYAML(
            type: "circle", extra: "meeting-minutes: 90", people: people,
            groups: "  - { id: c, mentor: p0, mentees: [\(mentees)] }")
        let all = try #require(try ProgramHarness(type: CircleProgram.self, plans: shippedPlans).agendas(yaml))
        let meetings = try #require(all["c"])
        let counts = (1...size).map { index in meetings.filter { $0.spotlight == "Person \(index)" }.count }
        #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1, "\(counts)")
        #expect(counts.reduce(0, +) == meetings.filter { $0.phase == .ongoing }.count)
        #expect(meetings.filter { $0.phase == .ongoing }.allSatisfy { $0.items.contains { $0.kind == .spotlight } })
    }

    @Test("peer groups rotate the facilitator every meeting and open with a round of updates")
    func peer() throws {
        let yaml = programYAML(
            type: "peer", people: "  - { id: a, name: Ann }\n  - { id: b, name: Bo }\n  - { id: c, name: Cy }",
            groups: "  - { id: p, peers: [a, b, c] }")
        let meetings = try #require(try ProgramHarness(type: PeerProgram.self, plans: shippedPlans).agendas(yaml)?["p"])
        #expect(meetings.prefix(4).map(\.facilitator) == ["Ann", "Bo", "Cy", "Ann"])
        #expect(meetings.allSatisfy { $0.items.first?.kind == .updates && $0.items.first?.minutes == 9 })
        #expect(meetings[1].items.last?.lead == "Bo")
        let orientation = meetings[0].items.compactMap(\.topic)
        #expect(orientation.contains("peer-expectations"))
        #expect(
            !orientation.contains("mentee-expectations") && !orientation.contains("mentor-expectations"),
            "topics whose applies-to leaves out peer groups stay out of their agendas")
    }

    @Test("in reverse mentoring the junior leads a skill session in every regular meeting, rotating skills")
    func reverse() throws {
        let yaml = programYAML(
            type: "reverse", people: "  - { id: j, name: Jo Junior, grade: 6 }\n  - { id: s, name: Sal Senior, grade: 14 }",
            groups: "  - { id: r, mentor: j, mentees: [s], skills: [video calls, spreadsheets] }")
        let meetings = try #require(try ProgramHarness(type: ReverseProgram.self, plans: shippedPlans).agendas(yaml)?["r"])
        let sessions = meetings.compactMap { $0.items.first { $0.kind == .skill } }
        #expect(sessions.count == meetings.filter { $0.phase == .ongoing }.count)
        #expect(sessions.allSatisfy { $0.lead == "Jo Junior" })
        #expect(
            sessions.prefix(3).map(\.title) == [
                "Skill session: video calls", "Skill session: spreadsheets",
                "Skill session: video calls",
            ])
    }

    @Test("a meeting too short for a type's fixed items is an error that says how long it must be")
    func tooShort() {
        let yaml = programYAML(
            type: "circle", extra: "meeting-minutes: 20",
            people: "  - { id: m, name: M, grade: 15 }\n  - { id: a, name: A, grade: 10 }\n  - { id: b, name: B, grade: 10 }",
            groups: "  - { id: c, mentor: m, mentees: [a, b] }")
        let errors = ProgramHarness(type: CircleProgram.self, plans: shippedPlans).load(yaml).diagnostics.map(\.message)
        #expect(
            errors.contains(
                "'meeting-minutes' is 20, but a 'circle' meeting needs 20 minutes for its fixed items "
                    + "and at least 5 for topics; allow 25 minutes or more"))
    }
}
