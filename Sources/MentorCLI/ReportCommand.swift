import ArgumentParser
import Foundation
import MentorCore
import MentorStore

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
        try emit(try renderReport(report, format), to: output)
    }
}

/// Output formats of `mentor report` and `mentor progress`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json, csv
}

/// The report in `format`, as `mentor report` and `mentor progress` print it.
func renderReport(_ report: ProgramReport, _ format: ReportFormat) throws -> String {
    switch format {
    case .md: return ReportRenderer.markdown(report)
    case .html: return ReportRenderer.html(report)
    case .json: return try ReportRenderer.json(report)
    case .csv: return ReportRenderer.csv(report)
    }
}
