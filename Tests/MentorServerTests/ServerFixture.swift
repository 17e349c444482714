import BuiltInProgramTypes
import Delivery
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MentorCore
import MentorStore
import ShippedPlans
import Synchronization
import Testing

@testable import MentorServer

/// The example programs served with an in-memory journal and a temporary outbox, and a client
/// that signs in the way a person does: asks for a link, reads it from the outbox, opens it.
struct ServerFixture {
    /// The programs as served now (read again from their files when those change).
    var programs: [ServedProgram] { catalog.current() }
    let catalog: ProgramCatalog
    /// The folder the example program files are copied to and served from.
    let folder: String
    let store: ProgressStore
    let outbox: String
    var configuration: ServerConfiguration
    /// Seconds added to the clock (tests of expiry move it).
    let clock = TestClock()

    static let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }

    /// Loads a shipped example program (`Plans/examples/NAME.yaml`).
    static func example(_ name: String) throws -> (Program, [PlanTemplate], AgendaBuilder) {
        let path = "Plans/examples/\(name).yaml"
        let file = try #require(ShippedPlans.files.first { $0.path == path })
        return try load(path: path, text: file.contents)
    }

    /// Loads the program `text` (as the file `path`) with the built-in types and shipped plans.
    static func load(path: String, text: String, registry: ProgramRegistry = BuiltInProgramTypes.registry) throws
        -> (Program, [PlanTemplate], AgendaBuilder)
    {
        let result = ProgramLoader(registry: registry).load(PlanSource(path: path, text: text), shippedPlans: shipped)
        guard let program = result.program else { throw LoadFailure(diagnostics: "\(result.diagnostics)") }
        let type = try #require(registry.type(program.type))
        return (program, result.plans, AgendaBuilder(program: program, plans: result.plans, type: type))
    }

    struct LoadFailure: Error { var diagnostics: String }

    /// The path of the served copy of example `name`.
    func file(_ name: String) -> String { folder + "/\(name).yaml" }

    /// Serves copies of the shipped `examples` and of `programs` (file name without `.yaml` →
    /// text), loaded with the built-in types and those `types` gives at each load.
    init(
        limits: SignInLimits = SignInLimits(), templates: String? = nil, examples: [String] = ["one-to-one", "circle"],
        programs: [String: String] = [:], types: @escaping @Sendable () throws -> [ProgramTypeHandle] = { [] }
    ) throws {
        let store = try ProgressStore.inMemory()
        self.store = store
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mentor-served-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for name in examples {
            let file = try #require(ShippedPlans.files.first { $0.path == "Plans/examples/\(name).yaml" })
            let path = folder + "/\(name).yaml"
            try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        for (name, text) in programs.sorted(by: { $0.key < $1.key }) {
            let path = folder + "/\(name).yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        catalog = try ProgramCatalog(
            paths: paths,
            load: { path, given in
                let text = try given ?? String(contentsOfFile: path, encoding: .utf8)
                let registry = try BuiltInProgramTypes.registry.adding(try types())
                let (program, plans, builder) = try ServerFixture.load(path: path, text: text, registry: registry)
                return (ServedProgram(program: program, plans: plans, builder: builder, journal: store), text)
            }, logger: Logger(label: "test"))
        outbox = FileManager.default.temporaryDirectory.appendingPathComponent("mentor-outbox-\(UUID().uuidString)").path
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, mailer: .outbox(outbox), limits: limits,
            templatesFolder: templates)
        let clock = self.clock
        configuration.clock = { Date().addingTimeInterval(clock.offset.withLock { $0 }) }
        self.configuration = configuration
    }

    /// Runs `body` against the application, without a socket. `log` collects what the server logs.
    func test<Value: Sendable>(log: LogLines? = nil, _ body: @Sendable (Client) async throws -> Value) async throws -> Value {
        var logger = log.map { lines in Logger(label: "test") { _ in CollectingLogHandler(lines: lines) } } ?? Logger(label: "test")
        logger.logLevel = log == nil ? .warning : .trace
        let app = try MentorServer.application(catalog: catalog, journal: store, configuration: configuration, logger: logger)
        return try await app.test(.router) { client in try await body(Client(client: client, fixture: self)) }
    }

    /// The `.eml` files in the outbox, oldest first.
    func mail() -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { try? String(contentsOfFile: outbox + "/" + $0, encoding: .utf8) }
    }

    /// The sign-in link in the newest message, quoted-printable soft breaks removed.
    func lastLink() -> String? {
        guard let message = mail().last else { return nil }
        let body = message.replacingOccurrences(of: "=\r\n", with: "")
        guard let range = body.range(of: #"http://[^\s]+/sign-in/[A-Za-z0-9_-]+"#, options: .regularExpression) else { return nil }
        return String(body[range])
    }

    /// How many events the journal holds for `program`.
    func eventCount(_ program: String = "one-to-one") throws -> Int { try store.count(program: program) }
}

