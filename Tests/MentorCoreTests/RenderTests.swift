import Foundation
import Testing

@testable import MentorCore

// MARK: - Fixtures

/// A small agenda built by hand, so renderer tests don't depend on plan content.
func sampleAgenda(
    time: ClockTime = ClockTime(hour: 9, minute: 50)!, title: String = "Your <next> step & more",
    guidance: String = "Listen first."
) -> Agenda {
    var first = AgendaItem(kind: .opening, title: "Since we last met", minutes: 5, lead: "Both", prompts: ["News?"])
    var second = AgendaItem(
        kind: .topic, title: title, minutes: 25, lead: "Sam Lin", plan: "career", topic: "next-level",
        confidential: true, guidance: guidance, prompts: ["What is next?", "Why now?"])
    first.start = 0
    second.start = 5
    return Agenda(
        program: "Pilot", type: "one-to-one", group: "ruiz-lin", meeting: 2, meetings: 12,
        date: CalendarDate("2027-02-08")!, time: time, phase: .ongoing, minutes: 30, facilitator: nil,
        spotlight: nil,
        participants: [
            Participant(id: "e1", name: "Dana Ruiz", role: "mentor"),
            Participant(id: "e2", name: "Sam Lin", role: "mentee"),
        ],
        items: [first, second])
}

/// A one-to-one program of two people, starting Monday 2027-01-11 at 10:00.
func sampleProgram(name: String = "Pilot", time: ClockTime = ClockTime(hour: 10, minute: 0)!, minutes: Int = 60) -> Program {
    Program(
        name: name, type: "one-to-one", starts: CalendarDate("2027-01-11")!, months: 3, cadence: .months(1),
        meetingMinutes: minutes, checkInMonths: [1], meetingTime: time, plans: ["career"],
        people: [Person(id: "e1", name: "Dana Ruiz"), Person(id: "e2", name: "Sam Lin")],
        groups: [ProgramGroup(id: "ruiz-lin", mentor: "e1", mentees: ["e2"])], source: "program.yaml")
}

/// Three meetings: orientation, check-in, closing.
let sampleSchedule = [
    Meeting(number: 1, date: CalendarDate("2027-01-11")!, phase: .orientation),
    Meeting(number: 2, date: CalendarDate("2027-02-08")!, phase: .checkIn),
    Meeting(number: 3, date: CalendarDate("2027-03-08")!, phase: .closing),
]

// MARK: - Markdown

struct MarkdownRenderTests {
    @Test("a Markdown agenda shows the meeting, each time box with clock times across the hour, leads and prompts")
    func agenda() {
        #expect(
            AgendaRenderer.markdown(sampleAgenda()) == """
                # Pilot: ruiz-lin

                **Meeting 2 of 12** · Monday 2027-02-08 · 09:50–10:20 · Regular meeting

                Participants: Dana Ruiz (mentor), Sam Lin (mentee)

                ## Agenda

                ### 09:50–09:55 · Since we last met (5 min)

                Led by: Both

                - News?

                ### 09:55–10:20 · Your \\<next> step & more (25 min)

                Led by: Sam Lin · from plan 'career'

                > Confidential: notes on this item stay within the group.

                *Listen first.*

                - What is next?
                - Why now?

                ---

                Total: 2 items, 30 of 30 minutes.

                """)
    }

    @Test("facilitator and spotlight get their own lines; the phase reads in words")
    func roles() {
        var agenda = sampleAgenda()
        agenda.facilitator = "Jun Tanaka"
        agenda.spotlight = "Omar Haddad"
        agenda.phase = .orientation
        let text = AgendaRenderer.markdown(agenda)
        #expect(text.contains("· Orientation (first meeting)\n\nFacilitator: Jun Tanaka\n\nSpotlight: Omar Haddad\n\nParticipants:"))
        agenda.phase = .checkIn
        #expect(AgendaRenderer.markdown(agenda).contains("· 09:50–10:20 · Check-in\n"))
    }

    @Test("clock times wrap past midnight")
    func midnight() {
        #expect(AgendaText.span(ClockTime(hour: 23, minute: 50)!, start: 5, minutes: 20) == "23:55–00:15")
        let text = AgendaRenderer.markdown(sampleAgenda(time: ClockTime(hour: 23, minute: 45)!))
        #expect(text.contains("· 23:45–00:15 ·"))
        #expect(text.contains("### 23:50–00:15 · "))
    }

    @Test(
        "user text cannot start Markdown formatting",
        arguments: [
            ("# *bold* _x_ [link](u) a|b `c`", "\\# \\*bold\\* \\_x\\_ \\[link\\](u) a\\|b \\`c\\`"),
            ("2027. A year", "2027\\. A year"),
            ("- not a list", "\\- not a list"),
            ("one\ntwo\r\nthree", "one two three"),
            ("back\\slash <tag>", "back\\\\slash \\<tag>"),
            ("  Plain text.  ", "Plain text."),
        ])
    func escaping(_ text: String, _ expected: String) {
        #expect(AgendaRenderer.inline(text) == expected)
    }
}

