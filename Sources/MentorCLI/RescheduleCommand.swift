import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// `mentor reschedule`: move one meeting to another day, time or place.
struct RescheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Move one meeting to another day, time or place; it keeps its number and agenda.",
        discussion: """
            The change is recorded in the journal, so the schedule, agendas, reports and calendar \
            files all follow it; calendar events keep their UID and raise their SEQUENCE, so a \
            calendar program updates the meeting it already has. Give any of --to, --time and \
            --location. On a cancelled meeting, reschedule holds it again (with nothing else \
            given, as first planned). A meeting already logged can't be moved.

            Examples:
              mentor reschedule Plans/examples/one-to-one.yaml --group ruiz-lin --meeting 4 --to 2027-04-14
              mentor reschedule Plans/examples/circle.yaml --meeting 2 --time 14:30 --location "Room 3.12" --reason "training day"
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The meeting's number in the schedule (see 'mentor schedule').")
    var meeting: Int

    @Option(help: "The new day, YYYY-MM-DD.")
    var to: String?

    @Option(help: "The new start time, HH:MM (24-hour, in the program's time zone).")
    var time: String?

    @Option(help: "The new place: a room or a video link.")
    var location: String?

    @Option(help: "Why, in a few words (the group and coordinators see it).")
    var reason: String?

    func validate() throws {
        if let to, CalendarDate(to) == nil { throw ValidationError("--to must be a date written YYYY-MM-DD, such as 2027-04-14") }
        if let time, ClockTime(time) == nil { throw ValidationError("--time must be a 24-hour time written HH:MM, such as 14:30") }
    }

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: true)
        let moved = try await ProblemNames().recording { () throws(RecordingError) in
            try await context.journal.reschedule(
                group: group, meeting: meeting, to: to.flatMap(CalendarDate.init),
                time: time.flatMap(ClockTime.init), location: location, reason: reason)
        }
        guard let moved else { return print("recorded the change to meeting \(meeting) of \(group.id)") }
        print(
            "meeting \(moved.number) of \(group.id) is now on \(moved.date.weekdayName) \(moved.date)"
                + (moved.time.map { " at \($0)" } ?? "") + (moved.location.map { ", \($0)" } ?? ""))
    }
}
