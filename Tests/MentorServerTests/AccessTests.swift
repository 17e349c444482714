import Foundation
import Hummingbird
import Testing

@testable import MentorServer

/// Who sees what: roles × routes, and CSRF on every form.
struct AccessTests {
    enum Role: String, CaseIterable, Sendable {
        case member, otherProgramMember, coordinator, nobody

        var email: String? {
            switch self {
            case .member: return "dana.ruiz@example.org" // mentor of ruiz-lin (one-to-one)
            case .otherProgramMember: return "rosa.diaz@example.org" // mentor of diaz-circle (circle)
            case .coordinator: return "pat.quinn@example.org" // coordinator of one-to-one
            case .nobody: return nil
            }
        }
    }

    static let own = "/programs/one-to-one/groups/ruiz-lin"
    static let otherGroup = "/programs/one-to-one/groups/brandt-aziz"
    static let otherProgram = "/programs/circle/groups/diaz-circle"
    static let missing = "/programs/one-to-one/groups/no-such-group"
    static let missingProgram = "/programs/no-such-program/groups/ruiz-lin"

    /// Expected status of GET route × role (303 goes to /sign-in).
    static let table: [(route: String, expected: [Role: Int])] = [
        ("/", [.member: 200, .otherProgramMember: 200, .coordinator: 200, .nobody: 303]),
        (own, [.member: 200, .otherProgramMember: 404, .coordinator: 200, .nobody: 303]),
        (otherGroup, [.member: 404, .otherProgramMember: 404, .coordinator: 200, .nobody: 303]),
        (otherProgram, [.member: 404, .otherProgramMember: 200, .coordinator: 404, .nobody: 303]),
        (missing, [.member: 404, .otherProgramMember: 404, .coordinator: 404, .nobody: 303]),
        (missingProgram, [.member: 404, .otherProgramMember: 404, .coordinator: 404, .nobody: 303]),
        // The coordinators' dashboard and downloads: the program's coordinators only.
        ("/programs/one-to-one", [.member: 404, .otherProgramMember: 404, .coordinator: 200, .nobody: 303]),
        ("/programs/one-to-one/report.json", [.member: 404, .otherProgramMember: 404, .coordinator: 200, .nobody: 303]),
        ("/programs/one-to-one/report.csv", [.member: 404, .otherProgramMember: 404, .coordinator: 200, .nobody: 303]),
        ("/programs/circle", [.member: 404, .otherProgramMember: 404, .coordinator: 404, .nobody: 303]),
        ("/programs/circle/report.csv", [.member: 404, .otherProgramMember: 404, .coordinator: 404, .nobody: 303]),
        ("/programs/no-such-program", [.member: 404, .otherProgramMember: 404, .coordinator: 404, .nobody: 303]),
    ]

