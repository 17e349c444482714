import Foundation
import Hummingbird
import MentorCore
import MentorStore

/// The coordinators' side: a program's dashboard (charts, the groups table with filters, events
/// and their attendance), the report as JSON and CSV, and recording who came to an event. Only the
/// program's coordinators reach these; for anyone else they look like pages that don't exist.
/// What they show follows `mentor report`'s rules: no private notes, answers or exit reasons.
extension Routes {
    func addDashboard(to router: Router<ServerContext>) {
        router.get("/programs/:program") { request, context in try await dashboard(request, context) }
        router.get("/programs/:program/report.json") { _, context in
            try await download(context, type: "application/json; charset=utf-8", file: "report.json") { try ReportRenderer.json($0) }
        }
        router.get("/programs/:program/report.csv") { _, context in
            try await download(context, type: "text/csv; charset=utf-8", file: "report.csv") { ReportRenderer.csv($0) }
        }
        router.post("/programs/:program/events/:event/attendance") { _, context in try await recordAttendance(context) }
    }

    /// The program the URL names when the visitor coordinates it.
    private func coordinated(_ context: ServerContext) -> ServedProgram? {
        guard let visitor = context.identity, let id = context.parameters.get("program"),
            let served = programs.first(where: { $0.program.id == id }),
            served.program.coordinator(email: visitor.email) != nil
        else { return nil }
        return served
    }

    private func dashboard(_ request: Request, _ context: ServerContext) async throws -> Response {
        guard let visitor = context.identity else { return Pages.redirect("/sign-in") }
        guard let served = coordinated(context) else { return notFound(context) }
        let made = try await reports.report(for: served, today: Self.today(configuration))
        let query = DashboardQuery(request.uri.queryParameters)
        var values = DashboardPage(
            served: served, report: made.report, query: query, attendance: made.attendance,
            csrf: visitor.csrf
        ).values()
        values["visitor"] = ["name": visitor.name(in: programs), "csrf": visitor.csrf]
        if let recorded = request.uri.queryParameters["recorded"], let event = served.program.events.first(where: { $0.id == recorded }) {
            values["recorded"] = event.title
        }
        return Pages.html(pages.page("dashboard", title: served.program.name, values))
    }

