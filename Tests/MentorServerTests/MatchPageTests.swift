import Foundation
import Hummingbird
import MentorCore
import Testing

@testable import MentorServer

/// Matching from the browser: upload, proposal with reasons, accept into the program file.
struct MatchPageTests {
    static let page = "/programs/one-to-one/match"
    static let roster = """
        id,name,grade,department,manager,role,capacity,skills,goals,prefers,pin
        n1,Alex Moreno,14,Parks,,mentor,1,budgeting,,,
        n2,Bea Singh,10,Library,,mentee,,,budgeting,,
        n3,Cy Park,9,Library,,mentee,,,,,

        """

    /// The hidden field `name`'s value in `html`, entities decoded as a browser would.
    static func hidden(_ name: String, in html: String) throws -> String {
        let marker = "name=\"\(name)\" value=\""
        let start = try #require(html.range(of: marker))
        let value = html[start.upperBound...].prefix { $0 != "\"" }
        return value.replacingOccurrences(of: "&#10;", with: "\n").replacingOccurrences(of: "&#13;", with: "\r")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test("a coordinator uploads a roster, sees the proposal and the unmatched with reasons, accepts; the file gains the group")
    func proposeAndAccept() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let session = try await client.signIn("pat.quinn@example.org")
            let form = try await client.get(Self.page, cookies: session.cookie)
            #expect(form.status == .ok)
            #expect(form.body.contains("enctype=\"multipart/form-data\""))
            #expect(form.body.contains("the mentor is at least 2 grades senior"))
            let proposal = try await client.postMultipart(
                Self.page, [("csrf", session.csrf)], files: ["roster": ("roster.csv", Self.roster)],
                cookies: session.cookie)
            #expect(proposal.status == .ok)
            #expect(proposal.body.contains("n1-n2"))
            #expect(
                proposal.body.contains("Alex Moreno can help with Bea Singh&#39;s goal &#39;budgeting&#39;")
                    || proposal.body.contains("Alex Moreno can help with Bea Singh's goal 'budgeting'"))
            #expect(proposal.body.contains("<strong>Cy Park</strong> (mentee)"))
            #expect(
                !FileManager.default.contents(atPath: fixture.file("one-to-one")).map { String(decoding: $0, as: UTF8.self) }!
                    .contains("n1-n2"), "nothing changes before accepting")
            let hash = try Self.hidden("hash", in: proposal.body)
            let roster = try Self.hidden("roster", in: proposal.body)
            #expect(roster == Self.roster, "the roster travels back unchanged")
            let accepted = try await client.post(
                Self.page + "/accept",
                [
                    ("csrf", session.csrf), ("hash", hash), ("roster-name", "roster.csv"),
                    ("roster", roster),
                ], cookies: session.cookie)
            #expect(accepted.status == .ok)
            #expect(accepted.body.contains("1 group was added to the program file"))
            let text = try String(contentsOfFile: fixture.file("one-to-one"), encoding: .utf8)
            #expect(text.contains("n1-n2") && text.contains("Alex Moreno"))
            #expect(try await client.get("/programs/one-to-one/groups/n1-n2", cookies: session.cookie).status == .ok)
            // Accepting the same proposal again: the file changed since, so it is refused and left alone.
            let again = try await client.post(
                Self.page + "/accept",
                [
                    ("csrf", session.csrf), ("hash", hash), ("roster-name", "roster.csv"),
                    ("roster", roster),
                ], cookies: session.cookie)
            #expect(again.status == .conflict)
            #expect(try String(contentsOfFile: fixture.file("one-to-one"), encoding: .utf8) == text)
        }
    }

    @Test("a roster's problems show as roster.csv:LINE:COLUMN with the line and a caret; nothing is proposed")
    func rosterProblems() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let session = try await client.signIn("pat.quinn@example.org")
            let bad = Self.roster.replacingOccurrences(of: "n2,Bea Singh,10,", with: "n2,Bea Singh,ten,")
            let page = try await client.postMultipart(
                Self.page, [("csrf", session.csrf)], files: ["roster": ("team <b>.csv", bad)],
                cookies: session.cookie)
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("team &lt;b&gt;.csv:3:"), "the file name, escaped, with the line")
            #expect(page.body.contains("n2,Bea Singh,ten,Library"))
            #expect(page.body.contains("^"))
            #expect(!page.body.contains("Accept and add"))
            let empty = try await client.postMultipart(Self.page, [("csrf", session.csrf)], files: [:], cookies: session.cookie)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains("Choose the roster"))
        }
    }

    @Test("only the program's coordinators match; the upload form checks CSRF")
    func access() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            #expect(try await client.get(Self.page, cookies: member.cookie).status == .notFound)
            let byMember = try await client.postMultipart(
                Self.page, [("csrf", member.csrf)], files: ["roster": ("r.csv", Self.roster)],
                cookies: member.cookie)
            #expect(byMember.status == .notFound)
            let coordinator = try await client.signIn("pat.quinn@example.org")
            let forged = try await client.postMultipart(
                Self.page, [("csrf", "forged")], files: ["roster": ("r.csv", Self.roster)],
                cookies: coordinator.cookie)
            #expect(forged.status == .forbidden)
            let broken = try await client.postMultipart(
                Self.page + "/accept", [("csrf", coordinator.csrf), ("hash", "0"), ("roster", Self.roster)],
                files: [:], cookies: coordinator.cookie)
            #expect(broken.status == .conflict, "a stale or forged hash changes nothing")
            #expect(!(try String(contentsOfFile: fixture.file("one-to-one"), encoding: .utf8)).contains("n1-n2"))
        }
    }
}
