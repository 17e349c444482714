import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor exit`: someone leaves a group, no fault attached.
struct ExitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit",
        abstract: "Record that someone left a group: no fault, reason optional and private.",
        discussion: """
            --who names who leaves (default: the person given with --by, leaving themselves); --by \
            is who ended it: the one leaving, another member, or a coordinator recording it. Whether \
            the group goes on is the program type's rule: a one-to-one or reverse pair ends when \
            either side leaves; a circle goes on until its mentor leaves or fewer than two mentees \
            remain; a peer group goes on while two peers remain. Someone who left is left out of \
            later agendas, spotlight and facilitator turns, the attendance 'mentor log' assumes, and \
            the measures of reports.

            Examples:
              mentor exit Plans/examples/one-to-one.yaml --group ruiz-lin --by e230
              mentor exit Plans/examples/circle.yaml --group diaz-circle --by a2 --reason "moved to another city"
              mentor exit Plans/examples/circle.yaml --group diaz-circle --by m1 --who a3 --date 2027-05-02
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Who ended it: the one leaving, another member, or a coordinator (a person or coordinator id).") var by: String
    @Option(help: "Who leaves (a person id in the group; default: the person given with --by).") var who: String?
    @Option(help: "Why (private: never in reports or exports unless --include-private).") var reason: String?
    @Option(help: "The day (default: today).") var date: String?

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
        let day = try parseDate(date, option: "--date")
        let leaver = who ?? by
        let state = try await ProblemNames([.who: who == nil ? "--by" : "--who"], today: date == nil).recording {
            () throws(RecordingError) in
            try await context.journal.exit(group: group, by: by, who: leaver, reason: reason, date: day)
        }
        let name = context.program.name(of: leaver)
        if state.hasEnded {
            print(
                "recorded that \(name) left \(group.id); the group has ended (\(context.file.builder.type.description.continuity.summary)); "
                    + "no fault attached")
        } else {
            let remaining = state.remaining(of: group).members.map(context.program.name(of:))
            print(
                "recorded that \(name) left \(group.id); no fault attached. The group goes on with "
                    + AgendaShape.list(remaining) + "; later agendas leave \(name) out")
        }
    }
}
