import Foundation
import Hummingbird
import MentorCore
import Testing

@testable import MentorServer

/// Servers read a program file again when it changes: what one server (or a coordinator's editor)
/// writes, every server sharing the folder serves from its next request.
struct ProgramCatalogTests {
    @Test("a changed program file is served from the next request; a broken one keeps the last good version")
    func reload() async throws {
        let fixture = try ServerFixture()
        let path = fixture.file("one-to-one")
        try await fixture.test { client in
            let coordinator = try await client.signIn("pat.quinn@example.org")
            #expect(try await client.get("/programs/one-to-one/groups/lin-okafor", cookies: coordinator.cookie).status == .notFound)
            // Another server accepts a match: the file gains a group (written whole, as AtomicFile does).
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let added = text.replacingOccurrences(of: "groups:\n", with: "groups:\n  - { id: lin-okafor, mentor: e310, mentees: [e230] }\n")
            #expect(added != text)
            try added.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.get("/programs/one-to-one/groups/lin-okafor", cookies: coordinator.cookie).status == .ok)
            #expect(try await client.get("/programs/one-to-one", cookies: coordinator.cookie).body.contains(">lin-okafor</a>"))
            // Chris Okafor is a mentor now: he can sign in and see his group.
            let chris = try await client.signIn("chris.okafor@example.org")
            #expect(try await client.get("/", cookies: chris.cookie).body.contains("lin-okafor"))
            // A file that no longer loads: the last good version stays served.
            try (added + "\nthis is: [not, valid\n").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.get("/programs/one-to-one/groups/lin-okafor", cookies: coordinator.cookie).status == .ok)
        }
    }
}
