import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import MentorCore
import MentorStore
import Synchronization

/// The web app for mentors and mentees: sign-in by email link, their groups, agendas and the forms
/// that record progress (through the same code as the CLI's commands).
public enum MentorServer {
    /// The application serving `programs`, with sessions and sign-in records in `journal`.
    /// `onListening` gets `http://HOST:PORT` once the server accepts connections (with the port
    /// chosen when `configuration.port` is 0). Page templates are loaded and checked here.
    public static func application(
        programs: [ServedProgram], journal: any Journal, configuration: ServerConfiguration, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(TemplateError) -> some ApplicationProtocol {
        try application(
            catalog: ProgramCatalog(fixed: programs), journal: journal, configuration: configuration, logger: logger,
            onListening: onListening)
    }

    /// The application serving the programs of `catalog`, each read again when its file changes.
    public static func application(
        catalog: ProgramCatalog, journal: any Journal, configuration: ServerConfiguration, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(TemplateError) -> some ApplicationProtocol {
        let pages = try PageTemplates(overrides: configuration.templatesFolder)
        let address = Mutex<String?>(nil)
        let signIn = SignIn(journal: journal, catalog: catalog, configuration: configuration, logger: logger)
        let routes = Routes(
            catalog: catalog, signIn: signIn, pages: pages, configuration: configuration,
            listening: { address.withLock { $0 } ?? "http://\(configuration.host):\(configuration.port)" },
            reports: ReportCache(spacing: configuration.reportSpacing))
        return Application(
            router: routes.router(logger: logger),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let url = "http://\(configuration.host):\(port)"
                address.withLock { $0 = url }
                onListening(url)
            },
            logger: logger)
    }
}

extension MentorServer {
    /// Builds the application and runs it until SIGINT or SIGTERM, which stop it gracefully:
    /// no new connections, and requests in flight finish.
    public static func run(
        catalog: ProgramCatalog, journal: any Journal, configuration: ServerConfiguration, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws {
        let app = try application(
            catalog: catalog, journal: journal, configuration: configuration, logger: logger,
            onListening: onListening)
        try await app.runService()
    }
}

/// The routes, grouped by area: sign-in, pages, forms.
struct Routes: Sendable {
    /// The programs served, as their files are now.
    let catalog: ProgramCatalog
    var programs: [ServedProgram] { catalog.current() }
    let signIn: SignIn
    let pages: PageTemplates
    let configuration: ServerConfiguration
    /// `http://HOST:PORT` as listening.
    let listening: @Sendable () -> String
    /// Whole-program reports for the dashboards, made again when the journal changes.
    let reports: ReportCache
    /// Groups' folded states for their pages, read again when something is recorded for them.
    let states = GroupStateCache()
    /// Group pages as last rendered, used again while the group's state is unchanged.
    let groupPages = RenderedPages<PageKey, GroupState>()
    /// Home pages as last rendered, used again while the visitor's groups are unchanged.
    let homePages = RenderedPages<HomeKey, HomeInputs>()
    /// Dashboards as last rendered, used again until the next report.
    let dashboardPages = RenderedPages<DashboardKey, DashboardInputs>()
    /// report.json and report.csv as last made, used again until the next report.
    let downloads = RenderedPages<DownloadKey, Date>(budget: 8 << 20)

    /// The state of `group` of `served` (see ``GroupStateCache``).
    func state(of group: ProgramGroup, in served: ServedProgram) async throws(StoreError) -> GroupState {
        try await states.state(of: group, in: served.journal, version: served.version)
    }

    func router(logger: Logger) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: SecurityHeadersMiddleware(logger: logger))
        router.add(middleware: SessionAuthenticator(signIn: signIn))
        router.add(middleware: FormMiddleware(pages: pages))
        router.get("/style.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: pages.stylesheet)))
        }
        addSignIn(to: router)
        addCalendar(to: router)
        router.get("/") { _, context in try await home(context) }
        addDashboard(to: router)
        addMatching(to: router)
        let group = router.group("/programs/:program/groups/:group")
        group.get { request, context in try await groupPage(request, context) }
        addForms(to: group)
        return router
    }

    // MARK: - Sign-in

