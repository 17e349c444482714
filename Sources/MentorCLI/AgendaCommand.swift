import ArgumentParser
import BuiltInProgramTypes
import Foundation
import MentorCore

/// `mentor agenda`: one meeting's agenda, time-boxed.
struct AgendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Print the agenda of a group's meeting, time-boxed to the meeting's length.",
        discussion: """
            Topics come from the program's plans by the meeting's phase: the first meeting covers \
            orientation, check-in meetings the check-in plan, the last meeting the closing plan, and \
            regular meetings rotate through the plans (career, development needs, workplace), topics \
            not yet covered first. Each item has a time box, a lead and questions; the items add up \
            to 'meeting-minutes'. The program type adds its own items: a skill session the junior \
            leads (reverse), a rotating spotlight (circle), a round of updates and a rotating \
            facilitator (peer).

            Examples:
              mentor agenda Plans/examples/one-to-one.yaml --group ruiz-lin --meeting 1
              mentor agenda Plans/examples/circle.yaml --group diaz-circle --next --format html --output agenda.html
              mentor agenda Plans/examples/peer.yaml --meeting 3 --format ics > meeting-3.ics
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The meeting's number in the schedule (see 'mentor schedule').")
    var meeting: Int?

    @Flag(
        help:
            "The next meeting: the first not yet logged nor cancelled, or when nothing is logged, the first on or after today (the default)."
    )
    var next = false

    @Option(
        help:
            "Today's date for --next, as YYYY-MM-DD (default: the system date); the next meeting is then the first on or after it that is not logged yet."
    )
    var today: String?

    @Option(help: "md (Markdown, the default), html, json or ics (a calendar event).")
    var format: AgendaFormat = .md

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if meeting != nil, next { throw ValidationError("give either --meeting or --next, not both") }
        if let today, CalendarDate(today) == nil { throw ValidationError("--today must be a date written YYYY-MM-DD") }
    }

    func run() async throws {
        let (context, group) = try await ProgressContext.open(options, storeOptions, create: false)
        let state = context.state(of: group)
        if let exit = state.exit {
            FileHandle.standardError.write(
                Data(
                    "note: this group ended early when \(context.program.name(of: exit.leaver)) left (no fault); agendas are for reference\n"
                        .utf8))
        }
        let progress = state.agendaProgress(program: context.program)
        let agendas = try context.file.builder.agendas(for: group, progress: progress)
        var agenda = try pick(
            from: agendas, logged: state.meetings.isEmpty ? nil : progress.nextMeeting,
            recorded: Set(state.meetings.map(\.number)))
        // A meeting already logged: the agenda it had, and what the journal records of it.
        if let record = state.meetings.last(where: { $0.number == agenda.meeting }),
            let before = context.ledger.stateBefore(meeting: agenda.meeting, group: group.id)
        {
            let planned = try context.file.builder.agendas(for: group, progress: before.agendaProgress(program: context.program))
            if planned.indices.contains(agenda.meeting - 1) { agenda = planned[agenda.meeting - 1] }
            let titles = Dictionary(
                context.file.result.plans.flatMap { plan in
                    plan.topics.map { (TopicKey(plan: plan.id, topic: $0.id).description, $0.title) }
                }, uniquingKeysWith: { first, _ in first })
            agenda.record = HeldMeeting(
                held: record.held, date: state.date(ofMeeting: record.number) ?? agenda.date,
                present: record.attendees.map(context.program.name(of:)),
                covered: record.covered.map { titles[$0] ?? $0 })
        }
        let text: String
        switch format {
        case .md: text = AgendaRenderer.markdown(agenda)
        case .html: text = AgendaRenderer.html(agenda)
        case .json: text = try AgendaRenderer.json(agenda)
        case .ics:
            CalendarNotes.warnIfFloating(context.program)
            text = ICalendar.calendar(agendas: [agenda], program: context.program)
        }
        try emit(text, to: output)
    }

    /// The agenda `--meeting` names; else the next one: the first meeting not logged yet (`next`),
    /// or with `--today` the first on or after that day whose number is not `recorded`.
    private func pick(from agendas: [Agenda], logged next: Int?, recorded: Set<Int>) throws -> Agenda {
        if let meeting {
            guard agendas.indices.contains(meeting - 1) else { throw CLIError.noSuchMeeting(meeting, count: agendas.count) }
            return agendas[meeting - 1]
        }
        if let next, today == nil {
            guard agendas.indices.contains(next - 1) else {
                throw CLIError.noNextMeeting(last: agendas.last.map { $0.date.description } ?? "-")
            }
            return agendas[next - 1]
        }
        let day = today.flatMap(CalendarDate.init) ?? CalendarDate.today
        // A moved meeting can fall out of number order: the earliest by date is next. Cancelled ones are skipped.
        let open = agendas.filter { $0.date >= day && !recorded.contains($0.meeting) && !$0.isCancelled }
        guard let upcoming = open.min(by: { ($0.date, $0.meeting) < ($1.date, $1.meeting) }) else {
            throw CLIError.noNextMeeting(last: agendas.last.map { $0.date.description } ?? "-")
        }
        return upcoming
    }
}

/// Output formats of `mentor agenda`.
enum AgendaFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json, ics
}
