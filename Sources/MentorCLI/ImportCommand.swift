import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor import`: append events exported elsewhere, checked like the commands that record them.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append events from a JSON export; events already in the journal are skipped.",
        discussion: """
            Every event is checked with the rules of the command that would have recorded it \
            (meeting numbers, members, topics, ratings, dates, goal and action ids), in order, \
            against what the journal already holds. The import is all or nothing: when any event \
            breaks a rule, each one at fault is listed by its place in the file and nothing is \
            imported. An event voided later in the same file is taken as it is, with its void.
            """
    )

    @Argument(help: "The program file.") var program: String
    @Argument(help: "The JSON file 'mentor export' wrote ('-' reads standard input).") var file: String
    @OptionGroup var storeOptions: StoreOptions

    /// At most this many problems are listed; the count says how many there were.
    static let listed = 50

    func run() async throws {
        let data: Data
        if file == PlanFiles.standardInput {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            InputFiles.shared.record(file)
            // Mapped, not copied: the file's pages are read as the reader reaches them.
            do { data = try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe) } catch { throw CLIError.noSuchPath(file) }
        }
        // The events and where each is in the file (nil: the n-th event is the n-th element), and
        // the elements that are not events.
        var elements = Elements(events: [], places: nil, failures: [])
        do {
            // The fast reader takes an export as mentor writes it (a share of the elements per core);
            // JSONDecoder names every bad element otherwise.
            let ways = ProgressContext.cores
            if let events = data.withUnsafeBytes({ EventJSON.decodeList($0.bindMemory(to: UInt8.self), ways: ways) }) {
                elements.events = events
            } else {
                var places: [Int] = []
                for (index, entry) in try JSONDecoder().decode([Entry].self, from: data).enumerated() {
                    switch entry.result {
                    case .success(let event):
                        elements.events.append(event)
                        places.append(index)
                    case .failure(let failure): elements.failures.append("[\(index)]: \(failure.message)")
                    }
                }
                elements.places = places
            }
        } catch {
            throw ValidationError(
                "'\(file)' is not a MentorKit export (a JSON list of events): \(Self.explain(error)); nothing was imported")
        }
        // Everything is checked against the journal read-only. A large file goes into a journal
        // that is there already while it is checked (`CheckedFeed`): the events that passed are
        // inserted in one transaction as the check goes on, and rolled back when any breaks a rule,
        // so the journal is left as it was. Otherwise the journal is opened for writing (and made,
        // when new) only once the whole file has passed.
        let context = try await ProgressContext(program: program, store: storeOptions, create: true)
        let total = elements.events.count + elements.failures.count
        let checker = Checker(&elements, context: context)
        let added: Int
        if elements.events.count >= Self.streamed, try context.journal.canAppendStreaming() {
            let feed = CheckedFeed()
            let checked = Self.start { checker.check(feed: feed) }
            let appended: Result<Int?, StoreError>
            do {
                appended = .success(try await context.journal.appendChecked(streaming: feed))
            } catch {
                appended = .failure(error)
            }
            try refuse(await checked.value.problems) // the check's problems come first, as when nothing was inserted yet
            guard let count = try appended.get() else {
                throw ValidationError("'\(file)': the import was stopped before it was committed; nothing was imported, try again")
            }
            added = count
        } else {
            let (new, problems) = checker.check(feed: nil)
            try refuse(problems)
            added = try await context.journal.appendChecked(new)
        }
        print("imported \(added) of \(total) events (\(total - added) were already there)")
    }

    /// Files of at least this many events are inserted while they are checked, into a journal
    /// that is there already (``ProgramJournal/canAppendStreaming()``).
    static let streamed = 4_096

    /// Refuses the import when the check found `problems`, listing them.
    private func refuse(_ problems: [String]) throws {
        guard !problems.isEmpty else { return }
        let shown = problems.prefix(Self.listed).map { "  \(file): \($0)" }.joined(separator: "\n")
        let more = problems.count > Self.listed ? "\n  ... and \(problems.count - Self.listed) more" : ""
        let events = Set(problems.map { $0.prefix { $0 != "]" } }).count
        throw ValidationError(
            "'\(file)' has \(events) event\(events == 1 ? "" : "s") that the journal can't take "
                + "(\(problems.count) problem\(problems.count == 1 ? "" : "s"), by the rules of the commands that record events); "
                + "nothing was imported:\n\(shown)\(more)")
    }

    /// Runs `body` on a thread of its own (the check, beside the inserts), for its result to be awaited.
    private static func start<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Task<T, Never> {
        Task {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: body()) }.start()
            }
        }
    }

    /// An export's elements: the events, each one's place in the file, and the elements that are not events.
    struct Elements: Sendable {
        var events: [ProgressEvent]
        /// Where each event is in the file; nil when every element is an event (the n-th event is element n).
        var places: [Int]?
        /// The elements that can't be read, as `[index]: message`.
        var failures: [String]
    }

    /// The check of an export's events against the journal, in the file's order, by the rules of
    /// the commands that record them.
    struct Checker: Sendable {
        let elements: Elements
        let stored: [String: ProgressEvent]
        let confidential: Set<String>
        let ledger: ProgressLedger

        /// The check of `elements` against `context`'s journal. Events of exports made before
        /// programs had keys (naming the program by its name) are filed under its key.
        init(_ elements: inout Elements, context: ProgressContext) {
            let program = context.program
            for index in elements.events.indices where elements.events[index].program == program.name {
                elements.events[index].program = program.id
            }
            self.elements = elements
            stored = Dictionary(context.events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            confidential = context.confidentialTopics
            ledger = context.ledger
        }

        /// Events handed to a feed at a time.
        static let run = 1_024

        /// The events to add (those not in the journal yet) and every problem, as `[index].json.path: message`.
        /// The events are checked where they are (no copy of a million events).
        ///
        /// With a `feed`, the events to add are handed to it as they pass, a run at a time (and
        /// not returned): it fails at the first problem, and finishes when there was none.
        func check(feed: CheckedFeed?) -> (new: [ProgressEvent], problems: [String]) {
            var problems = elements.failures
            let (events, places) = (elements.events, elements.places)
            let voidedInFile = ImportCommand.voidedLater(events)
            var ledger = ledger
            var seen: Set<String> = []
            seen.reserveCapacity(events.count)
            var new: [ProgressEvent] = []
            new.reserveCapacity(feed == nil ? events.count : Self.run)
            if !problems.isEmpty { feed?.fail() }
            for (position, event) in events.enumerated() {
                let index = places?[position] ?? position
                let before = problems.count
                defer { if problems.count > before, before == 0 { feed?.fail() } }
                guard seen.insert(event.id).inserted else {
                    problems.append("[\(index)].id: '\(event.id)' appears more than once in the file")
                    continue
                }
                if let existing = stored[event.id] {
                    // The same event, perhaps exported without its private parts: already there.
                    if existing.redacted(confidential: confidential) != event.redacted(confidential: confidential) {
                        problems.append("[\(index)].id: '\(event.id)' is already in the journal with other content")
                    }
                    continue
                }
                let found = voidedInFile.contains(event.id) ? ledger.recordVoided(event) : ledger.record(event)
                problems += found.map { "[\(index)].\($0.path): \($0.message)" }
                guard found.isEmpty else { continue }
                new.append(event)
                if let feed, problems.isEmpty, new.count == Self.run {
                    feed.put(new)
                    new.removeAll(keepingCapacity: true)
                }
            }
            if let feed, problems.isEmpty {
                feed.put(new)
                feed.finish()
            }
            // In the file's order: "[2]..." before "[10]...".
            let ordered = problems.enumerated().sorted { a, b in
                let (x, y) = (Int(a.element.dropFirst().prefix { $0 != "]" }) ?? 0, Int(b.element.dropFirst().prefix { $0 != "]" }) ?? 0)
                return x != y ? x < y : a.offset < b.offset
            }
            return (feed == nil ? new : [], ordered.map(\.element))
        }
    }

    /// Ids of events that a void later in `events` cancels. Only the voids' targets are looked
    /// for (a file of a million events has few voids, often none).
    static func voidedLater(_ events: some Collection<ProgressEvent>) -> Set<String> {
        // Each target's last void, by its place in the file: an event is voided later when it comes before that one.
        var voids: [String: Int] = [:]
        for (index, event) in events.enumerated() {
            if case .void(let record) = event.body { voids[record.event] = index }
        }
        guard !voids.isEmpty else { return [] }
        var voided: Set<String> = []
        for (index, event) in events.enumerated() {
            guard let void = voids[event.id], index < void else { continue }
            voided.insert(event.id)
        }
        return voided
    }

    /// One element of the file: an event, or why it can't be read (so that every bad one is listed).
    struct Entry: Decodable {
        var result: Result<ProgressEvent, Failure>

        struct Failure: Error { var message: String }

        init(result: Result<ProgressEvent, Failure>) { self.result = result }

        init(from decoder: any Decoder) throws {
            do {
                result = .success(try ProgressEvent(from: decoder))
            } catch {
                result = .failure(Failure(message: ImportCommand.explain(error, droppingFirst: true)))
            }
        }
    }

    static func explain(_ error: any Error, droppingFirst: Bool = false) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let (context, problem): (DecodingError.Context, String?)
        switch error {
        case .keyNotFound(let key, let found): (context, problem) = (found, "'\(key.stringValue)' is missing")
        case .typeMismatch(let type, let found): (context, problem) = (found, "expected \(Self.name(of: type))")
        case .valueNotFound(let type, let found): (context, problem) = (found, "expected \(Self.name(of: type)), found null")
        case .dataCorrupted(let found): (context, problem) = (found, nil)
        @unknown default: return "\(error)"
        }
        let keys = droppingFirst ? Array(context.codingPath.dropFirst()) : context.codingPath
        let path = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        let text = problem ?? context.debugDescription
        return path.isEmpty ? text : "\(path.hasPrefix(".") ? String(path.dropFirst()) : path): \(text)"
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "a list"
        default: return "an object"
        }
    }
}

extension ImportCommand.Entry.Failure: CustomStringConvertible {
    var description: String { message }
}
