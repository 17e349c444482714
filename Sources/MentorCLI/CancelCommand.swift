import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor cancel`: call off one meeting.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel one meeting; its topics move to the next meeting held.",
        discussion: """
            The cancellation is recorded in the journal: the schedule marks the meeting cancelled, \
            its agenda says so, '--next' skips it, reports don't count it as missed, and calendar \
            files carry it as STATUS:CANCELLED. 'mentor reschedule' holds it again.

            Example:
              mentor cancel Plans/examples/one-to-one.yaml --group ruiz-lin --meeting 5 --reason "office closed"
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The meeting's number in the schedule (see 'mentor schedule').")
    var meeting: Int

    @Option(help: "Why, in a few words (the group and coordinators see it).")
    var reason: String?

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
        try await ProblemNames().recording { () throws(RecordingError) in
            try await context.journal.cancel(group: group, meeting: meeting, reason: reason)
        }
        print("meeting \(meeting) of \(group.id) is cancelled; its topics move to the next meeting held")
    }
}
