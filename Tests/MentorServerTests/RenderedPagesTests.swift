import Foundation
import MentorCore
import ShippedPlans
import Testing

@testable import MentorServer

/// Group pages kept between requests (``RenderedPages``): used again only while what they were made
/// from is unchanged, each visitor's own CSRF token in them, never one visitor's page for another.
struct RenderedPagesTests {
    @Test("a kept page is used again only for equal inputs, with the asking session's token where the marker was")
    func keptForEqualInputs() {
        let pages = RenderedPages<String, [Int]>()
        let html = "<form><input name=\"csrf\" value=\"\(pages.marker)\"></form><p>\(pages.marker)</p>"
        let first = pages.keep(html, for: "g1", inputs: [1, 2], csrf: "TOKEN-A")
        #expect(first == "<form><input name=\"csrf\" value=\"TOKEN-A\"></form><p>TOKEN-A</p>")
        #expect(pages.page("g1", inputs: [1, 2], csrf: "TOKEN-B") == "<form><input name=\"csrf\" value=\"TOKEN-B\"></form><p>TOKEN-B</p>")
        #expect(pages.page("g1", inputs: [1, 2, 3], csrf: "TOKEN-B") == nil, "the inputs changed: the page must be made again")
        #expect(pages.page("g2", inputs: [1, 2], csrf: "TOKEN-B") == nil)
        #expect(!pages.marker.isEmpty && RenderedPages<String, [Int]>().marker != pages.marker, "each server has its own marker")
    }

