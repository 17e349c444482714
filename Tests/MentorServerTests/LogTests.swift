import Foundation
import Testing

@testable import MentorServer

/// Requests are logged (method, path, status, time) and nothing private reaches the log: no
/// address, no sign-in token, no session cookie, no form field.
struct LogTests {
    @Test("each request is logged without addresses, tokens, cookies or form contents")
    func nothingPrivate() async throws {
        let fixture = try ServerFixture()
        let log = LogLines()
        try await fixture.test(log: log) { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let logged = try await client.post(
                AccessTests.own + "/meetings",
                [
                    ("csrf", member.csrf), ("meeting", "1"), ("attendees", "e100"), ("notes", "PRIVATE-NOTE about a transfer"),
                ], cookies: member.cookie)
            #expect(logged.status == .seeOther)
            _ = try await client.post(
                AccessTests.own + "/exit", [("csrf", member.csrf), ("reason", "SECRET-REASON")], cookies: member.cookie)
        }
        let lines = log.all
        #expect(lines.contains { $0.contains("GET /sign-in 200") })
        #expect(lines.contains { $0.contains("GET /sign-in/… 303") })
        #expect(lines.contains { $0.contains("POST \(AccessTests.own)/meetings 303") && $0.contains("ms=") })
        let token = try #require(fixture.lastLink()?.split(separator: "/").last.map(String.init))
        for secret in ["dana.ruiz", "example.org", "PRIVATE-NOTE", "SECRET-REASON", token, "mentor_session"] {
            #expect(!lines.contains { $0.contains(secret) }, "the log holds '\(secret)'")
        }
    }
}
