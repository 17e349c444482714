import BuiltInProgramTypes
import MentorCore
import OneToOneProgram
import Testing

/// `time-zone:`, `day:`, `meeting-time:` and `location:` on the program and on a group, and the
/// journal's moved and cancelled meetings as the schedule and agendas show them (issue 13 item 1).
struct TimeAndPlaceTests {
    let harness = ProgramHarness(type: OneToOneProgram.self, plans: ExampleTests.shipped)

    static func body(cadence: String = "monthly", top: String = "", group: String = "") -> String {
        """
        program: Pilot
        type: one-to-one
        starts: 2027-01-11
        cadence: \(cadence)
        meeting-time: "09:30"
        \(top)
        people:
          - {id: ana, name: Ana, grade: 7, email: ana@example.org}
          - {id: ben, name: Ben, grade: 4}
          - {id: cy, name: Cy, grade: 8, email: cy@example.org}
          - {id: di, name: Di, grade: 3, email: di@example.org}
        groups:
          - {id: g1, mentor: ana, mentees: [ben]}
          - {id: g2, mentor: cy, mentees: [di]\(group)}
        """
    }

    // MARK: - Days

    @Test("day words: a weekday, or which one of the month; anything else is refused")
    func dayWords() throws {
        #expect(MeetingDay("Tuesday") == MeetingDay(weekday: 2))
        #expect(MeetingDay("second tuesday") == MeetingDay(weekday: 2, ordinal: 2))
        #expect(MeetingDay("2nd Tuesday") == MeetingDay(weekday: 2, ordinal: 2))
        #expect(MeetingDay("last friday") == MeetingDay(weekday: 5, ordinal: -1))
        #expect(MeetingDay("last friday")?.description == "last friday")
        for bad in ["someday", "fifth monday", "second", "tuesday second", "", "every tuesday"] {
            #expect(MeetingDay(bad) == nil, "\(bad)")
        }
        // January 2027 starts on a Friday: its Tuesdays are the 5th, 12th, 19th and 26th.
        let january = try #require(CalendarDate("2027-01-20"))
        #expect(MeetingDay("second tuesday")?.inMonth(of: january).description == "2027-01-12")
        #expect(MeetingDay("last tuesday")?.inMonth(of: january).description == "2027-01-26")
        #expect(MeetingDay("last friday")?.inMonth(of: january).description == "2027-01-29")
        #expect(MeetingDay("first friday")?.inMonth(of: january).description == "2027-01-01")
    }

    @Test(
        "monthly on an ordinal weekday: one meeting a month, each on that day, within the term",
        arguments: ["first monday", "second tuesday", "third wednesday", "fourth thursday", "last friday"])
    func monthlyDays(day: String) throws {
        let program = try #require(harness.load(Self.body(top: "day: \(day)")).program)
        let schedule = Schedule.standard(for: program.groups[0], in: program)
        let wanted = try #require(MeetingDay(day))
        #expect((11...12).contains(schedule.count), "\(schedule.map(\.date))")
        var months = Set<Int>()
        for meeting in schedule {
            #expect(meeting.date == wanted.inMonth(of: meeting.date), "\(meeting.date) is not the \(day) of its month")
            #expect(meeting.date >= program.starts && meeting.date < program.starts.adding(months: 12))
            #expect(months.insert(meeting.date.year * 12 + meeting.date.month).inserted, "two meetings in one month")
        }
        #expect(schedule.first?.phase == .orientation && schedule.last?.phase == .closing)
    }

    @Test("weekly on a weekday: the first such day on or after the start, then every week")
    func weeklyDay() throws {
        let program = try #require(harness.load(Self.body(cadence: "biweekly", group: ", day: thursday")).program)
        let own = Schedule.standard(for: program.groups[1], in: program)
        #expect(own.first?.date.description == "2027-01-14") // 2027-01-11 is a Monday
        #expect(own.allSatisfy { $0.date.weekday == 4 })
        #expect(zip(own, own.dropFirst()).allSatisfy { $1.date.daysSinceEpoch - $0.date.daysSinceEpoch == 14 })
        let plain = Schedule.standard(for: program.groups[0], in: program)
        #expect(plain.first?.date == program.starts, "a group without a day meets on the start's weekday")
    }

    @Test("a day that doesn't suit the cadence is an error at its line, saying what to write")
    func dayAgainstCadence() throws {
        let weekly = harness.load(Self.body(cadence: "weekly", top: "day: second tuesday"))
        let error = try #require(weekly.diagnostics.first { $0.severity == .error })
        #expect(error.mark.line == 6)
        #expect(error.message.contains("write the weekday alone ('tuesday')"), "\(error.message)")
        let monthly = harness.load(Self.body(group: ", day: tuesday"))
        let other = try #require(monthly.diagnostics.first { $0.severity == .error })
        #expect(other.mark.line == 14)
        #expect(other.message.contains("'first tuesday', 'second tuesday'"), "\(other.message)")
        let word = harness.load(Self.body(top: "day: tusday"))
        #expect(word.diagnostics.first { $0.severity == .error }?.message.contains("did you mean 'tuesday'?") == true)
    }

    // MARK: - Time zone, time and place

