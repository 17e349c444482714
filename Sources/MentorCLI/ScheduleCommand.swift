import ArgumentParser
import BuiltInProgramTypes
import Foundation
import MentorCore

/// `mentor schedule`: every meeting of the term.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the meetings of the term: orientation, regular meetings, check-ins and closing.",
        discussion: """
            The first meeting is the orientation. Then the group meets at the program's cadence; \
            the first meeting on or after each month in 'check-in-months' is a check-in, and the \
            last meeting before the term ends is the closing. Anyone may leave a group early at \
            any time, no fault attached ('mentor exit'); a pair then ends, a circle or peer group \
            goes on while its type allows.

            Examples:
              mentor schedule Plans/examples/one-to-one.yaml
              mentor schedule Plans/examples/circle.yaml --format ics --output circle.ics
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "md (Markdown, the default), json, or ics (import into a calendar).")
    var format: ScheduleFormat = .md

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        // The journal's moved and cancelled meetings are part of the schedule; without a journal
        // (nothing recorded yet) the schedule is the program file's.
        let context = try await ProgressContext(program: options.program, store: storeOptions, create: false)
        let file = context.file
        let groups = try options.group.map { [try file.group($0)] } ?? file.program.groups
        let program = file.program
        let progress = { (group: ProgramGroup) in context.state(of: group).agendaProgress(program: program) }
        let schedule = { (group: ProgramGroup) throws(ProgramTypeError) in
            try file.builder.schedule(for: group, changes: progress(group).scheduleChanges)
        }
        let text: String
        switch format {
        case .md:
            text = try groups.map { group throws(ProgramTypeError) in
                let agendas = try file.builder.agendas(for: group, progress: progress(group))
                let measures = try file.builder.type.measures(for: group, agendas: agendas, state: nil, in: program)
                let list = measures.map { "- \($0.name): \($0.value)" }.joined(separator: "\n")
                return AgendaRenderer.markdown(schedule: try schedule(group), program: program, group: group, agendas: agendas)
                    + (measures.isEmpty ? "" : "\n## Planned measures\n\n\(list)\n")
            }.joined(separator: "\n")
        case .json:
            let objects = try groups.map { try AgendaRenderer.json(schedule: schedule($0), program: program, group: $0) }
            // Each object ends in a newline; a JSON array joins them without it.
            let trimmed = objects.map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }
            text = groups.count == 1 ? objects[0] : "[\n" + trimmed.joined(separator: ",\n") + "\n]\n"
        case .ics:
            CalendarNotes.warnIfFloating(program)
            // Attendees are the people still in each group; a group that ended has its later
            // meetings cancelled, so a calendar that imported them drops them.
            text = ICalendar.calendar(
                schedules: try groups.map { group in
                    let state = context.state(of: group)
                    var meetings = try schedule(group)
                    if state.hasEnded, let day = state.departures.map(\.date).max() {
                        for index in meetings.indices where meetings[index].date >= day && !meetings[index].isCancelled {
                            let meeting = meetings[index]
                            meetings[index].change = MeetingChange(
                                plannedDate: meeting.change?.plannedDate ?? meeting.date, cancelled: true,
                                reason: "the group has ended", sequence: (meeting.change?.sequence ?? 0) + 1)
                        }
                    }
                    return (state.remaining(of: group), meetings)
                }, program: program)
        }
        try emit(text, to: output)
    }
}

/// What calendar output tells on standard error.
enum CalendarNotes {
    /// Without a `time-zone:`, calendar times are floating: each reader's own clock.
    static func warnIfFloating(_ program: Program) {
        guard program.timeZone == nil else { return }
        FileHandle.standardError.write(
            Data(
                ("warning: \(program.source) has no 'time-zone:', so calendar times are floating "
                    + "(10:00 is 10:00 wherever the calendar is opened); add one such as 'time-zone: Europe/London'\n").utf8))
    }
}

/// Output formats of `mentor schedule`.
enum ScheduleFormat: String, ExpressibleByArgument, CaseIterable {
    case md, json, ics
}
