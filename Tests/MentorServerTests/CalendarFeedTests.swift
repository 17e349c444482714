import Foundation
import HTTPTypes
import Hummingbird
import TestSupport
import Testing

@testable import MentorServer

/// Private calendar subscriptions (issue 16 item 3): made on the home page, served without a
/// session to whoever holds the link, following moved meetings, replaced by a new link.
struct CalendarFeedTests {
    /// The feed's path from the page that shows a new link.
    static func link(in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: /\/calendar\/[A-Za-z0-9_-]+\.ics/), "no calendar link in the page")
        return String(match.output)
    }

    @Test("a member's feed lists their meetings and program events, follows a move, and stops when replaced")
    func feed() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("sam.lin@example.org")
            let home = try await client.get("/", cookies: member.cookie)
            #expect(home.body.contains("Make my calendar link"))
            let made = try await client.post("/calendar", [("csrf", member.csrf)], cookies: member.cookie)
            #expect(made.status == .ok)
            let path = try Self.link(in: made.body)

            let feed = try await client.get(path) // no cookie: a calendar app has no session
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.body.contains("UID:one-to-one-ruiz-lin-1@mentorkit\r\n"))
            #expect(!feed.body.contains("brandt-aziz"), "only the person's own groups")
            #expect(feed.body.contains("UID:one-to-one-event-kickoff@mentorkit\r\n"))
            #expect(!feed.body.contains("one-to-one-event-mentor-training"), "a training for mentors is not in a mentee's feed")
            #expect(feed.body.contains("TZID:America/Chicago"))

            let moved = try await client.post(
                AccessTests.own + "/meetings/change",
                [
                    ("csrf", member.csrf), ("meeting", "3"),
                    ("to", "2027-03-17"),
                ], cookies: member.cookie)
            #expect(moved.status == .seeOther)
            let refreshed = try await client.get(path)
            #expect(
                refreshed.body.contains(
                    "UID:one-to-one-ruiz-lin-3@mentorkit\r\nDTSTAMP:20270111T000000Z\r\n"
                        + "DTSTART;TZID=America/Chicago:20270317T093000\r\n"), "the refresh sees the meeting moved")
            #expect(refreshed.body.contains("SEQUENCE:1\r\n"))

            let again = try await client.post("/calendar", [("csrf", member.csrf)], cookies: member.cookie)
            let newPath = try Self.link(in: again.body)
            #expect(newPath != path)
            #expect(try await client.get(path).status == .notFound, "a new link stops the old one")
            #expect(try await client.get(newPath).status == .ok)
            #expect(try await client.get("/", cookies: member.cookie).body.contains("You made a calendar link on"))
            #expect(try await client.get("/calendar/nonsense.ics").status == .notFound)
            #expect(try await client.post("/calendar", [], cookies: member.cookie).status == .forbidden, "CSRF is checked")
            #expect(try await client.post("/calendar", [("csrf", "none")]).status == .forbidden, "signed out")
        }
    }

    @Test("python's icalendar reads the feed")
    func realParser() async throws {
        guard Required.havePython(importing: "icalendar") else { return }
        let fixture = try ServerFixture()
        let body = try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let made = try await client.post("/calendar", [("csrf", member.csrf)], cookies: member.cookie)
            return try await client.get(try Self.link(in: made.body)).body
        }
        let file = FileManager.default.temporaryDirectory.appending(path: "feed-\(UUID().uuidString).ics")
        try Data(body.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script =
            "import sys; from icalendar import Calendar; c = Calendar.from_ical(open(sys.argv[1],'rb').read()); "
            + "e = list(c.walk('VEVENT')); assert len(e) == 12 + 4, len(e); "
            + "assert all(x.decoded('DTSTART').tzinfo is not None for x in e)"
        #expect(try Self.run(["python3", "-c", script, file.path]) == 0)
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
