import ArgumentParser
import Foundation
import MentorCore
import MentorStore

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
        try emit(try renderReport(report, format), to: nil)
    }
}
