import Foundation
import Hummingbird
import MentorCore
import MentorStore
import Testing

@testable import MentorServer

/// Sign-in by one-time link: sent only to known addresses (the page says the same either way),
/// stored hashed, single use, expiring, rate-limited; sessions end on sign-out.
struct SignInTests {
    @Test("known and unknown addresses get the same page; only a known one gets mail")
    func samePage() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let form = try await client.get("/sign-in")
            let cookie = try #require(Client.cookie(FormMiddleware.cookie, in: form))
            let csrf = try #require(form.csrf)
            let known = try await client.post("/sign-in", [("csrf", csrf), ("email", "Dana.Ruiz@Example.org")], cookies: cookie)
            #expect(fixture.mail().count == 1)
            let unknown = try await client.post("/sign-in", [("csrf", csrf), ("email", "stranger@example.org")], cookies: cookie)
            #expect(fixture.mail().count == 1)
            #expect(known.status == unknown.status)
            #expect(known.body == unknown.body)
            let message = try #require(fixture.mail().first)
            #expect(message.contains("To: dana.ruiz@example.org"))
            #expect(message.contains("Subject: Your sign-in link for MentorKit"))
        }
    }

    @Test("a link works once; its token is stored hashed; the session cookie is HttpOnly and SameSite=Lax")
    func singleUse() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await client.signIn("dana.ruiz@example.org")
            let link = try #require(fixture.lastLink())
            let token = String(link.split(separator: "/").last ?? "")
            let path = "/sign-in/" + token
            #expect(try await client.get(path).status == .notFound) // used
            #expect(try fixture.store.records(kind: .signInToken, key: token).isEmpty)
            #expect(try fixture.store.records(kind: .signInToken, key: SignIn.hash(token)).count == 1)
            // A new link, opened: the cookie's attributes.
            let form = try await client.get("/sign-in")
            let cookie = try #require(Client.cookie(FormMiddleware.cookie, in: form))
            _ = try await client.post("/sign-in", [("csrf", try #require(form.csrf)), ("email", "dana.ruiz@example.org")], cookies: cookie)
            let fresh = try #require(fixture.lastLink()?.split(separator: "/").last)
            let opened = try await client.get("/sign-in/\(fresh)")
            let setCookie = try #require(opened.headers[values: .setCookie].first { $0.hasPrefix("mentor_session=") })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(!setCookie.contains("Secure")) // served over plain HTTP here
            #expect(opened.headers[.location] == "/")
        }
    }

    @Test("a link older than 15 minutes doesn't work")
    func expiry() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let form = try await client.get("/sign-in")
            let cookie = try #require(Client.cookie(FormMiddleware.cookie, in: form))
            _ = try await client.post("/sign-in", [("csrf", try #require(form.csrf)), ("email", "dana.ruiz@example.org")], cookies: cookie)
            let token = try #require(fixture.lastLink()?.split(separator: "/").last)
            fixture.clock.advance(15 * 60 + 1)
            let page = try await client.get("/sign-in/\(token)")
            #expect(page.status == .notFound)
            #expect(page.body.contains("doesn&#39;t work any more") || page.body.contains("doesn't work any more"))
        }
    }

    @Test("signing out ends the session, also for a copy of the cookie")
    func signOut() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let out = try await client.post("/sign-out", [("csrf", member.csrf)], cookies: member.cookie)
            #expect(out.status == .seeOther)
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("mentor_session=;") })
            let after = try await client.get("/", cookies: member.cookie)
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/sign-in")
        }
    }

    @Test("an address may ask for 5 links an hour, and a client for 20; more are answered the same but not sent")
    func rateLimits() async throws {
        let fixture = try ServerFixture(limits: SignInLimits(perAddress: 5, perClient: 8))
        try await fixture.test { client in
            let form = try await client.get("/sign-in")
            let cookie = try #require(Client.cookie(FormMiddleware.cookie, in: form))
            let csrf = try #require(form.csrf)
            var bodies: Set<String> = []
            for _ in 1...7 {
                bodies.insert(
                    try await client.post("/sign-in", [("csrf", csrf), ("email", "dana.ruiz@example.org")], cookies: cookie).body)
            }
            #expect(fixture.mail().count == 5)
            #expect(bodies.count == 1)
            _ = try await client.post("/sign-in", [("csrf", csrf), ("email", "sam.lin@example.org")], cookies: cookie)
            #expect(fixture.mail().count == 6) // the 8th request from this client
            _ = try await client.post("/sign-in", [("csrf", csrf), ("email", "leah.brandt@example.org")], cookies: cookie)
            #expect(fixture.mail().count == 6) // the client's 9th: refused
            fixture.clock.advance(3601)
            _ = try await client.post("/sign-in", [("csrf", csrf), ("email", "leah.brandt@example.org")], cookies: cookie)
            #expect(fixture.mail().count == 7) // an hour later
        }
    }

    @Test("sessions live in the journal: a second server on the same journal accepts them")
    func sessionsSurviveRestart() async throws {
        let fixture = try ServerFixture()
        let member = try await fixture.test { client in try await client.signIn("dana.ruiz@example.org") }
        let status = try await fixture.test { client in try await client.get(AccessTests.own, cookies: member.cookie).status }
        #expect(status == .ok)
    }
}