struct ScheduleRenderTests {
    @Test("a schedule without agendas is a table of number, date, weekday and meeting kind")
    func plain() {
        let program = sampleProgram()
        #expect(
            AgendaRenderer.markdown(schedule: sampleSchedule, program: program, group: program.groups[0], agendas: nil) == """
                # Pilot: ruiz-lin

                one-to-one · monthly from 2027-01-11 for 3 months · 60-minute meetings at 10:00

                Members: Dana Ruiz (mentor), Sam Lin (mentee)

                | # | Date | Day | Meeting |
                | ---: | --- | --- | --- |
                | 1 | 2027-01-11 | Monday | Orientation |
                | 2 | 2027-02-08 | Monday | Check-in |
                | 3 | 2027-03-08 | Monday | Closing |

                Either side may end the partnership at any time; no fault attached.

                """)
    }

    @Test("with agendas, a Focus column names the facilitator or spotlight and at most three shortened topics")
    func focus() {
        let program = sampleProgram()
        var agenda = sampleAgenda(title: "A very long topic title that goes on and on | forever")
        agenda.facilitator = "Jun"
        agenda.items += ["B", "C", "D"].map { AgendaItem(kind: .topic, title: $0, minutes: 1, lead: "x") }
        let text = AgendaRenderer.markdown(
            schedule: sampleSchedule, program: program, group: program.groups[0],
            agendas: [agenda])
        #expect(text.contains("| # | Date | Day | Meeting | Focus |\n| ---: | --- | --- | --- | --- |\n"))
        #expect(text.contains("| 1 | 2027-01-11 | Monday | Orientation |  |\n"))
        #expect(
            text.contains(
                "| 2 | 2027-02-08 | Monday | Check-in | Facilitator: Jun; A very long topic title that goes on…, B, C and 1 more |\n"))
    }

    @Test("titles are shortened at a word boundary")
    func shortened() {
        #expect(AgendaRenderer.shortened("Short") == "Short")
        #expect(AgendaRenderer.shortened("Where do you want to be in five years, and why?", limit: 20) == "Where do you want…")
        #expect(AgendaRenderer.shortened("Supercalifragilisticexpialidocious", limit: 10) == "Supercali…")
    }
}

// MARK: - HTML

struct HTMLRenderTests {
    @Test("HTML is a complete page and escapes every piece of user text")
    func escaping() {
        let html = AgendaRenderer.html(sampleAgenda(title: "<script>alert('x')</script> & \"quotes\""))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"))
        #expect(html.contains("<style>") && html.contains("@media print"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("<span class=\"time\">09:55–10:20</span>"))
        #expect(html.contains("Confidential"))
    }

    @Test("no user-supplied field reaches the page unescaped")
    func everyField() {
        let evil = "<b>&"
        var agenda = sampleAgenda(title: evil, guidance: evil)
        agenda.program = evil
        agenda.group = evil
        agenda.facilitator = evil
        agenda.spotlight = evil
        agenda.participants = [Participant(id: evil, name: evil, role: evil)]
        agenda.items[1].lead = evil
        agenda.items[1].plan = evil
        agenda.items[1].prompts = [evil]
        let html = AgendaRenderer.html(agenda)
        #expect(!html.contains("<b>"))
        #expect(!html.contains("&\n") && !html.contains("&<"))
        // title, h1 (program and group), facilitator, spotlight, name, role, item title, lead, plan, guidance, prompt
        #expect(html.components(separatedBy: "&lt;b&gt;&amp;").count - 1 == 13)
    }
}

// MARK: - JSON

struct JSONRenderTests {
    @Test("JSON round-trips to the same agenda, with stable key order and a final newline")
    func roundTrip() throws {
        let text = try AgendaRenderer.json(sampleAgenda())
        let decoded = try JSONDecoder().decode(Agenda.self, from: Data(text.utf8))
        #expect(decoded == sampleAgenda())
        #expect(try AgendaRenderer.json(sampleAgenda()) == text)
        #expect(text.hasPrefix("{\n  \"date\" : \"2027-02-08\",\n"))
        #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"))
    }

    @Test("several agendas are an array; slashes stay unescaped")
    func array() throws {
        var agenda = sampleAgenda()
        agenda.program = "Pilot 2027/28"
        let text = try AgendaRenderer.json([agenda, sampleAgenda()])
        #expect(text.contains("\"Pilot 2027/28\""))
        #expect(try JSONDecoder().decode([Agenda].self, from: Data(text.utf8)) == [agenda, sampleAgenda()])
        #expect(text.hasSuffix("]\n"))
    }

    @Test("the schedule JSON names the program, type, group, members with roles, and meetings")
    func schedule() throws {
        let program = sampleProgram()
        let text = try AgendaRenderer.json(schedule: sampleSchedule, program: program, group: program.groups[0])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["program"] as? String == "Pilot")
        #expect(object["type"] as? String == "one-to-one")
        #expect(object["group"] as? String == "ruiz-lin")
        let members = try #require(object["members"] as? [[String: String]])
        #expect(members == [["id": "e1", "name": "Dana Ruiz", "role": "mentor"], ["id": "e2", "name": "Sam Lin", "role": "mentee"]])
        let meetings = try #require(object["meetings"] as? [[String: Any]])
        #expect(meetings.map { $0["phase"] as? String } == ["orientation", "check-in", "closing"])
        #expect(meetings.first?["date"] as? String == "2027-01-11")
        #expect(text.hasSuffix("}\n"))
    }
}
