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
        // Everything is checked against the journal read-only; it is opened for writing (and
        // made, when new) only once the whole file has passed.
        let context = try await ProgressContext(program: program, store: storeOptions, create: true)
        let total = elements.events.count + elements.failures.count
        let (new, problems) = check(&elements, context: context)
        guard problems.isEmpty else {
            let shown = problems.prefix(Self.listed).map { "  \(file): \($0)" }.joined(separator: "\n")
            let more = problems.count > Self.listed ? "\n  ... and \(problems.count - Self.listed) more" : ""
            let events = Set(problems.map { $0.prefix { $0 != "]" } }).count
            throw ValidationError(
                "'\(file)' has \(events) event\(events == 1 ? "" : "s") that the journal can't take "
                    + "(\(problems.count) problem\(problems.count == 1 ? "" : "s"), by the rules of the commands that record events); "
                    + "nothing was imported:\n\(shown)\(more)")
        }
        let added = try await context.journal.appendChecked(new)
        print("imported \(added) of \(total) events (\(total - added) were already there)")
    }

    /// An export's elements: the events, each one's place in the file, and the elements that are not events.
    struct Elements {
        var events: [ProgressEvent]
        /// Where each event is in the file; nil when every element is an event (the n-th event is element n).
        var places: [Int]?
        /// The elements that can't be read, as `[index]: message`.
        var failures: [String]
    }

    /// The events to add (those not in the journal yet) and every problem, as `[index].json.path: message`.
    /// The events are checked where they are (no copy of a million events).
    private func check(_ elements: inout Elements, context: ProgressContext) -> (new: [ProgressEvent], problems: [String]) {
        var problems = elements.failures
        let program = context.program
        for index in elements.events.indices where elements.events[index].program == program.name {
            elements.events[index].program = program.id // exports made before programs had keys name the program by its name
        }
        let places = elements.places
        let stored = Dictionary(context.events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let confidential = context.confidentialTopics
        let voidedInFile = Self.voidedLater(elements.events)
        var ledger = context.ledger
        var seen: Set<String> = []
        seen.reserveCapacity(elements.events.count)
        var new: [ProgressEvent] = []
        new.reserveCapacity(elements.events.count)
        for (position, event) in elements.events.enumerated() {
            let index = places?[position] ?? position
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
            if found.isEmpty { new.append(event) }
        }
        // In the file's order: "[2]..." before "[10]...".
        let ordered = problems.enumerated().sorted { a, b in
            let (x, y) = (Int(a.element.dropFirst().prefix { $0 != "]" }) ?? 0, Int(b.element.dropFirst().prefix { $0 != "]" }) ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }
        return (new, ordered.map(\.element))
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
