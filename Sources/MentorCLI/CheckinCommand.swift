import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor checkin`: one side's answers at a check-in.
struct CheckinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Record one side's check-in: how well it is working (1-5), answers, feedback on the pairing.",
        discussion: "Each side records its own check-in. Example:\n"
            + "  mentor checkin Plans/examples/one-to-one.yaml --group ruiz-lin --by e230 --rating 4 --answer \"Meeting monthly suits me\""
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Who is answering (a person id in the group).") var by: String
    @Option(help: "How well it is working, 1 (not at all) to 5 (very well).") var rating: Int
    @Option(help: "An answer; repeat for several.") var answer: [String] = []
    @Option(help: "Feedback on the pairing, for program staff.") var feedback: String?
    @Option(help: "The day (default: today).") var date: String?

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
        let day = try parseDate(date, option: "--date")
        try await ProblemNames([.text: "--feedback"], today: date == nil).recording { () throws(RecordingError) in
            try await context.journal.checkIn(group: group, by: by, rating: rating, answers: answer, feedback: feedback, date: day)
        }
        print("recorded \(context.program.name(of: by))'s check-in for \(group.id)")
    }
}
