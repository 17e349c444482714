import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor action`: action items agreed in meetings.
struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action",
        abstract: "Add an action item or mark one done; open items are carried into the next agenda.",
        subcommands: [Add.self, Done.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an action item; prints its id (a1, a2, ...).")

        @OptionGroup var options: ProgramOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "What is to be done.") var text: String
        @Option(help: "Who does it (a person id in the group).") var owner: String?
        @Option(help: "When it is due, YYYY-MM-DD.") var due: String?
        @Option(help: "The day it was agreed (default: today).") var date: String?

        func run() async throws {
            let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
            let due = try self.due.map { try parseDate($0, option: "--due") }
            let day = try parseDate(date, option: "--date")
            let action = try await ProblemNames([.text: "the action"], today: date == nil).recording { () throws(RecordingError) in
                try await context.journal.addAction(group: group, text: text, owner: owner, due: due, date: day)
            }
            print("added action \(action) for \(group.id)")
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an action item done.")

        @OptionGroup var options: ProgramOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The action's id, e.g. a1.") var action: String
        @Option(help: "The day it was done (default: today).") var date: String?

        func run() async throws {
            let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
            let day = try parseDate(date, option: "--date")
            try await ProblemNames(today: date == nil).recording { () throws(RecordingError) in
                try await context.journal.actionDone(group: group, action: action, date: day)
            }
            print("action \(action) of \(group.id): done")
        }
    }
}
