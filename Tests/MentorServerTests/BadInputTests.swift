import Foundation
import Hummingbird
import Testing

@testable import MentorServer

/// Bad input on every form comes back with the problem next to its field, nothing recorded, and
/// every value sent shown escaped.
struct BadInputTests {
    static let megabyte = String(repeating: "a", count: 1_000_000)
    static let html = "<script>alert('x')</script><b>bold</b>"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let fields: [(String, String)]
        /// The field id the problem is shown after, and a piece of the problem's text.
        let problems: [(field: String, says: String)]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "log: no meeting number", path: "/meetings", fields: [("attendees", "e100")],
            problems: [("log-meeting", "Meeting is required")]),
        Case(
            name: "log: 2027-02-30", path: "/meetings", fields: [("meeting", "1"), ("date", "2027-02-30"), ("attendees", "e100")],
            problems: [("log-date", "&#39;2027-02-30&#39; is not a date")]),
        Case(
            name: "log: meeting 99", path: "/meetings", fields: [("meeting", "99"), ("attendees", "e100")],
            problems: [("log-meeting", "from 1 to 12")]),
        Case(
            name: "log: nobody came", path: "/meetings", fields: [("meeting", "1")],
            problems: [("log-attendees", "tick who came")]),
        Case(
            name: "log: 1 MB of notes", path: "/meetings", fields: [("meeting", "1"), ("attendees", "e100"), ("notes", megabyte)],
            problems: [("log-notes", "too long (1000000 characters)")]),
        Case(
            name: "log: a date before the program's span", path: "/meetings",
            fields: [("meeting", "1"), ("attendees", "e100"), ("date", "2020-01-01")], problems: [("log-date", "2020-01-01")]),
        Case(
            name: "log: HTML in every field", path: "/meetings",
            fields: [("meeting", html), ("date", html), ("attendees", html), ("covered", html), ("notes", html), ("training-need", html)],
            problems: [
                ("log-meeting", "is not a meeting"), ("log-date", "is not a date"),
                ("log-attendees", "is not one of the group"), ("log-covered", "is not one of the program"),
            ]),
        Case(name: "goal: no text", path: "/goals", fields: [("plan", "career")], problems: [("goal-text", "The goal is required")]),
        Case(
            name: "goal: 2027-02-30", path: "/goals", fields: [("text", "Lead"), ("target", "2027-02-30")],
            problems: [("goal-target", "is not a date")]),
        Case(name: "goal: 1 MB", path: "/goals", fields: [("text", megabyte)], problems: [("goal-text", "too long")]),
        Case(
            name: "goal: HTML in every field", path: "/goals",
            fields: [("text", html), ("plan", html), ("term", html), ("target", html)],
            problems: [("goal-plan", "not one of the choices"), ("goal-target", "is not a date")]),
        Case(name: "action: no text", path: "/actions", fields: [("owner", "e100")], problems: [("action-text", "The action is required")]),
        Case(
            name: "action: 2027-02-30", path: "/actions", fields: [("text", "Call Chris"), ("due", "2027-02-30")],
            problems: [("action-due", "is not a date")]),
        Case(name: "action: 1 MB", path: "/actions", fields: [("text", megabyte)], problems: [("action-text", "too long")]),
        Case(
            name: "action: HTML in every field", path: "/actions", fields: [("text", html), ("owner", html), ("due", html)],
            problems: [("action-owner", "not one of the choices"), ("action-due", "is not a date")]),
        Case(
            name: "check-in: no rating", path: "/check-ins", fields: [("answers", "fine")],
            problems: [("checkin-rating", "Rating is required")]),
        Case(
            name: "check-in: rating 11", path: "/check-ins", fields: [("rating", "11")],
            problems: [("checkin-rating", "&#39;11&#39; is not a rating from 1 to 5")]),
        Case(
            name: "check-in: 1 MB", path: "/check-ins", fields: [("rating", "4"), ("answers", megabyte)],
            problems: [("checkin-answers", "too long")]),
        Case(
            name: "check-in: HTML in every field", path: "/check-ins", fields: [("rating", html), ("answers", html), ("feedback", html)],
            problems: [("checkin-rating", "is not a rating")]),
        Case(
            name: "move: nothing to change", path: "/meetings/change", fields: [("meeting", "3")],
            problems: [("move-to", "nothing to change")]),
        Case(
            name: "move: 25:00", path: "/meetings/change", fields: [("meeting", "3"), ("time", "25:00")],
            problems: [("move-time", "HH:MM")]),
        Case(
            name: "move: meeting 99, 2027-02-30", path: "/meetings/change", fields: [("meeting", "99"), ("to", "2027-02-30")],
            problems: [("move-meeting", "is not a meeting"), ("move-to", "is not a date")]),
        Case(
            name: "move: before the program starts", path: "/meetings/change", fields: [("meeting", "3"), ("to", "2026-12-01")],
            problems: [("move-to", "before the program starts")]),
        Case(
            name: "move: HTML in every field", path: "/meetings/change",
            fields: [("meeting", html), ("to", html), ("time", html), ("location", html), ("reason", html)],
            problems: [("move-meeting", "is not a meeting"), ("move-to", "is not a date")]),
        Case(
            name: "exit: 1 MB reason", path: "/exit", fields: [("reason", megabyte), ("confirm", "yes")],
            problems: [("exit-reason", "too long")]),
    ]

    @Test("bad input comes back with the problem next to its field and nothing recorded", arguments: cases)
    func badInput(_ bad: Case) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let page = try await client.post(AccessTests.own + bad.path, [("csrf", member.csrf)] + bad.fields, cookies: member.cookie)
            #expect(page.status == .unprocessableContent, "\(page.body.prefix(300))")
            for (field, says) in bad.problems {
                let shown = page.problem(after: field)
                #expect(shown?.contains(says) == true, "after \(field): \(shown ?? "no problem shown")")
            }
            #expect(try fixture.eventCount() == 0)
            #expect(!page.body.contains("<script"), "HTML sent must come back escaped")
            #expect(!page.body.contains("<b>bold"))
            #expect(page.body.count < 100_000, "1 MB of text is not sent back (a field is refilled with its first 10,000 characters)")
        }
    }

    @Test("HTML in the exit reason is shown escaped on the confirmation page; nothing is recorded before confirming")
    func exitConfirmation() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let confirm = try await client.post(
                AccessTests.own + "/exit", [("csrf", member.csrf), ("reason", Self.html)],
                cookies: member.cookie)
            #expect(confirm.status == .ok)
            #expect(confirm.body.contains("Yes, end it"))
            #expect(confirm.body.contains("&lt;script&gt;"))
            #expect(!confirm.body.contains("<script"))
            #expect(try fixture.eventCount() == 0)
            let done = try await client.post(
                AccessTests.own + "/exit", [("csrf", member.csrf), ("reason", Self.html), ("confirm", "yes")],
                cookies: member.cookie)
            #expect(done.status == .seeOther)
            #expect(try fixture.eventCount() == 1)
            let page = try await client.get(AccessTests.own, cookies: member.cookie)
            #expect(page.body.contains("This partnership was ended by Dana Ruiz"))
            #expect(!page.body.contains("<script"))
            #expect(!page.body.contains("Log the meeting"), "an ended group's forms are gone")
        }
    }

    @Test("good input on every form is recorded and shown")
    func goodInput() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let own = AccessTests.own
            let posts: [(String, [(String, String)])] = [
                (
                    "/meetings",
                    [
                        ("meeting", "1"), ("attendees", "e100"), ("attendees", "e230"), ("covered", "orientation/rapport"),
                        ("notes", "Sam wants <more> field work"),
                    ]
                ),
                ("/goals", [("text", "Lead a resurfacing project"), ("plan", "career"), ("term", "long"), ("target", "2027-12-01")]),
                ("/actions", [("text", "Shadow Chris on a site visit"), ("owner", "e230"), ("due", "2027-02-01")]),
                ("/actions/a1/done", []),
                ("/goals/g1", [("to", "achieved")]),
                ("/check-ins", [("rating", "4"), ("answers", "Going well\nMore site visits"), ("feedback", "Good match")]),
            ]
            for (path, fields) in posts {
                let page = try await client.post(own + path, [("csrf", member.csrf)] + fields, cookies: member.cookie)
                #expect(page.status == .seeOther, "\(path): \(page.body.prefix(500))")
            }
            #expect(try fixture.eventCount() == 7) // meeting, goal, action, done, achieved, check-in, feedback
            let page = try await client.get(own, cookies: member.cookie)
            #expect(page.body.contains("Next meeting: 2 of 12"))
            #expect(page.body.contains("Sam wants &lt;more&gt; field work"))
            #expect(page.body.contains("<s>Shadow Chris on a site visit</s>"))
            #expect(page.body.contains("achieved"))
            #expect(page.body.contains("4 of 5"))
        }
    }
}
