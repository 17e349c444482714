import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import PlanYAML

// MARK: - log

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

// MARK: - goal

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

// MARK: - action

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

// MARK: - checkin and exit

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

// MARK: - void

/// `mentor void`: a correction that keeps the journal append-only.
struct VoidCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void",
        abstract: "Void an event recorded by mistake: it stays in the journal, but agendas and reports leave it out.",
        discussion: """
            The journal is append-only: a mistake is corrected by a new event that voids the wrong \
            one by its id ('mentor export' shows the ids), then the right event is recorded again. \
            Voids appear in exports and are imported with them. A goal or action item can be voided \
            only after the later events that change it.

            Example:
              mentor void Plans/examples/one-to-one.yaml --event 4f1c... --reason "logged the wrong meeting"
            """
    )

    @OptionGroup var options: ProgramOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The id of the event to void (see 'mentor export').") var event: String
    @Option(help: "Why it is void, in a few words.") var reason: String

    func run() async throws {
        let context = try await ProgressContext(program: options.program, store: storeOptions, create: true)
        let target = context.ledger.event(event)
        // The void belongs to the voided event's group; an unknown id is reported by the rules
        // (any group will do for that).
        let groupID = options.group ?? target?.group ?? context.program.groups.first?.id
        let group = try context.file.group(groupID)
        try await context.record([context.event(.void(VoidRecord(event: event, reason: reason)), group: group, date: .today)])
        let what = target.map { " (\($0.kind.rawValue) of \($0.group) on \($0.date))" } ?? ""
        print("voided event \(event)\(what); agendas and reports leave it out from now on")
    }
}
