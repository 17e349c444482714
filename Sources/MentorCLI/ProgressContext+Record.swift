import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// How the recording commands name an event's fields in their errors: by the option that gave
/// the value. The messages themselves come from `ProgressRules`, shared with `import`.
struct ProblemNames {
    var names: [ProgressProblem.Field: String] = [
        .group: "--group", .date: "--date", .number: "--meeting", .attendees: "--attendees", .covered: "--covered",
        .plan: "--plan", .target: "--target", .owner: "--owner", .due: "--due", .by: "--by", .who: "--who", .rating: "--rating",
        .event: "--event", .reason: "--reason", .goal: "goal", .action: "action", .text: "the text", .id: "the event id",
        .program: "program", .to: "--to", .time: "--time", .location: "--location",
    ]

    /// The default names with `overrides`; `today` when the command dated the event today by itself.
    init(_ overrides: [ProgressProblem.Field: String] = [:], today: Bool = false) {
        if today { names[.date] = "today's date" }
        names.merge(overrides) { _, new in new }
    }

    /// One line per problem: `--attendees 'e999' is not in group 'ruiz-lin'; ...`.
    func message(_ problems: [ProgressProblem]) -> String {
        problems.map { "\(names[$0.field] ?? $0.path) \($0.message)" }.joined(separator: "\n")
    }
}

extension ProgressContext {
    /// A new event of the program for `group`, with a fresh id.
    func event(_ body: ProgressEvent.Body, group: ProgramGroup, date: CalendarDate) -> ProgressEvent {
        journal.event(body, group: group, date: date)
    }

    /// Checks `events` in order against the rules (the same ones `import` applies) and appends
    /// them in one transaction; nothing is written when any breaks a rule.
    func record(_ events: [ProgressEvent], names: ProblemNames = ProblemNames()) async throws {
        try await names.recording { () throws(RecordingError) in try await journal.record(events, after: ledger) }
    }
}

extension ProblemNames {
    /// Runs a recording, telling rule problems by the command's option names.
    func recording<T>(_ body: () async throws(RecordingError) -> T) async throws -> T {
        do {
            return try await body()
        } catch .rejected(let problems) {
            throw ValidationError(message(problems))
        } catch .store(let error) {
            throw error
        }
    }
}