    @Test(
        "roles × routes: members see their groups, coordinators their program's, others 404, nobody is sent to sign in",
        arguments: Role.allCases)
    func rolesAndRoutes(role: Role) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var cookie = ""
            if let email = role.email { cookie = try await client.signIn(email).cookie }
            for (route, expected) in Self.table {
                let page = try await client.get(route, cookies: cookie)
                #expect(Int(page.status.code) == expected[role], "\(role) GET \(route)")
                if page.status == .seeOther { #expect(page.headers[.location] == "/sign-in") }
            }
            // Another group's page looks exactly like a group that does not exist.
            if role == .member {
                let other = try await client.get(Self.otherGroup, cookies: cookie)
                let none = try await client.get(Self.missing, cookies: cookie)
                #expect(other.body == none.body)
            }
        }
    }

    @Test(
        "forms: only members record; a coordinator gets 403, another program's member 404, nobody a redirect",
        arguments: Role.allCases)
    func formsByRole(role: Role) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var cookie = ""
            var csrf = "none"
            if let email = role.email { (cookie, csrf) = try await client.signIn(email) }
            let page = try await client.post(Self.own + "/goals", [("csrf", csrf), ("text", "Lead a project")], cookies: cookie)
            let expected: [Role: HTTPResponse.Status] = [
                .member: .seeOther, .otherProgramMember: .notFound,
                .coordinator: .forbidden, .nobody: .forbidden,
            ]
            #expect(page.status == expected[role])
            #expect(try fixture.eventCount() == (role == .member ? 1 : 0))
            // Attendance at a program event: the program's coordinators only.
            let attendance = try await client.post(
                "/programs/one-to-one/events/kickoff/attendance",
                [("csrf", csrf), ("attendees", "e100")], cookies: cookie)
            let recorded: [Role: HTTPResponse.Status] = [
                .member: .notFound, .otherProgramMember: .notFound,
                .coordinator: .seeOther, .nobody: .forbidden,
            ]
            #expect(attendance.status == recorded[role])
            #expect(try await fixture.programs[0].journal.attendance().isEmpty == (role != .coordinator))
        }
    }

    @Test("a coordinator sees the group without private notes, confidential notes or exit reasons; members see them")
    func coordinatorRedaction() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("sam.lin@example.org")
            let logged = try await client.post(
                Self.own + "/meetings",
                [
                    ("csrf", member.csrf), ("meeting", "1"), ("attendees", "e100"), ("attendees", "e230"),
                    ("covered", "orientation/rapport"), ("notes", "PRIVATE-NOTE weighing a transfer"),
                ], cookies: member.cookie)
            #expect(logged.status == .seeOther)
            let exit = try await client.post(
                Self.own + "/exit", [("csrf", member.csrf), ("reason", "SECRET-REASON"), ("confirm", "yes")],
                cookies: member.cookie)
            #expect(exit.status == .seeOther)
            let seenByMember = try await client.get(Self.own, cookies: member.cookie)
            #expect(seenByMember.body.contains("PRIVATE-NOTE"))
            #expect(seenByMember.body.contains("SECRET-REASON"))
            let coordinator = try await client.signIn("pat.quinn@example.org")
            let seen = try await client.get(Self.own, cookies: coordinator.cookie)
            #expect(seen.status == .ok)
            #expect(!seen.body.contains("PRIVATE-NOTE"))
            #expect(!seen.body.contains("SECRET-REASON"))
            #expect(seen.body.contains("Meeting 1"))
            #expect(seen.body.contains("as a coordinator"))
            #expect(!seen.body.contains("action=\"\(Self.own)/meetings\""), "coordinators get no forms")
        }
    }

    @Test("a member moves and cancels a meeting from the page; the schedule shows it; a coordinator may not", arguments: Role.allCases)
    func moveMeeting(role: Role) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var cookie = ""
            var csrf = "none"
            if let email = role.email { (cookie, csrf) = try await client.signIn(email) }
            let moved = try await client.post(
                Self.own + "/meetings/change",
                [
                    ("csrf", csrf), ("meeting", "3"), ("to", "2027-03-17"),
                    ("time", "15:00"), ("reason", "audit week"),
                ], cookies: cookie)
            let cancelled = try await client.post(
                Self.own + "/meetings/change", [("csrf", csrf), ("meeting", "4"), ("cancel", "yes")],
                cookies: cookie)
            let expected: [Role: HTTPResponse.Status] = [
                .member: .seeOther, .otherProgramMember: .notFound,
                .coordinator: .forbidden, .nobody: .forbidden,
            ]
            #expect(moved.status == expected[role] && cancelled.status == expected[role])
            #expect(try fixture.eventCount() == (role == .member ? 2 : 0))
            guard role == .member else { return }
            let page = try await client.get(Self.own, cookies: cookie)
            #expect(page.body.contains("<tr class=\"moved\"><td>3</td><td>2027-03-17</td><td>15:00</td>"), "\(page.body)")
            #expect(page.body.contains("<tr class=\"cancelled\"><td>4</td>"))
        }
    }

    @Test("a POST without the CSRF token, or with another, is refused with 403 and records nothing")
    func csrf() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let forms: [(String, [(String, String)])] = [
                ("/meetings", [("meeting", "1"), ("attendees", "e100")]), ("/goals", [("text", "A goal")]),
                ("/actions", [("text", "An action")]), ("/check-ins", [("rating", "4")]),
                ("/exit", [("confirm", "yes")]), ("/meetings/change", [("meeting", "3"), ("cancel", "yes")]),
            ]
            for (path, fields) in forms {
                for token in [nil, "0123", String(repeating: "a", count: 64)] {
                    let page = try await client.post(Self.own + path, fields + (token.map { [("csrf", $0)] } ?? []), cookies: member.cookie)
                    #expect(page.status == .forbidden, "\(path) with csrf \(token ?? "missing")")
                }
            }
            let signOut = try await client.post("/sign-out", [], cookies: member.cookie)
            #expect(signOut.status == .forbidden)
            let signIn = try await client.post("/sign-in", [("email", "dana.ruiz@example.org")])
            #expect(signIn.status == .forbidden)
            #expect(try fixture.eventCount() == 0)
            // The session is still good: the refused sign-out did nothing.
            #expect(try await client.get("/", cookies: member.cookie).status == .ok)
        }
    }

    @Test("every response carries a Content-Security-Policy and frame protection")
    func securityHeaders() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for path in ["/sign-in", "/", "/style.css", "/sign-in/nonsense"] {
                let page = try await client.get(path)
                #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(path)")
                #expect(page.headers[.xFrameOptions] == "DENY", "\(path)")
                #expect(page.headers[.referrerPolicy] == "no-referrer", "\(path)")
            }
        }
    }
}
