import ArgumentParser
import Delivery
import ExternalProgramTypes
import Foundation
import Logging
import MentorCore
import MentorServer
import MentorStore
import MentorStorePostgres

/// `mentor serve`: the web app for mentors and mentees.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web app: mentors and mentees sign in by email link, see their agendas and log progress.",
        discussion: """
            Everyone listed with an email in the program files (and each program's coordinators) can \
            sign in: they ask for a link at /sign-in and open it. Links go out through --mail-command \
            (the message on its standard input, e.g. 'sendmail -t'), or by default as .eml files in \
            the outbox folder. Pages come from Mustache templates; a Templates/ folder beside the \
            first program file replaces any of them. Stop the server with Ctrl-C (requests in flight finish).

            Examples:
              mentor serve Plans/examples/one-to-one.yaml --dev
              mentor serve programs/*.yaml --host 0.0.0.0 --public-url https://mentoring.example.org --mail-command "sendmail -t"
            """
    )

    @Argument(help: "The program files to serve.")
    var programs: [String]

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(
        help:
            "The progress journal, which also keeps sign-ins and sessions: a file, or a postgres://USER@HOST:PORT/DATABASE URL shared by several servers (default: $MENTORKIT_STORE, else the first program's)."
    )
    var store: String?

    @OptionGroup var delivery: DeliveryOptions

    @Option(help: "The start of sign-in links when behind a proxy, e.g. https://mentoring.example.org.")
    var publicURL: String?

    @Option(help: "Minutes a sign-in link works.")
    var linkMinutes = 15

    @Option(help: "Sign-in links one address may ask for per hour.")
    var linksPerAddress = 5

    @Option(help: "Sign-in requests one client address may make per hour.")
    var linksPerClient = 20

    @Flag(help: "A development run: also print sign-in links on the console.")
    var dev = false

    @Option(
        help: "The day coordinators' dashboards report on, YYYY-MM-DD (default: each day as it comes), to show a program before it starts.")
    var today: String?

    func validate() throws {
        guard !programs.isEmpty else { throw ValidationError("give at least one program file, e.g. Plans/examples/one-to-one.yaml") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (1...1440).contains(linkMinutes) else { throw ValidationError("--link-minutes must be 1 to 1440") }
        guard linksPerAddress > 0, linksPerClient > 0 else {
            throw ValidationError("--links-per-address and --links-per-client must be at least 1")
        }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw ValidationError("--public-url must start with http:// or https://")
        }
    }

    func run() async throws {
        let pools = Self.pluginPools(environment: ProcessInfo.processInfo.environment)
        defer { pools.shutdown() }
        let files = try programs.map { try ProgramFile(path: $0, pools: pools) }
        var seen: [String: String] = [:]
        for (file, path) in zip(files, programs) {
            if let first = seen[file.program.id] {
                throw ValidationError("'\(path)' and '\(first)' are both program '\(file.program.id)'; give one another 'id:'")
            }
            seen[file.program.id] = path
        }
        let location: (location: JournalLocation, explicit: Bool)
        do { location = try JournalLocation.resolve(store: store, program: programs[0]) } catch {
            throw ValidationError("--store: \(error)")
        }
        let journal = try await Self.openJournal(location.location, explicit: location.explicit, files: files)
        let folder = (programs[0] as NSString).deletingLastPathComponent
        let beside = { (name: String) in folder.isEmpty ? name : folder + "/" + name }
        let mailer = delivery.mailer(beside: programs[0])
        let templates = beside("Templates")
        var configuration = ServerConfiguration(
            host: host, port: port, publicURL: publicURL, mailer: mailer, sender: delivery.mailFrom, development: dev,
            limits: SignInLimits(linkLifetime: TimeInterval(linkMinutes * 60), perAddress: linksPerAddress, perClient: linksPerClient),
            templatesFolder: PlanFiles.isDirectory(templates) ? templates : nil)
        if let today { configuration.today = try parseDate(today, option: "--today") }
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "mentor.serve")
        // Each program file is read again when it changes (a match accepted here or on another
        // server sharing the folder); one that stops loading keeps its last good version served.
        let catalog = try ProgramCatalog(
            paths: programs,
            load: { path, text in
                let file = try ProgramFile(path: path, text: text, pools: pools)
                return (ServedProgram(program: file.program, plans: file.result.plans, builder: file.builder, journal: journal), file.text)
            }, logger: logger)
        signal(SIGPIPE, SIG_IGN) // a mail command that exits early must not end the server
        do {
            try await MentorServer.run(catalog: catalog, journal: journal, configuration: configuration, logger: logger) { url in
                var lines = "listening on \(url)\n"
                if case .outbox(let folder) = mailer { lines += "sign-in mail goes to \(folder)/\n" }
                FileHandle.standardOutput.write(Data(lines.utf8))
            }
        } catch let error as TemplateError {
            throw ValidationError("\(error)")
        }
    }

    /// Processes for plugin program types, kept while the server runs, so that a page of an
    /// external type costs about what a built-in type's does: two per plugin (two requests at
    /// once), idle ones stopped after five minutes. Before it starts any process (a restart after
    /// a crash, a second one), a pool checks the file is still trusted as it is now: a plugin
    /// changed since `mentor plugin trust` is not run again.
    static func pluginPools(environment: [String: String]) -> PluginPools {
        PluginPools { candidate in
            PluginPool.Configuration(processes: 2, idleTimeout: 300, limits: .fromEnvironment(environment)) { _ in
                PluginTrust.refusal(
                    candidate,
                    PluginTrust.verdict(
                        for: candidate,
                        store: Result { () throws(TrustError) in
                            try TrustStore.load(environment)
                        }))
            }
        }
    }

    /// The journal the server records in and keeps sessions in: made when missing (beside the
    /// program file; a `--store` path's folder must exist). Events filed under a program's name
    /// (before programs had keys) are read as its own; a changed key is an error that says how to
    /// carry the history over.
    static func openJournal(_ location: JournalLocation, explicit: Bool, files: [ProgramFile]) async throws -> any Journal {
        var existed = true
        if case .sqlite(let path) = location {
            if explicit { try ProgressContext.checkFolder(of: path) }
            existed = FileManager.default.fileExists(atPath: path)
        }
        let legacyKeys = Dictionary(files.map { ($0.program.id, $0.program.name) }, uniquingKeysWith: { first, _ in first })
        let store = try location.openForRecording(createFolder: !explicit, legacyKeys: legacyKeys)
        if !existed { warn("note: started a new progress journal at '\(location)'") }
        for file in files {
            if let changed = try await ProgramJournal.changedKey(file.program, in: store) { throw changed }
        }
        return store
    }
}
