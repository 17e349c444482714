import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor goal`: set and follow the mentee's goals.
struct GoalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal",
        abstract: "Set a goal, reword it, or record it achieved or dropped.",
        discussion: """
            Goals belong to a part of the plan (career, development-needs, ...): agendas bring that \
            part's topics forward while the goal is open.

            Examples:
              mentor goal set Plans/examples/one-to-one.yaml --group ruiz-lin "Lead a street resurfacing project" --plan career --term long --target 2027-12-01
              mentor goal change Plans/examples/one-to-one.yaml --group ruiz-lin g1 --to achieved
            """,
        subcommands: [Set.self, Change.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new goal; prints its id (g1, g2, ...).")

        @OptionGroup var options: ProgramOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The goal, in the mentee's words.") var text: String
        @Option(help: "The plan part it belongs to, e.g. career.") var plan: String?
        @Option(help: "short or long.") var term: GoalTerm?
        @Option(help: "When it should be reached, YYYY-MM-DD.") var target: String?
        @Option(help: "The day it was set (default: today).") var date: String?

        func run() async throws {
            let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
            let target = try self.target.map { try parseDate($0, option: "--target") }
            let day = try parseDate(date, option: "--date")
            let goal = try await ProblemNames([.text: "the goal"], today: date == nil).recording { () throws(RecordingError) in
                try await context.journal.setGoal(group: group, text: text, plan: plan, term: term, target: target, date: day)
            }
            print("set goal \(goal) for \(group.id)")
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change", abstract: "Record a goal as updated, achieved or dropped.")

        @OptionGroup var options: ProgramOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The goal's id, e.g. g1.") var goal: String
        @Option(help: "updated, achieved or dropped.") var to: GoalChange
        @Option(help: "New wording (with --to updated).") var text: String?
        @Option(help: "The day it changed (default: today).") var date: String?

        func run() async throws {
            guard to != .set else { throw ValidationError("use 'mentor goal set' for a new goal") }
            let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
            let day = try parseDate(date, option: "--date")
            try await ProblemNames([.text: "--text"], today: date == nil).recording { () throws(RecordingError) in
                try await context.journal.changeGoal(group: group, goal: goal, to: to, text: text, date: day)
            }
            print("goal \(goal) of \(group.id): \(to.rawValue)")
        }
    }
}

extension GoalTerm: ExpressibleByArgument {}

extension GoalChange: ExpressibleByArgument {}
