import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres

/// Where the progress journal is.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The progress journal: a file (SQLite), or a postgres://USER@HOST:PORT/DATABASE URL (default: $MENTORKIT_STORE, "
                + "else .mentor/progress.sqlite beside the program file).",
            discussion: "A PostgreSQL password comes from PGPASSWORD or ~/.pgpass, never from the URL."))
    var store: String?

    /// The default journal's path for the program file at `program`.
    static func defaultPath(for program: String) -> String { JournalLocation.defaultPath(for: program) }

    /// The journal's path or URL for the program file at `program`: `--store` as given, else
    /// `MENTORKIT_STORE`, else the default file.
    func path(for program: String) -> String {
        if let store { return store }
        if let named = ProcessInfo.processInfo.environment[JournalLocation.environmentVariable], !named.isEmpty { return named }
        return Self.defaultPath(for: program)
    }

    /// Where the journal is for the program file at `program`: `--store`, else `MENTORKIT_STORE`,
    /// else the default file; `explicit` unless it is the default.
    func location(for program: String) throws -> (location: JournalLocation, explicit: Bool) {
        do {
            return try JournalLocation.resolve(store: store, program: program)
        } catch {
            throw ValidationError("--store: \(error)")
        }
    }
}

/// A program file with its journal, for the commands that record or read progress.
///
/// Reading commands open the journal read-only and never write to it. When nothing has been
/// recorded yet beside the program file (no `.mentor/progress.sqlite`), they work from the plan
/// alone; a journal named with `--store` must exist, and one that can't be read is an error that
/// says which file or folder is at fault. Recording goes through ``journal`` (``ProgramJournal``,
/// shared with the web app), which opens the journal for writing only once the events pass the rules.
struct ProgressContext {
    /// Which events a command reads: the whole program's, or one group's (by `--group`, or the
    /// only group), so that a command about one group costs what that group's events cost.
    enum Scope {
        case program
        case group(String?)
        /// None read up front: the command streams them (``summary(ways:)``, ``forEachEvent(_:)``).
        case streamed
    }

    let file: ProgramFile
    /// The group the context was opened for, with `.group` scope.
    let group: ProgramGroup?
    /// The journal, opened read-only; nil when there is none yet.
    let store: (any Journal)?
    /// Where the journal is.
    let journalPath: String
    /// The program with its journal: how events are read and recorded.
    let journal: ProgramJournal
    /// The events read (the program's, or the group's), checked and folded.
    let ledger: ProgressLedger

    var program: Program { file.program }
    /// The events read, voided ones and voids included.
    var events: [ProgressEvent] { ledger.events }

    /// Loads the program and its journal, read-only. With `create` (a recording command) a missing
    /// journal is fine: ``journal`` makes it, once the events to record have passed the rules, so
    /// that a refused command leaves nothing behind.
    init(program path: String, store options: StoreOptions, create: Bool, scope: Scope = .program) async throws {
        file = try ProgramFile(path: path)
        if case .group(let id) = scope { group = try file.group(id) } else { group = nil }
        let (location, explicit) = try options.location(for: path)
        journalPath = location.description
        if case .sqlite(let journalFile) = location { InputFiles.shared.recordJournal(journalFile) } // an --output never replaces it
        // A journal's events filed under the program's name (before programs had keys) are read as its own.
        let legacyKeys = [file.program.id: file.program.name]
        store = try await Self.openForReading(location, explicit: explicit && !create, legacyKeys: legacyKeys)
        if create, explicit, case .sqlite(let journalFile) = location { try Self.checkFolder(of: journalFile) }
        journal = ProgramJournal(program: file.program, plans: file.result.plans, builder: file.builder, journal: store) {
            () throws(StoreError) in
            guard case .sqlite(let journalPath) = location else { return try location.openForRecording() }
            let existed = FileManager.default.fileExists(atPath: journalPath)
            let store = try location.openForRecording(createFolder: !explicit, legacyKeys: legacyKeys)
            if !existed { warn("note: started a new progress journal at '\(journalPath)'") }
            return store
        }
        var empty = true
        if case .streamed = scope {
            ledger = ProgressLedger(rules: journal.rules(for: []))
        } else {
            let reading = try await journal.read(group: group)
            ledger = reading.ledger
            reportIgnored(ledger.ignored, reading.unreadable.filter { [ledger] in ledger.voids[$0.id] == nil })
            empty = reading.ledger.events.isEmpty && reading.unreadable.isEmpty
        }
        if empty, let store, try await Self.count(store, program: file.program.id) == 0 {
            try await reportOtherPrograms(store, programFile: path, recording: create)
        }
    }

    /// Every group's state, folded one group at a time (the events are never all in memory), with
    /// the events left out reported.
    /// With `ways` above 1, that many shares of the groups are read and folded side by side.
    func summary(ways: Int = 1) async throws -> ProgramJournal.Summary {
        let summary = try await journal.summary(ways: ways)
        reportIgnored(summary.ignored, summary.unreadable)
        return summary
    }

