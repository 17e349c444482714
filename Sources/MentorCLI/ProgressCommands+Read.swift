import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import PlanYAML

// MARK: - progress and report

/// `mentor progress`: one group's record.
struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show one group's progress: meetings, goals, actions, check-ins and the type's measures."
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "md (the default), html, json or csv.") var format: ReportFormat = .md
    @Option(help: "Today's date for overdue actions and risks (default: the system date).") var today: String?
    @Flag(help: "Include the pair's private notes and exit reasons. Only for the pair itself.") var includePrivate = false

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: false)
        var program = context.program
        program.groups = [group]
        let report = try ProgramReport.make(
            program: program, builder: context.file.builder, states: context.states,
            today: try parseDate(today, option: "--today"), includePrivate: includePrivate, listItems: true)
        try emit(try render(report, format), to: nil)
    }
}

/// `mentor report`: the whole program's health, for coordinators.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Report on every group: meetings held against planned, days since the last meeting, at-risk flags, goals, check-ins, exits.",
        discussion: """
            A group is flagged at risk when it has not met for more than twice its cadence, missed \
            its last two meetings, skipped a check-in, or has overdue actions: interest often wanes \
            after the start of a program, and these are the early signs. Private notes, exit reasons \
            and confidential topics never appear unless --include-private is given.
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "md (the default), html (with charts), json or csv (one row per group, for a spreadsheet).")
    var format: ReportFormat = .md
    @Option(help: "Today's date (default: the system date).") var today: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "Include private notes and exit reasons. Only for the pair itself.") var includePrivate = false

    func run() async throws {
        let context = try await ProgressContext(
            program: options.program, store: storeOptions, create: false,
            scope: options.group.map { .group($0) } ?? .streamed)
        let day = try parseDate(today, option: "--today")
        let report: ProgramReport
        if let group = context.group {
            var program = context.program
            program.groups = [group]
            report = try ProgramReport.make(
                program: program, builder: context.file.builder, states: context.states,
                today: day, includePrivate: includePrivate)
        } else {
            // Groups are folded and reported a share per core, side by side: the same report.
            let ways = ProgressContext.cores
            report = try await context.journal.report(
                today: day, summary: try await context.summary(ways: ways),
                includePrivate: includePrivate, ways: ways)
        }
        try emit(try render(report, format), to: output)
    }
}

/// Output formats of `mentor report` and `mentor progress`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json, csv
}

private func render(_ report: ProgramReport, _ format: ReportFormat) throws -> String {
    switch format {
    case .md: return ReportRenderer.markdown(report)
    case .html: return ReportRenderer.html(report)
    case .json: return try ReportRenderer.json(report)
    case .csv: return ReportRenderer.csv(report)
    }
}

// MARK: - export

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
