import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor void`: a correction that keeps the journal append-only.
struct VoidCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void",
        abstract: "Void an event recorded by mistake: it stays in the journal, but agendas and reports leave it out.",
        discussion: """
            The journal is append-only: a mistake is corrected by a new event that voids the wrong \
            one by its id ('mentor export' shows the ids), then the right event is recorded again. \
            Voids appear in exports and are imported with them. A goal or action item can be voided \
            only after the later events that change it.

            Example:
              mentor void Plans/examples/one-to-one.yaml --event 4f1c... --reason "logged the wrong meeting"
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The id of the event to void (see 'mentor export').") var event: String
    @Option(help: "Why it is void, in a few words.") var reason: String

    func run() async throws {
        let context = try await ProgressContext(program: options.program, store: storeOptions, create: true)
        let target = context.ledger.event(event)
        // The void belongs to the voided event's group; an unknown id is reported by the rules
        // (any group will do for that).
        let groupID = options.group ?? target?.group ?? context.program.groups.first?.id
        let group = try context.file.group(groupID)
        try await context.record([context.event(.void(VoidRecord(event: event, reason: reason)), group: group, date: .today)])
        let what = target.map { " (\($0.kind.rawValue) of \($0.group) on \($0.date))" } ?? ""
        print("voided event \(event)\(what); agendas and reports leave it out from now on")
    }
}
