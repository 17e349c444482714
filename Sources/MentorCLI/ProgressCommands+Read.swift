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
    @Option(help: "md (the default) or json.") var format: ReportFormat = .md
    @Option(help: "Today's date for overdue actions and risks (default: the system date).") var today: String?
    @Flag(help: "Include the pair's private notes and exit reasons. Only for the pair itself.") var includePrivate = false

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: false)
        var program = context.program
        program.groups = [group]
        let report = try ProgramReport.make(program: program, builder: context.file.builder, states: context.states,
                                        today: try parseDate(today, option: "--today"), includePrivate: includePrivate)
        try emit(try render(report, format), to: nil)
    }
}

/// `mentor report`: the whole program's health, for coordinators.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report on every group: meetings held against planned, days since the last meeting, at-risk flags, goals, check-ins, exits.",
        discussion: """
            A group is flagged at risk when it has not met for more than twice its cadence, missed \
            its last two meetings, skipped a check-in, or has overdue actions: interest often wanes \
            after the start of a program, and these are the early signs. Private notes, exit reasons \
            and confidential topics never appear unless --include-private is given.
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "md (the default), html or json.") var format: ReportFormat = .md
    @Option(help: "Today's date (default: the system date).") var today: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "Include private notes and exit reasons. Only for the pair itself.") var includePrivate = false

    func run() async throws {
        let context = try await ProgressContext(program: options.program, store: storeOptions, create: false,
                                          scope: options.group.map { .group($0) } ?? .program)
        var program = context.program
        if let group = context.group { program.groups = [group] }
        let report = try ProgramReport.make(program: program, builder: context.file.builder, states: context.states,
                                        today: try parseDate(today, option: "--today"), includePrivate: includePrivate)
        try emit(try render(report, format), to: output)
    }
}

/// Output formats of `mentor report` and `mentor progress`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json
}

private func render(_ report: ProgramReport, _ format: ReportFormat) throws -> String {
    switch format {
    case .md: return ReportRenderer.markdown(report)
    case .html: return ReportRenderer.html(report)
    case .json: return try ReportRenderer.json(report)
    }
}

// MARK: - export

/// `mentor export`: the journal as JSON.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the program's events as JSON, without private notes, exit reasons or confidential topics unless --include-private.",
        discussion: "Each event has its id (for 'mentor void'); voided events and the voids are included, so an import reproduces the journal."
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "Keep private notes, exit reasons and confidential topics. Only for the pair itself.") var includePrivate = false

    func run() async throws {
        let context = try await ProgressContext(program: options.program, store: storeOptions, create: false,
                                          scope: options.group.map { .group($0) } ?? .program)
        let confidential = context.confidentialTopics
        let events = context.events.map { includePrivate ? $0 : $0.redacted(confidential: confidential) }
        try emit(try StableJSON.string(events), to: output)
    }
}
