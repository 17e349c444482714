import Foundation
@testable import MentorCore
import Testing

/// A small agenda built by hand, so renderer tests don't depend on plan content.
func sampleAgenda(time: ClockTime = ClockTime(hour: 9, minute: 50)!, title: String = "Your <next> step & more") -> Agenda {
    var first = AgendaItem(kind: .opening, title: "Since we last met", minutes: 5, lead: "Both", prompts: ["News?"])
    var second = AgendaItem(kind: .topic, title: title, minutes: 25, lead: "Sam Lin", plan: "career", topic: "next-level",
                            confidential: true, guidance: "Listen first.", prompts: ["What is next?", "Why now?"])
    first.start = 0
    second.start = 5
    return Agenda(program: "Pilot", type: "one-to-one", group: "ruiz-lin", meeting: 2, meetings: 12,
                  date: CalendarDate("2027-02-08")!, time: time, phase: .ongoing, minutes: 30, facilitator: nil,
                  spotlight: nil, participants: [Participant(id: "e1", name: "Dana Ruiz", role: "mentor"),
                                                 Participant(id: "e2", name: "Sam Lin", role: "mentee")],
                  items: [first, second])
}

struct MarkdownTests {
    @Test("a Markdown agenda shows the meeting, each time box with clock times, leads and prompts")
    func agenda() {
        #expect(AgendaRenderer.markdown(sampleAgenda()) == """
            # Pilot: ruiz-lin

            **Meeting 2 of 12** · Monday 2027-02-08 · 09:50–10:20 · Regular meeting

            Participants: Dana Ruiz (mentor), Sam Lin (mentee)

            ## 09:50–09:55 · Since we last met (5 min)

            Led by: Both

            - News?

            ## 09:55–10:20 · Your <next> step & more (25 min)

            Led by: Sam Lin · from plan 'career'

            > Confidential: notes on this item stay within the group.

            *Listen first.*

            - What is next?
            - Why now?

            ---

            2 items, 30 of 30 minutes.

            """)
    }

    @Test("clock times wrap past midnight")
    func midnight() {
        #expect(AgendaText.span(ClockTime(hour: 23, minute: 50)!, start: 5, minutes: 20) == "23:55–00:15")
    }
}

struct HTMLTests {
    @Test("HTML is a complete page and escapes every piece of user text")
    func escaping() {
        let html = AgendaRenderer.html(sampleAgenda(title: "<script>alert('x')</script> & \"quotes\""))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("Confidential"))
    }
}

struct JSONRenderTests {
    @Test("JSON round-trips to the same agenda, with stable key order")
    func roundTrip() throws {
        let text = try AgendaRenderer.json(sampleAgenda())
        let decoded = try JSONDecoder().decode(Agenda.self, from: Data(text.utf8))
        #expect(decoded == sampleAgenda())
        #expect(try AgendaRenderer.json(sampleAgenda()) == text)
        #expect(text.contains("\"date\" : \"2027-02-08\""))
    }
}
