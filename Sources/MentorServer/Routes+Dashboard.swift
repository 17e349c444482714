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
        // Right after recording attendance the page waits for a report that holds it; otherwise
        // it may show the last report while a newer one is being made (and says so).
        let recorded = request.uri.queryParameters["recorded"]
        let made = try await reports.report(for: served, today: Self.today(configuration), acceptEarlier: recorded == nil)
        let query = DashboardQuery(request.uri.queryParameters)
        let name = visitor.name(in: programs)
        // Kept until the next report: a coordinator's dashboard seen again costs a copy. Every
        // coordinator of the program sees the same page but for the name in its header, which
        // each request puts in. The page that confirms recorded attendance is made for its
        // request only.
        let key = DashboardKey(program: served.program.id, version: served.version, query: query)
        let inputs = DashboardInputs(at: made.at, isEarlier: made.isEarlier)
        if recorded == nil, let html = dashboardPages.page(key, inputs: inputs, csrf: visitor.csrf, name: name) {
            return Pages.html(html)
        }
        let csrf = dashboardPages.marker
        var values = DashboardPage(served: served, made: made, query: query, csrf: csrf).values()
        values["visitor"] = ["name": dashboardPages.nameMarker, "csrf": csrf]
        if let recorded, let event = served.program.events.first(where: { $0.id == recorded }) {
            values["recorded"] = event.title
        }
        let html = pages.page("dashboard", title: served.program.name, values)
        guard recorded == nil else { return Pages.html(dashboardPages.filled(html, csrf: visitor.csrf, name: name)) }
        return Pages.html(dashboardPages.keep(html, for: key, inputs: inputs, csrf: visitor.csrf, name: name))
    }

    /// Which dashboard: the program file's version, and the filters, sorting and page. Not the
    /// coordinator: what a dashboard shows is the same for all of a program's coordinators.
    struct DashboardKey: Hashable, Sendable {
        var program: String
        var version: String
        var query: DashboardQuery
    }

    /// Which report a dashboard shows: the one finished at `at` (each report is finished once),
    /// as the latest or as an earlier one.
    struct DashboardInputs: Equatable, Sendable {
        var at: Date
        var isEarlier: Bool
    }

    private func download(
        _ context: ServerContext, type: String, file: String,
        render: (ProgramReport) throws -> String
    ) async throws -> Response {
        guard context.identity != nil else { return Pages.redirect("/sign-in") }
        guard let served = coordinated(context) else { return notFound(context) }
        let made = try await reports.report(for: served, today: Self.today(configuration))
        // Made once per report: coordinators' tools fetch these often, and the report changes only
        // when something is recorded. Nothing in them depends on who asks.
        let key = DownloadKey(program: served.program.id, version: served.version, file: file)
        let text =
            try downloads.page(key, inputs: made.at, csrf: "")
            ?? downloads.keep(try render(made.report), for: key, inputs: made.at, csrf: "")
        return Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(served.program.id)-\(file)\""],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Which download: the program file's version and the file.
    struct DownloadKey: Hashable, Sendable {
        var program: String
        var version: String
        var file: String
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