    private func addSignIn(to router: Router<ServerContext>) {
        router.get("/sign-in") { request, context in
            if context.identity != nil { return Pages.redirect("/") }
            return signInPage(request, sent: false)
        }
        router.post("/sign-in") { request, context in
            guard let email = context.form["email"], email.count <= 254 else {
                return signInPage(request, sent: false, problem: "Write your email address.")
            }
            let base = configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? listening()
            _ = try await signIn.requestLink(for: email, client: context.client, baseURL: base)
            return signInPage(request, sent: true) // the same page whether the address is known or not
        }
        router.get("/sign-in/:token") { _, context in
            guard let token = context.parameters.get("token"), token.count < 100,
                let session = try await signIn.useLink(token)
            else {
                return Pages.html(
                    pages.page(
                        "message", title: "Link expired",
                        [
                            "heading": "This sign-in link doesn't work any more",
                            "text": "Each link works once, for \(Int(configuration.limits.linkLifetime / 60)) minutes.",
                            "link": "/sign-in", "linkText": "Ask for a new link",
                        ]), status: .notFound)
            }
            var response = Pages.redirect("/")
            response.setCookie(
                Cookie(
                    name: SessionAuthenticator.cookie, value: session,
                    maxAge: Int(configuration.limits.sessionLifetime), path: "/",
                    secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
        router.post("/sign-out") { _, context in
            if let visitor = context.identity { try await signIn.end(sessionKey: visitor.sessionKey) }
            var response = Pages.redirect("/sign-in")
            response.setCookie(
                Cookie(
                    name: SessionAuthenticator.cookie, value: "", maxAge: 0, path: "/",
                    secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    /// The sign-in form, with a CSRF cookie of its own (there is no session yet).
    private func signInPage(_ request: Request, sent: Bool, problem: String? = nil) -> Response {
        let token = request.cookies[FormMiddleware.cookie]?.value ?? SignIn.randomToken()
        var values: [String: Any] = [
            "csrf": token, "sent": sent,
            "minutes": Int(configuration.limits.linkLifetime / 60),
        ]
        if let problem { values["problem"] = problem }
        var response = Pages.html(pages.page("sign-in", title: "Sign in", values), status: problem == nil ? .ok : .badRequest)
        response.setCookie(
            Cookie(
                name: FormMiddleware.cookie, value: token, path: "/", secure: configuration.secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: - Pages

    private func home(_ context: ServerContext) async throws -> Response {
        guard let visitor = context.identity else { return Pages.redirect("/sign-in") }
        let programs = self.programs
        let calendarFeeds = CalendarFeeds(journal: signIn.journal, programs: programs)
        let home = HomePage(programs: programs, visitor: visitor)
        let memberships: [HomePage.Membership]
        let feeds: [JournalRecord]
        if signIn.journal is ProgressStore {
            // SQLite answers without suspending: a child task would only add a turn in the queue
            // of a busy server's work.
            memberships = try await home.memberships { served, group in try await state(of: group, in: served) }
            feeds = try await calendarFeeds.active(for: visitor.email)
        } else {
            // On a database server the calendar link is asked beside the groups' states, so that
            // the round trips overlap (members' p99 on PostgreSQL: 114 -> 95 ms under load).
            async let active = calendarFeeds.active(for: visitor.email)
            memberships = try await home.memberships { served, group in try await state(of: group, in: served) }
            feeds = try await active
        }
        let name = visitor.name(in: programs)
        let calendar = (made: feeds.last.map { Self.day($0.at) } ?? "", hasLink: !feeds.isEmpty)
        let key = HomeKey(email: visitor.email, name: name)
        let inputs = HomeInputs(
            versions: programs.map { [$0.program.id, $0.version] }, states: memberships.map(\.state),
            calendarMade: calendar.made, hasCalendarLink: calendar.hasLink)
        // Not kept when a card comes from a plugin's program (see `renderGroup`).
        let keeps = !memberships.contains { $0.served.builder.type.runsPlugin }
        if keeps, let html = homePages.page(key, inputs: inputs, csrf: visitor.csrf) { return Pages.html(html) }
        var shown = visitor
        shown.csrf = homePages.marker
        var typeProblem = false
        var values = await HomePage(programs: programs, visitor: shown).values(memberships) {
            typeProblem = true
            context.logger.error("GET /: the next meeting can't be shown: \($0)")
        }
        values["visitor"] = ["name": name, "csrf": shown.csrf]
        values["calendar"] = ["made": calendar.made, "hasLink": calendar.hasLink]
        let html = pages.page("home", title: "My mentoring", values)
        // A card that says its type failed is not kept either: the next view asks the type again.
        guard keeps, !typeProblem else { return Pages.html(homePages.filled(html, csrf: visitor.csrf)) }
        return Pages.html(homePages.keep(html, for: key, inputs: inputs, csrf: visitor.csrf))
    }

    /// Whose home page: the address signed in with, and the name it greets.
    struct HomeKey: Hashable, Sendable {
        var email: String
        var name: String
    }

    /// What a home page is made from: the programs served (each file's version), the states of
    /// the visitor's groups, and their calendar link's state.
    struct HomeInputs: Equatable, Sendable {
        var versions: [[String]]
        var states: [GroupState]
        var calendarMade: String
        var hasCalendarLink: Bool
    }

    /// `2027-01-11`, the UTC day of `date`.
    static func day(_ date: Date) -> String {
        CalendarDate(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))).description
    }

    /// The served program, group and visitor's role for a group URL; nil means "not found".
    func resolve(_ context: ServerContext) -> (ServedProgram, ProgramGroup, GroupRole)? {
        guard let visitor = context.identity, let programID = context.parameters.get("program"),
            let groupID = context.parameters.get("group"),
            let served = programs.first(where: { $0.program.id == programID }),
            let group = served.program.group(groupID), let role = visitor.role(in: served, group: group)
        else { return nil }
        return (served, group, role)
    }

    func notFound(_ context: ServerContext) -> Response {
        Pages.html(
            pages.page(
                "message", title: "Not found",
                [
                    "heading": "There is no such page",
                    "text": "It may have moved, or it belongs to a group you are not in.",
                    "link": "/", "linkText": "Your groups", "visitor": context.identity.map { ["csrf": $0.csrf] } as Any,
                ]), status: .notFound)
    }

    private func groupPage(_ request: Request, _ context: ServerContext) async throws -> Response {
        guard let visitor = context.identity else { return Pages.redirect("/sign-in") }
        guard let (served, group, role) = resolve(context) else { return notFound(context) }
        return try await renderGroup(served, group, role, visitor: visitor, returned: nil)
    }

    /// The group page; with `returned`, one form comes back with its values and problems (422).
    func renderGroup(
        _ served: ServedProgram, _ group: ProgramGroup, _ role: GroupRole, visitor: Visitor,
        returned: (form: String, values: FormData, problems: [String: [String]])?
    ) async throws -> Response {
        let state = try await state(of: group, in: served)
        let name = visitor.name(in: programs)
        // A page with a returned form shows what was sent: made for this request only. Nor is a
        // page of a plugin's program kept: the plugin's pool keeps its replies, and a plugin that
        // stops working must show on the page (a 503), not behind a page made while it worked.
        let kept = returned == nil && !served.builder.type.runsPlugin
        let key = PageKey(program: served.program.id, version: served.version, group: group.id, role: role, name: name)
        if kept, let html = groupPages.page(key, inputs: state, csrf: visitor.csrf) { return Pages.html(html) }
        let csrf = kept ? groupPages.marker : visitor.csrf
        let page = GroupPage(served: served, group: group, role: role, state: state, csrf: csrf, returned: returned)
        var values = try await page.values()
        values["visitor"] = ["name": name, "csrf": csrf]
        let html = pages.page("group", title: "\(group.id) · \(served.program.name)", values)
        guard kept else { return Pages.html(html, status: returned == nil ? .ok : .unprocessableContent) }
        return Pages.html(groupPages.keep(html, for: key, inputs: state, csrf: visitor.csrf))
    }

    /// What a group page shows besides the group's state: the program file's version, the group,
    /// whose page it is (a member's shows private notes and forms) and the name in its header.
    struct PageKey: Hashable, Sendable {
        var program: String
        var version: String
        var group: String
        var role: GroupRole
        var name: String
    }
}