    /// How many shares of the groups whole-program commands work on side by side: one per core
    /// (at most 8), or `MENTORKIT_CORES` when set (1 for one at a time).
    static var cores: Int {
        if let text = ProcessInfo.processInfo.environment["MENTORKIT_CORES"], let count = Int(text), count > 0 { return min(count, 64) }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }

    /// The context of the group `options` names (reading that group's events only) and the group:
    /// the first two steps of every command about one group.
    static func open(_ options: ProgramOptions, _ store: StoreOptions, create: Bool) async throws -> (ProgressContext, ProgramGroup) {
        let context = try await ProgressContext(program: options.program, store: store, create: create, scope: .group(options.group))
        return (context, try context.group ?? context.file.group(options.group))
    }

    // MARK: - Opening the journal

    private static func openForReading(_ location: JournalLocation, explicit: Bool, legacyKeys: [String: String]) async throws -> (
        any Journal
    )? {
        do {
            return try await location.openForReading(legacyKeys: legacyKeys)
        } catch .missing where !explicit {
            return nil // nothing recorded yet: agendas come from the plan alone
        } catch .missing(let missing) {
            if location.isPostgres {
                throw ValidationError(
                    "--store '\(missing)': that database holds no progress journal; check the URL "
                        + "(reading commands never create a journal; a recording command starts one there)")
            }
            throw ValidationError(
                "--store '\(missing)': there is no progress journal there; check the path "
                    + "(reading commands never create a journal; leave out --store to use the one beside the program file)")
        }
    }

    /// How many events `program` has in `journal` (SQLite counts through its index; others group).
    private static func count(_ journal: any Journal, program: String) async throws -> Int {
        if let store = journal as? ProgressStore { return try store.count(program: program) }
        return try await journal.programs()[program] ?? 0
    }

    /// An explicit `--store` path's folder must exist (a recording command makes only the default `.mentor/`).
    static func checkFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !PlanFiles.isDirectory(folder) {
            throw ValidationError("--store '\(path)': there is no folder '\(folder)'; check the path")
        }
    }

    // MARK: - Warnings

    /// Names stored events left out of agendas and reports, and how to silence each.
    private func reportIgnored(_ ignored: [ProgressLedger.Ignored], _ unreadable: [UnreadableEvent]) {
        let ignored =
            ignored.map { item in
                "event '\(item.event.id)' (\(item.event.kind.rawValue) of \(item.event.group), \(item.event.date)): "
                    + item.problems.map(\.description).joined(separator: "; ")
            } + unreadable.map { "event '\($0.id)' of \($0.group) can't be read (\($0.detail))" }
        guard !ignored.isEmpty else { return }
        let shown = ignored.prefix(5).map { "  " + $0 }.joined(separator: "\n")
        let more = ignored.count > 5 ? "\n  ... and \(ignored.count - 5) more" : ""
        warn(
            "warning: \(ignored.count) event\(ignored.count == 1 ? "" : "s") in '\(journalPath)' \(ignored.count == 1 ? "breaks" : "break") "
                + "the program's rules and \(ignored.count == 1 ? "is" : "are") left out of agendas and reports:\n\(shown)\(more)\n"
                + "  correct the program file, or void each with: mentor void \(file.program.source) --event ID --reason \"...\"")
    }

    /// Says so when the journal holds other programs' events but none of this one's: its key
    /// changed (an error for a recording command, which would split the history), or another
    /// program shares the journal (nothing wrong).
    private func reportOtherPrograms(_ store: any Journal, programFile: String, recording: Bool) async throws {
        if let changed = try await ProgramJournal.changedKey(program, in: store) {
            if recording { throw changed }
            warn("warning: \(changed)")
            return
        }
        let others = try await store.programs().filter { $0.key != program.id }
        guard !others.isEmpty else { return }
        let names = others.sorted { $0.key < $1.key }
            .map { "'\($0.key)' (\($0.value) event\($0.value == 1 ? "" : "s"))" }.joined(separator: ", ")
        warn(
            "note: the journal '\(store.location)' has no events under this program's key '\(program.id)', but it has events under "
                + "\(names). If this program's history is under another key (its 'id:' or file name changed), carry it over with: "
                + "mentor store rekey \(programFile) --from OLD-KEY; if another program shares the journal, nothing is wrong.")
    }

    // MARK: - State

    /// Each group's state, folded from the journal (voided events and events that break the rules left out).
    var states: [String: GroupState] { ledger.states }

    /// One group's state (empty when nothing is recorded).
    func state(of group: ProgramGroup) -> GroupState { ledger.state(of: group.id) }

    /// `plan/topic` keys of every confidential topic of the program's plans.
    var confidentialTopics: Set<String> {
        Set(file.result.plans.flatMap(\.confidentialTopicKeys).map(\.description))
    }
}

/// Writes one line to standard error.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A date option, YYYY-MM-DD, or today.
func parseDate(_ text: String?, option: String) throws -> CalendarDate {
    guard let text else { return .today }
    guard let date = CalendarDate(text) else { throw ValidationError("\(option) must be a date written YYYY-MM-DD") }
    return date
}
