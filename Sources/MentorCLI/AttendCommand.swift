import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor attend`: who came to a program event.
struct AttendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
        abstract: "Record who came to a program event (a kickoff, training, workshop or gathering).",
        discussion: """
            The events are listed under 'events:' in the program file. The report then shows each \
            event's attendance and names people who missed the kickoff or a training held before \
            their partnership began. Recording again adds people to those already recorded.

            Example:
              mentor attend Plans/examples/one-to-one.yaml --event kickoff --attendees e100,e230,e150
            """
    )

    @Argument(help: "The program file, e.g. Plans/examples/one-to-one.yaml.")
    var program: String

    @Option(help: "The event's id (see 'mentor schedule').")
    var event: String

    @Option(help: "Who came: person ids, comma-separated.")
    var attendees: String

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let context = try await ProgressContext(program: program, store: storeOptions, create: true, scope: .streamed)
        let people = attendees.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try await ProblemNames().recording { () throws(RecordingError) in
            try await context.journal.recordAttendance(event: event, attendees: people)
        }
        let names = people.map(context.program.name(of:)).joined(separator: ", ")
        print("recorded that \(names) came to '\(event)'")
    }
}