/// Log lines collected by ``CollectingLogHandler``: message and metadata, as one string each.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
}

/// A swift-log handler that keeps every line (message and metadata) in memory.
struct CollectingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        let text = "\(level) \(message) " + all.map { "\($0)=\($1)" }.sorted().joined(separator: " ")
        lines.lines.withLock { $0.append(text) }
    }
}

/// The server's clock, moved forward by tests.
final class TestClock: Sendable {
    let offset = Mutex<TimeInterval>(0)
    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

/// A browser's part: cookies kept between requests, forms sent URL-encoded.
struct Client: Sendable {
    let client: any TestClientProtocol
    let fixture: ServerFixture

    /// A response: status, headers and body text.
    struct Page: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String

        /// The hidden `csrf` field's value of the first form.
        var csrf: String? {
            guard let range = body.range(of: #"name="csrf" value="[^"]*""#, options: .regularExpression) else { return nil }
            return body[range].split(separator: "\"").dropFirst(3).first.map(String.init)
        }

        /// The text of the first problem shown after the field whose id is `id` (before the next label).
        func problem(after id: String) -> String? {
            guard let field = body.range(of: "id=\"\(id)\"") else { return nil }
            let rest = body[field.upperBound...]
            let end = rest.range(of: "<label")?.lowerBound ?? rest.endIndex
            let section = rest[..<end]
            guard let start = section.range(of: "<p class=\"problem\">"),
                let close = section[start.upperBound...].range(of: "</p>")
            else { return nil }
            return String(section[start.upperBound..<close.lowerBound])
        }
    }

    func get(_ uri: String, cookies: String = "") async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    func post(_ uri: String, _ fields: [(String, String)], cookies: String = "") async throws -> Page {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers[.cookie] = cookies }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    /// Posts a `multipart/form-data` form, as a browser sends one with a file: `files` maps a
    /// field to (file name, contents).
    func postMultipart(_ uri: String, _ fields: [(String, String)], files: [String: (String, String)], cookies: String = "") async throws
        -> Page
    {
        let boundary = "----MentorKitTest\(UUID().uuidString)"
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers[.cookie] = cookies }
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for (name, (filename, contents)) in files {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(contents)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `name=value` of the `Set-Cookie` named `name`.
    static func cookie(_ name: String, in page: Page) -> String? {
        page.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }.map { String($0.prefix { $0 != ";" }) }
    }

    /// Signs in as `email` through the outbox link; the session cookie and its CSRF token.
    func signIn(_ email: String) async throws -> (cookie: String, csrf: String) {
        let form = try await get("/sign-in")
        let csrfCookie = try #require(Self.cookie(FormMiddleware.cookie, in: form))
        let sent = try await post("/sign-in", [("csrf", try #require(form.csrf)), ("email", email)], cookies: csrfCookie)
        #expect(sent.status == .ok)
        let link = try #require(fixture.lastLink(), "no sign-in mail for \(email)")
        let path = String(link.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
        let opened = try await get(path)
        #expect(opened.status == .seeOther)
        let session = try #require(Self.cookie(SessionAuthenticator.cookie, in: opened))
        let home = try await get("/", cookies: session)
        return (session, try #require(home.csrf))
    }
}
