import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import PlanYAML

/// Where the progress journal is.
struct StoreOptions: ParsableArguments {
    @Option(help: "The progress journal (default: .mentor/progress.sqlite beside the program file).")
    var store: String?

    /// The journal's path for the program file at `program`.
    func path(for program: String) -> String {
        if let store { return store }
        let directory = (program as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "" : directory + "/") + ".mentor/progress.sqlite"
    }
}

/// A program file with its journal, for the commands that record or read progress.
struct ProgressContext {
    let file: ProgramFile
    let store: ProgressStore?
    let events: [ProgressEvent]

    var program: Program { file.program }

    /// Loads the program and its journal; `create` makes the journal when it doesn't exist yet.
    init(program path: String, store options: StoreOptions, create: Bool) throws {
        file = try ProgramFile(path: path)
        let storePath = options.path(for: path)
        InputFiles.shared.recordJournal(storePath)  // an --output never replaces it
        store = create ? try ProgressStore(path: storePath) : try ProgressStore.existing(path: storePath)
        events = try store?.events(program: file.program.name) ?? []
    }

    /// The context and the group `options` names: the first two steps of every progress command.
    static func open(_ options: ProgramOptions, _ store: StoreOptions, create: Bool) throws -> (ProgressContext, ProgramGroup) {
        let context = try ProgressContext(program: options.program, store: store, create: create)
        return (context, try context.file.group(options.group))
    }

    /// Each group's state, folded from the journal.
    var states: [String: GroupState] { GroupState.fold(events) }

    /// One group's state (empty when nothing is recorded).
    func state(of group: ProgramGroup) -> GroupState {
        states[group.id] ?? GroupState(group: group.id)
    }

    /// `plan/topic` keys of every confidential topic of the program's plans.
    var confidentialTopics: Set<String> {
        Set(file.result.plans.flatMap { plan in plan.topics.filter(\.confidential).map { "\(plan.id)/\($0.id)" } })
    }

    /// Appends one event for `group` and returns it.
    @discardableResult
    func record(_ body: ProgressEvent.Body, group: ProgramGroup, date: CalendarDate) throws -> ProgressEvent {
        let event = ProgressEvent(id: UUID().uuidString.lowercased(), program: program.name, group: group.id, date: date, body: body)
        try store?.append([event])
        return event
    }

    /// Appends an event numbered within the group (goals g1, g2, ...; actions a1, a2, ...), the
    /// number taken inside the write so that concurrent writers never share one.
    func recordNumbered(kind: String, group: ProgramGroup, date: CalendarDate,
                        _ body: @escaping @Sendable (Int) -> ProgressEvent.Body) throws -> ProgressEvent {
        guard let store else { throw CLIError.unwritable(".mentor/progress.sqlite") }
        let (program, groupID) = (self.program.name, group.id)
        return try store.appendNumbered(program: program, group: groupID, kind: kind) { number in
            ProgressEvent(id: UUID().uuidString.lowercased(), program: program, group: groupID, date: date, body: body(number))
        }
    }

    /// `id` when it names a member of `group`; otherwise a clear error with a suggestion.
    func member(_ id: String, of group: ProgramGroup, option: String) throws -> String {
        guard group.members.contains(id) else {
            let names = group.members.map { "\($0) (\(program.name(of: $0)))" }.joined(separator: ", ")
            let hint = Suggestion.closest(to: id, in: group.members).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError("\(option) '\(id)' is not in group '\(group.id)'\(hint) Its members: \(names)")
        }
        return id
    }
}

/// A date option, YYYY-MM-DD, or today.
func parseDate(_ text: String?, option: String) throws -> CalendarDate {
    guard let text else { return .today }
    guard let date = CalendarDate(text) else { throw ValidationError("\(option) must be a date written YYYY-MM-DD") }
    return date
}
