import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor export`: the journal as JSON.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write the program's events as JSON, without private notes, exit reasons or confidential topics unless --include-private.",
        discussion:
            "Each event has its id (for 'mentor void'); voided events and the voids are included, so an import reproduces the journal."
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "Keep private notes, exit reasons and confidential topics. Only for the pair itself.") var includePrivate = false

    func run() async throws {
        let context = try await ProgressContext(
            program: options.program, store: storeOptions, create: false,
            scope: options.group.map { .group($0) } ?? .streamed)
        let confidential = context.confidentialTopics
        let includePrivate = self.includePrivate
        var unreadable: [UnreadableEvent] = []
        // The whole program's events are written as they are read, never all held at once; the
        // text is what StableJSON writes for the whole list.
        try await OutputWriter().stream(to: output) { stream in
            var count = 0
            func put(_ event: ProgressEvent) throws {
                let shown = includePrivate ? event : event.redacted(confidential: confidential)
                let lines = try StableJSON.string(shown).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                try stream.write((count == 0 ? "[\n" : ",\n") + lines.map { "  " + $0 }.joined(separator: "\n"))
                count += 1
            }
            if context.group != nil {
                for event in context.events { try put(event) }
            } else if let journal = context.journal.journal {
                // An output that fails (a full disk, a reader gone) stops the read; it is reported
                // as itself, not as a journal error (the journal passes on what its body throws as its own).
                var failed: (any Error)?
                do {
                    try await journal.forEachEvent(program: context.program.id, group: nil) { result in
                        switch result {
                        case .success(let event):
                            do { try put(event) } catch {
                                failed = error
                                throw error
                            }
                        case .failure(let row): unreadable.append(row)
                        }
                    }
                } catch {
                    throw failed ?? error
                }
            }
            try stream.write(count == 0 ? "[\n\n]\n" : "\n]\n")
        }
        if !unreadable.isEmpty {
            let shown = unreadable.prefix(5).map { "  event '\($0.id)' of \($0.group) can't be read (\($0.detail))" }.joined(
                separator: "\n")
            warn(
                "warning: \(unreadable.count) event\(unreadable.count == 1 ? "" : "s") in '\(context.journalPath)' can't be read "
                    + "and \(unreadable.count == 1 ? "is" : "are") left out of the export:\n\(shown)\n"
                    + "  void each with: mentor void \(context.program.source) --event ID --reason \"...\"")
        }
    }
}