    @Test("a page kept without the visitor's name in its key gets each visitor's name, escaped, where the name marker was")
    func nameFilledIn() {
        let pages = RenderedPages<String, Int>()
        let html = "<span class=\"who\">\(pages.nameMarker)</span><input value=\"\(pages.marker)\"><p>\(pages.marker)</p>"
        #expect(
            pages.keep(html, for: "d", inputs: 1, csrf: "T1", name: "Pat Quinn")
                == "<span class=\"who\">Pat Quinn</span><input value=\"T1\"><p>T1</p>")
        #expect(
            pages.page("d", inputs: 1, csrf: "T2", name: "<b>Kim & \"Lee\"</b>")
                == "<span class=\"who\">&lt;b&gt;Kim &amp; &quot;Lee&quot;&lt;/b&gt;</span><input value=\"T2\"><p>T2</p>")
        #expect(pages.filled("<i>\(pages.nameMarker)</i>", csrf: "T3", name: "O'Neil") == "<i>O&#39;Neil</i>")
        #expect(pages.nameMarker != pages.marker && RenderedPages<String, Int>().nameMarker != pages.nameMarker)
        // Markers at either end, side by side, and the markers' common start followed by anything else (left as it is).
        let other = String(pages.marker.dropLast(4)) + "else"
        #expect(
            pages.filled(pages.marker + pages.nameMarker + other + pages.marker, csrf: "T", name: "N") == "TN" + other + "T")
        #expect(pages.filled("", csrf: "T", name: "N") == "" && pages.filled("plain", csrf: "T") == "plain")
    }

    @Test("two coordinators share one kept dashboard: each sees their own name and token, and no one else's")
    func dashboardOfTwoCoordinators() async throws {
        let one = try #require(ShippedPlans.files.first { $0.path == "Plans/examples/one-to-one.yaml" }).contents
        let text = one.replacingOccurrences(
            of: "coordinators:\n", with: "coordinators:\n  - { id: c2, name: \"Kim <Lee>\", email: kim.lee@example.org }\n")
        #expect(text != one)
        let fixture = try ServerFixture(examples: [], programs: ["one-to-one": text])
        try await fixture.test { client in
            let pat = try await client.signIn("pat.quinn@example.org")
            let kim = try await client.signIn("kim.lee@example.org")
            let first = try await client.get("/programs/one-to-one", cookies: pat.cookie)
            let second = try await client.get("/programs/one-to-one", cookies: kim.cookie)
            #expect(first.status == .ok && second.status == .ok)
            #expect(first.body.contains("<span class=\"who\">Pat Quinn</span>") && first.body.contains("value=\"\(pat.csrf)\""))
            #expect(second.body.contains("<span class=\"who\">Kim &lt;Lee&gt;</span>") && second.body.contains("value=\"\(kim.csrf)\""))
            #expect(!second.body.contains("Pat Quinn</span>") && !second.body.contains(pat.csrf))
            #expect(!first.body.contains("Kim &lt;Lee&gt;</span>") && !first.body.contains(kim.csrf))
            let shared = { (page: String, name: String, csrf: String) in
                page.replacingOccurrences(of: name, with: "NAME").replacingOccurrences(of: csrf, with: "TOKEN")
            }
            #expect(shared(first.body, "Pat Quinn</span>", pat.csrf) == shared(second.body, "Kim &lt;Lee&gt;</span>", kim.csrf))
        }
    }

    @Test("beyond the budget the least recently used pages go first")
    func budget() {
        let pages = RenderedPages<Int, Int>(budget: 1_000)
        let page = String(repeating: "x", count: 300)
        for key in 1...3 { _ = pages.keep(page, for: key, inputs: 0, csrf: "") }
        #expect(pages.held == (3, 900))
        #expect(pages.page(1, inputs: 0, csrf: "") != nil) // 1 is now used more recently than 2 and 3
        _ = pages.keep(page, for: 4, inputs: 0, csrf: "")
        #expect(pages.held.bytes <= 750)
        #expect(pages.page(2, inputs: 0, csrf: "") == nil)
        #expect(pages.page(1, inputs: 0, csrf: "") != nil)
        #expect(pages.page(4, inputs: 0, csrf: "") != nil)
        _ = pages.keep(String(repeating: "y", count: 2_000), for: 5, inputs: 0, csrf: "")
        #expect(pages.page(5, inputs: 0, csrf: "") == nil, "a page larger than the budget is not kept")
    }

    @Test(
        "the group page seen again: each session's own token, what was recorded since (by anyone), and a coordinator never gets a member's page"
    )
    func groupPageAgain() async throws {
        try await twoSessions { client, served, group, first, second in
            #expect(first.csrf != second.csrf)
            let logged = try await client.post(
                AccessTests.own + "/meetings",
                [
                    ("csrf", first.csrf), ("meeting", "1"), ("attendees", "e100"), ("attendees", "e230"),
                    ("covered", "orientation/rapport"), ("notes", "PRIVATE-NOTE kept for the pair"),
                ], cookies: first.cookie)
            #expect(logged.status == .seeOther)
            let seenFirst = try await client.get(AccessTests.own, cookies: first.cookie)
            let seenSecond = try await client.get(AccessTests.own, cookies: second.cookie)
            for (page, own, other) in [(seenFirst, first.csrf, second.csrf), (seenSecond, second.csrf, first.csrf)] {
                #expect(page.status == .ok)
                #expect(page.body.contains("value=\"\(own)\""))
                #expect(!page.body.contains(other), "another session's token is in the page")
                let fields = page.body.components(separatedBy: "name=\"csrf\"").count - 1
                #expect(fields > 1 && page.body.components(separatedBy: "name=\"csrf\" value=\"\(own)\"").count - 1 == fields)
                #expect(page.body.contains("PRIVATE-NOTE"))
            }
            #expect(
                seenFirst.body.replacingOccurrences(of: first.csrf, with: "T")
                    == seenSecond.body.replacingOccurrences(of: second.csrf, with: "T"),
                "the same page for the same member, but for the token")

            // Recorded by another writer (another server, or `mentor action` on the same journal).
            _ = try await served.journal.addAction(group: group, text: "ADDED-ELSEWHERE", date: CalendarDate("2027-02-15"))
            #expect(try await client.get(AccessTests.own, cookies: first.cookie).body.contains("ADDED-ELSEWHERE"))
            // Recorded through the page's form.
            let added = try await client.post(
                AccessTests.own + "/actions", [("csrf", second.csrf), ("text", "ADDED-HERE")], cookies: second.cookie)
            #expect(added.status == .seeOther)
            let again = try await client.get(AccessTests.own, cookies: first.cookie)
            #expect(again.body.contains("ADDED-HERE") && again.body.contains("ADDED-ELSEWHERE"))

            // The coordinator asks after the members' page was kept: their own page, without notes or forms.
            let coordinator = try await client.signIn("pat.quinn@example.org")
            let seen = try await client.get(AccessTests.own, cookies: coordinator.cookie)
            #expect(seen.status == .ok)
            #expect(!seen.body.contains("PRIVATE-NOTE"))
            #expect(!seen.body.contains("action=\"\(AccessTests.own)/meetings\""), "coordinators get no forms")
            #expect(seen.body.contains("ADDED-HERE"))
            // And the other member, after both: their own name in the header.
            let mentor = try await client.signIn("dana.ruiz@example.org")
            let theirs = try await client.get(AccessTests.own, cookies: mentor.cookie)
            #expect(theirs.body.contains("<span class=\"who\">Dana Ruiz</span>"))
            #expect(!theirs.body.contains("<span class=\"who\">Sam Lin</span>"))
            #expect(theirs.body.contains("PRIVATE-NOTE"))
        }
    }

    @Test("the home page seen again: each session's own token, and what was recorded since for any of the visitor's groups")
    func homePageAgain() async throws {
        try await twoSessions { client, served, group, first, second in
            let before = try await client.get("/", cookies: first.cookie)
            #expect(before.status == .ok && before.body.contains("ruiz-lin"))
            let again = try await client.get("/", cookies: second.cookie)
            #expect(again.body.contains("value=\"\(second.csrf)\"") && !again.body.contains(first.csrf))
            #expect(
                before.body.replacingOccurrences(of: first.csrf, with: "T") == again.body.replacingOccurrences(of: second.csrf, with: "T"))
            _ = try await served.journal.addAction(group: group, text: "ADDED-ELSEWHERE", date: CalendarDate("2027-02-15"))
            #expect(try await client.get("/", cookies: first.cookie).body.contains("ADDED-ELSEWHERE"))
            // Another member of the same group: their own header and card.
            let mentor = try await client.signIn("dana.ruiz@example.org")
            let theirs = try await client.get("/", cookies: mentor.cookie)
            #expect(theirs.body.contains("<span class=\"who\">Dana Ruiz</span>") && theirs.body.contains("ADDED-ELSEWHERE"))
            #expect(!theirs.body.contains("<span class=\"who\">Sam Lin</span>"))
        }
    }

    typealias Session = (cookie: String, csrf: String)

    /// The example programs served; `body` gets the one-to-one program, its group ruiz-lin and
    /// two sessions of one of its members (Sam Lin).
    private func twoSessions(_ body: @Sendable (Client, ServedProgram, ProgramGroup, Session, Session) async throws -> Void) async throws {
        let fixture = try ServerFixture()
        let served = try #require(fixture.programs.first { $0.program.id == "one-to-one" })
        let group = try #require(served.program.group("ruiz-lin"))
        try await fixture.test { client in
            let first = try await client.signIn("sam.lin@example.org")
            let second = try await client.signIn("sam.lin@example.org")
            try await body(client, served, group, first, second)
        }
    }
}