    @Test("time-zone must be an IANA name; a near miss gets a did-you-mean")
    func timeZones() throws {
        let good = harness.load(Self.body(top: "time-zone: Europe/Berlin"))
        #expect(!good.hasErrors, "\(good.diagnostics)")
        #expect(good.program?.timeZone == "Europe/Berlin")
        for (text, suggestion) in [("europe/berlin", "Europe/Berlin"), ("Europe/Berln", "Europe/Berlin"), ("CET+1", nil)] {
            let result = harness.load(Self.body(top: "time-zone: \(text)"))
            let error = try #require(result.diagnostics.first { $0.severity == .error }, "\(text)")
            #expect(error.mark.line == 6 && error.mark.column == 12, "\(error.mark)")
            #expect(error.message.contains("IANA name"))
            if let suggestion { #expect(error.message.contains("did you mean '\(suggestion)'?"), "\(error.message)") }
        }
    }

    @Test("a group's own time and place override the program's; agendas carry them")
    func overrides() throws {
        let yaml = Self.body(
            top: "time-zone: America/Chicago\nlocation: Room 2.14, City Hall",
            group: ", meeting-time: \"14:00\", location: \"https://meet.example.org/g2\"")
        let agendas = try #require(try harness.agendas(yaml))
        let first = try #require(agendas["g1"]?.first)
        let second = try #require(agendas["g2"]?.first)
        #expect(first.time.description == "09:30" && first.location == "Room 2.14, City Hall")
        #expect(second.time.description == "14:00" && second.location == "https://meet.example.org/g2")
        #expect(first.timeZone == "America/Chicago" && first.programID == "program")
        let page = AgendaRenderer.markdown(second)
        #expect(page.contains("14:00–15:00 (America/Chicago)"))
        #expect(page.contains("Where: https://meet.example.org/g2"))
    }

    @Test("a bad meeting-time or location on a group is an error at its place")
    func badGroupValues() throws {
        let time = harness.load(Self.body(group: ", meeting-time: \"25:00\""))
        #expect(time.diagnostics.first { $0.severity == .error }?.message.contains("24-hour time") == true)
        let long = String(repeating: "x", count: 501)
        let place = harness.load(Self.body(group: ", location: \(long)"))
        let error = try #require(place.diagnostics.first { $0.severity == .error })
        #expect(error.mark.line == 14 && error.message.contains("at most 500 characters"))
    }

    @Test("two groups meeting on the same day at different times don't clash; at the same time they do")
    func clashesUseEachGroupsTime() throws {
        let shared = """
            program: Pilot
            type: one-to-one
            starts: 2027-01-11
            people:
              - {id: ana, name: Ana, grade: 7}
              - {id: ben, name: Ben, grade: 4}
              - {id: cy, name: Cy, grade: 3}
            groups:
              - {id: g1, mentor: ana, mentees: [ben]}
              - {id: g2, mentor: ana, mentees: [cy]TIME}
            """
        let apart = harness.load(shared.replacingOccurrences(of: "TIME", with: ", meeting-time: \"15:00\""))
        #expect(!apart.diagnostics.contains { $0.message.contains("same date and time") }, "\(apart.diagnostics)")
        let together = harness.load(shared.replacingOccurrences(of: "TIME", with: ""))
        #expect(together.diagnostics.contains { $0.message.contains("same date and time") })
    }

    // MARK: - Moved and cancelled meetings

    @Test("a cancelled meeting's agenda has no items and its topics go to the next meeting; a moved one keeps its number")
    func changesInAgendas() throws {
        let result = harness.load(Self.body())
        let program = try #require(result.program)
        let builder = AgendaBuilder(program: program, plans: result.plans, type: harness.type)
        let group = program.groups[0]
        let planned = try builder.agendas(for: group)
        var changes: [Int: MeetingChanges] = [:]
        changes[3, default: MeetingChanges()].record(ScheduleChangeRecord(number: 3, cancelled: true, reason: "office closed"))
        let moved = try #require(CalendarDate("2027-05-12"))
        changes[5, default: MeetingChanges()].record(
            ScheduleChangeRecord(
                number: 5, cancelled: false, to: moved,
                time: ClockTime(hour: 15, minute: 0)))
        changes[5, default: MeetingChanges()].record(ScheduleChangeRecord(number: 5, cancelled: false, location: "Room 9"))
        let agendas = try builder.agendas(for: group, progress: GroupProgress(scheduleChanges: changes))
        #expect(agendas.count == planned.count)
        #expect(agendas[2].isCancelled && agendas[2].items.isEmpty)
        #expect(agendas[2].change?.reason == "office closed")
        let topics = { (agenda: Agenda) in agenda.items.compactMap(\.topic) }
        #expect(topics(agendas[3]) == topics(planned[2]), "meeting 4 takes what meeting 3 would have covered")
        #expect(agendas[4].date == moved && agendas[4].time.description == "15:00" && agendas[4].location == "Room 9")
        #expect(agendas[4].change?.sequence == 2 && agendas[4].change?.plannedDate == planned[4].date)
        let page = AgendaRenderer.markdown(agendas[2])
        #expect(page.contains("Cancelled (office closed). Its topics move to the next meeting held."))
        #expect(!page.contains("## Agenda"))
        #expect(AgendaRenderer.markdown(agendas[4]).contains("Moved from Monday \(planned[4].date)."))
    }
}
