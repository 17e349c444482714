import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor log`: record a meeting held or missed.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record that a meeting was held (or missed), who came and what was covered.",
        discussion: """
            By default the meeting is recorded as held on its scheduled date, by everyone in the \
            group, covering the topics of its agenda. Later agendas then skip what was covered and \
            carry open action items forward. Notes are private to the pair: reports and exports \
            leave them out unless --include-private is given.

            Examples:
              mentor log Plans/examples/one-to-one.yaml --group ruiz-lin --meeting 1
              mentor log Plans/examples/one-to-one.yaml --group ruiz-lin --meeting 2 --missed
              mentor log Plans/examples/circle.yaml --meeting 3 --attendees m1,a1,a3 --notes "Omar is weighing a transfer"
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The meeting's number in the schedule.")
    var meeting: Int

    @Flag(help: "The meeting did not take place.")
    var missed = false

    @Option(help: "The day it was held, YYYY-MM-DD (default: its scheduled date).")
    var date: String?

    @Option(help: "Person ids of those present, comma-separated (default: the whole group).")
    var attendees: String?

    @Option(parsing: .upToNextOption, help: "Topics covered, as plan/topic (default: the meeting's agenda topics).")
    var covered: [String] = []

    @Option(help: "Private notes for the pair.")
    var notes: String?

    @Option(help: "A training need that came up, for program staff to arrange.")
    var trainingNeed: String?

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
        let day = try date.map { try parseDate($0, option: "--date") }
        let present = attendees.map { list in list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let events = try await ProblemNames([.text: "--training-need"]).recording { () throws(RecordingError) in
            try await context.journal.logMeeting(
                group: group, meeting: meeting, held: !missed, date: day, attendees: present,
                covered: covered.isEmpty ? nil : covered, notes: notes, trainingNeed: trainingNeed)
        }
        guard case .meeting(let record) = events.first?.body, let held = events.first else { return }
        // Allowed, but worth a second look: say so on standard error.
        let before = context.state(of: group)
        if let earlier = before.meetings.last(where: { $0.number == meeting }) {
            let when = before.date(ofMeeting: meeting).map { " for \($0)" } ?? ""
            warn(
                "warning: meeting \(meeting) of \(group.id) was already logged (\(earlier.held ? "held" : "missed")\(when)); this record "
                    + "replaces it. If the earlier one was the mistake, keep this; if this one is, void it: "
                    + "mentor void \(options.program) --event \(held.id) --reason \"...\"")
        }
        if held.date > CalendarDate.today, !missed {
            warn("warning: meeting \(meeting) is logged as held on \(held.date), which is after today; check --date")
        }
        if let exit = before.exit {
            warn("warning: \(context.program.name(of: exit.leaver)) ended \(group.id) earlier; the meeting is recorded all the same")
        }
        print(
            missed
                ? "recorded meeting \(meeting) of \(group.id) as missed"
                : "recorded meeting \(meeting) of \(group.id): held on \(held.date), \(record.attendees.count) present, \(record.covered.count) topics covered"
        )
    }
}