    private func download(
        _ context: ServerContext, type: String, file: String,
        render: (ProgramReport) throws -> String
    ) async throws -> Response {
        guard context.identity != nil else { return Pages.redirect("/sign-in") }
        guard let served = coordinated(context) else { return notFound(context) }
        let report = try await reports.report(for: served, today: Self.today(configuration)).report
        return Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(served.program.id)-\(file)\""],
            body: .init(byteBuffer: ByteBuffer(string: try render(report))))
    }

    /// Records who came to a program event, as `mentor attend` does; back to the dashboard.
    private func recordAttendance(_ context: ServerContext) async throws -> Response {
        guard context.identity != nil else { return Pages.redirect("/sign-in") }
        guard let served = coordinated(context), let id = context.parameters.get("event"),
            let event = served.program.events.first(where: { $0.id == id })
        else { return notFound(context) }
        let attendees = context.form.all("attendees")
        guard !attendees.isEmpty else {
            return message(
                "Nobody was ticked", "Tick the people who came to \(event.title), then record.",
                back: "/programs/\(served.program.id)#event-\(event.id)", status: .unprocessableContent)
        }
        do {
            try await served.journal.recordAttendance(event: event.id, attendees: attendees)
        } catch .rejected(let problems) {
            return message(
                "Attendance not recorded", problems.map(\.message).joined(separator: "; ") + ". Nothing was recorded.",
                back: "/programs/\(served.program.id)#event-\(event.id)", status: .unprocessableContent)
        } catch .store(let error) {
            throw HTTPError(.internalServerError, message: "the journal failed: \(error)")
        }
        return Pages.redirect("/programs/\(served.program.id)?recorded=\(event.id)#event-\(event.id)")
    }

    private func message(_ heading: String, _ text: String, back: String, status: HTTPResponse.Status) -> Response {
        Pages.html(
            pages.page("message", title: heading, ["heading": heading, "text": text, "link": back, "linkText": "Back to the dashboard"]),
            status: status)
    }

    /// The day reports are made for: the configured one, else today by the server's clock (UTC).
    static func today(_ configuration: ServerConfiguration) -> CalendarDate {
        configuration.today ?? CalendarDate(daysSinceEpoch: Int((configuration.clock().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// Whole-program reports, kept until the journal changes. Every group's folded state and report
/// part (``ProgramReport/GroupPart``) are kept too: when events were added since (by this server,
/// another server on the same journal, or the CLI), only the groups they belong to are read,
/// folded and reported again, and the report is summed anew from the parts. A dashboard shown
/// many times costs one fold of the journal, and a write one group's. Requests that arrive while
/// a report is being made wait for that one.
actor ReportCache {
    private struct Key: Hashable {
        var program: String
        /// The program file's version: a changed file (a match accepted) makes the report again.
        var version: String
        var revision: JournalRevision
        var day: CalendarDate
    }

    /// Every group's state and part as of an event sequence number and a day.
    private struct Folded: Sendable {
        var version: String
        var sequence: Int64
        var day: CalendarDate
        var states: [String: GroupState]
        var parts: [String: ProgramReport.GroupPart]
    }

    /// A report and who came to each program event, read once for both (the dashboard's forms need the names).
    struct Made: Sendable {
        var report: ProgramReport
        var attendance: [String: Set<String>]
    }

    private var made: [String: (key: Key, task: Task<Made, any Error>)] = [:]
    /// The newest fold of each program, running or done. Each fold starts from the one before it,
    /// so folds never run side by side: a request that comes while the journal is being read
    /// waits for that read and then folds only what was written meanwhile.
    private var latest: [String: Task<Folded, any Error>] = [:]

    /// `served`'s report for `today`, from the cache when the journal has not changed.
    func report(for served: ServedProgram, today: CalendarDate) async throws -> Made {
        let journal = served.journal
        let key = Key(program: served.program.id, version: served.version, revision: try await journal.revision(), day: today)
        if let entry = made[key.program], entry.key == key { return try await entry.task.value }
        let previous = latest[key.program]
        let fold = Task { () async throws -> Folded in
            var before = try? await previous?.value // a failed fold is started over
            if before?.version != served.version { before = nil } // a changed program file: every group again
            // Read after the revision: a state may already hold later events, which only folds them again next time.
            var now = Folded(version: served.version, sequence: key.revision.events, day: today, states: [:], parts: [:])
            var changed: Set<String>? = nil // nil: every group
            if let before {
                now.sequence = max(now.sequence, before.sequence)
                (now.states, changed) = try await journal.refreshed(before.states, since: before.sequence)
                if before.day == today { now.parts = before.parts } else { changed = nil }
            } else {
                now.states = try await journal.summary().states
            }
            let (program, builder, states) = (served.program, served.builder, now.states)
            let todo = program.groups.filter { changed?.contains($0.id) ?? true || now.parts[$0.id] == nil }
            // A plugin type's parts ask the plugin (agendas, measures): off the cooperative threads.
            let parts = try await served.callingType { () throws(ProgramTypeError) in
                var parts: [(String, ProgramReport.GroupPart)] = []
                for group in todo {
                    parts.append(
                        (
                            group.id,
                            try ProgramReport.part(
                                of: group, program: program, builder: builder,
                                state: states[group.id], today: today)
                        ))
                }
                return parts
            }
            for (id, part) in parts { now.parts[id] = part }
            return now
        }
        latest[key.program] = fold
        let task = Task { () async throws -> Made in
            let now = try await fold.value
            let attendance = try await journal.attendance()
            return Made(
                report: ProgramReport.whole(
                    program: served.program, parts: served.program.groups.compactMap { now.parts[$0.id] },
                    today: today, attendance: attendance),
                attendance: attendance)
        }
        made[key.program] = (key, task)
        do {
            return try await task.value
        } catch {
            if made[key.program]?.key == key { made[key.program] = nil } // a failure is not kept
            throw error
        }
    }
}

/// The dashboard's filters, sorting and page, from the query string; anything unknown falls back
/// to the default.
struct DashboardQuery: Equatable {
    enum Show: String, CaseIterable {
        case all
        case atRisk = "at-risk"
        case onTrack = "on-track"
        case ended
    }
    enum Sort: String, CaseIterable {
        case group, held
        case lastMeeting = "last-meeting"
        case rating
    }

    var show: Show = .all
    var mentor: String?
    var sort: Sort = .group
    var page = 1

    static let pageSize = 100

    init(_ parameters: Parameters) {
        show = parameters["show"].flatMap { Show(rawValue: String($0)) } ?? .all
        mentor = parameters["mentor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        sort = parameters["sort"].flatMap { Sort(rawValue: String($0)) } ?? .group
        page = parameters["page"].flatMap { Int($0) }.map { max(1, min($0, 100_000)) } ?? 1
    }

    /// The query string of these settings on another page.
    func link(page: Int) -> String {
        var parts = ["show=\(show.rawValue)", "sort=\(sort.rawValue)", "page=\(page)"]
        if let mentor { parts.append("mentor=\(mentor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        return "?" + parts.joined(separator: "&")
    }

    /// Mentors listed in the mentor filter's menu, at most; a larger program gets a text field
    /// instead (a menu of two thousand names is no help, and was half of the page's size).
    static let mentorMenuLimit = 60

    /// The ids of the mentors (and peers) `mentor` picks in `program`: the one with that id, else
    /// every one whose name contains it (any case); nil when there is no mentor filter.
    func mentorIDs(in program: Program) -> Set<String>? {
        guard let mentor else { return nil }
        let ids = Set(program.groups.compactMap(\.mentor) + program.groups.flatMap(\.peers))
        if ids.contains(mentor) { return [mentor] }
        let wanted = mentor.trimmingCharacters(in: .whitespaces)
        return Set(program.people.filter { ids.contains($0.id) && $0.name.range(of: wanted, options: .caseInsensitive) != nil }.map(\.id))
    }

    /// The report's groups that pass the filters, in the chosen order.
    func groups(of report: ProgramReport, in program: Program) -> [ProgramReport.Group] {
        let byID = Dictionary(program.groups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let mentors = mentorIDs(in: program)
        var groups = report.groups.filter { group in
            switch show {
            case .all: break
            case .atRisk: if group.exitBy != nil || group.risks.isEmpty { return false }
            case .onTrack: if group.exitBy != nil || !group.risks.isEmpty { return false }
            case .ended: if group.exitBy == nil { return false }
            }
            guard let mentors else { return true }
            guard let listed = byID[group.group] else { return false }
            return listed.mentor.map(mentors.contains) ?? false || listed.peers.contains(where: mentors.contains)
        }
        switch sort {
        case .group: break // the program file's order
        case .held:
            groups.sort { a, b in
                let left = a.held * max(b.planned, 1)
                let right = b.held * max(a.planned, 1)
                return left != right ? left < right : a.group < b.group
            }
        case .lastMeeting:
            groups.sort { a, b in
                switch (a.lastMeeting, b.lastMeeting) {
                case (nil, nil): return a.group < b.group
                case (nil, _): return true
                case (_, nil): return false
                case (let x?, let y?): return x != y ? x < y : a.group < b.group
                }
            }
        case .rating:
            func average(_ group: ProgramReport.Group) -> Double {
                group.ratings.isEmpty ? 6 : Double(group.ratings.reduce(0, +)) / Double(group.ratings.count)
            }
            groups.sort { a, b in average(a) != average(b) ? average(a) < average(b) : a.group < b.group }
        }
        return groups
    }
}

/// The dashboard's values for its template.
struct DashboardPage {
    let served: ServedProgram
    let report: ProgramReport
    let query: DashboardQuery
    let attendance: [String: Set<String>]
    let csrf: String

    func values() -> [String: Any] {
        let program = served.program
        let base = "/programs/\(program.id)"
        let filtered = query.groups(of: report, in: program)
        let pages = max(1, (filtered.count + DashboardQuery.pageSize - 1) / DashboardQuery.pageSize)
        let page = min(query.page, pages)
        let shown = filtered.dropFirst((page - 1) * DashboardQuery.pageSize).prefix(DashboardQuery.pageSize)
        let rows: [[String: Any]] = shown.map { group in
            let goals = group.goalsOpen + group.goalsAchieved + group.goalsDropped
            return [
                "id": group.group, "path": "\(base)/groups/\(group.group)", "members": group.members.joined(separator: ", "),
                "held": "\(group.held) / \(group.planned)", "last": ReportRenderer.lastMeeting(group),
                "goals": "\(group.goalsAchieved) / \(goals)", "checkIns": "\(group.checkInsDone) / \(group.checkInsDue)",
                "rating": ReportRenderer.rating(group.ratings), "status": ReportRenderer.status(group),
                "class": group.exitBy != nil ? "ended" : group.risks.isEmpty ? "ok" : "risk",
            ]
        }
        let mentorIDs = Set(program.groups.compactMap(\.mentor) + program.groups.flatMap(\.peers))
        let listed = program.people.filter { mentorIDs.contains($0.id) }
        let mentors: [[String: Any]] =
            listed.count > DashboardQuery.mentorMenuLimit
            ? []
            : listed.map { person in
                ["id": person.id, "name": person.name, "selected": person.id == query.mentor]
            }
        let first = filtered.isEmpty ? 0 : (page - 1) * DashboardQuery.pageSize + 1
        var values: [String: Any] = [
            "program": ["name": program.name, "id": program.id, "type": program.type],
            "base": base, "date": report.date.description, "csrf": csrf,
            "summary": ReportRenderer.summary(report),
            "charts": ReportChart.charts(for: report).map { $0.html() }.joined(),
            "rows": rows, "hasRows": !rows.isEmpty,
            "counting": filtered.isEmpty
                ? "No group matches these filters."
                : "Groups \(first)–\(first + shown.count - 1) of \(filtered.count)"
                    + (filtered.count == report.groups.count ? "" : " that match (of \(report.groups.count))"),
            "shows": DashboardQuery.Show.allCases.map { ["value": $0.rawValue, "label": label($0), "selected": $0 == query.show] },
            "sorts": DashboardQuery.Sort.allCases.map { ["value": $0.rawValue, "label": label($0), "selected": $0 == query.sort] },
            "mentors": mentors, "mentorMenu": listed.count <= DashboardQuery.mentorMenuLimit, "mentorText": query.mentor ?? "",
        ]
        if page > 1 { values["previous"] = query.link(page: page - 1) }
        if page < pages { values["next"] = query.link(page: page + 1) }
        if let overview = report.overview {
            values["dropout"] = ReportRenderer.dropout(overview)
            if let decline = overview.decline { values["decline"] = decline }
            values["missed"] = overview.missedBeforeStart
            values["hasMissed"] = !overview.missedBeforeStart.isEmpty
            values["knowledgeAtRisk"] = overview.knowledgeAtRisk
            values["hasKnowledge"] = !overview.knowledgeAtRisk.isEmpty
            values["events"] = events(overview)
            values["hasEvents"] = !overview.events.isEmpty
        }
        return values
    }

    /// Each event with its attendance and a form to record who came (those not recorded yet).
    private func events(_ overview: ProgramReport.Overview) -> [[String: Any]] {
        let program = served.program
        return overview.events.map { line in
            let came = attendance[line.id] ?? []
            let invited = program.events.first { $0.id == line.id }.map(program.invitees(of:)) ?? []
            let open = invited.filter { !came.contains($0) }
            return [
                "id": line.id, "title": line.title, "kind": line.kind.rawValue, "date": line.date.description,
                "attendance": ReportRenderer.attendance(line),
                "came": invited.filter(came.contains).map(program.name(of:)).joined(separator: ", "), "hasCame": !came.isEmpty,
                "open": open.map { ["id": $0, "name": program.name(of: $0)] }, "hasOpen": !open.isEmpty, "csrf": csrf,
                "action": "/programs/\(program.id)/events/\(line.id)/attendance",
            ]
        }
    }

    private func label(_ show: DashboardQuery.Show) -> String {
        switch show {
        case .all: return "All groups"
        case .atRisk: return "At risk"
        case .onTrack: return "On track"
        case .ended: return "Ended early"
        }
    }

    private func label(_ sort: DashboardQuery.Sort) -> String {
        switch sort {
        case .group: return "Group (as in the program file)"
        case .held: return "Share of meetings held, lowest first"
        case .lastMeeting: return "Last meeting, longest ago first"
        case .rating: return "Check-in rating, lowest first"
        }
    }
}
