import ArgumentParser
import Foundation
import MentorCore
import MentorStore

/// How the recording commands name an event's fields in their errors: by the option that gave
/// the value. The messages themselves come from `ProgressRules`, shared with `import`.
struct ProblemNames {
    var names: [ProgressProblem.Field: String] = [
        .group: "--group", .date: "--date", .number: "--meeting", .attendees: "--attendees", .covered: "--covered",
        .plan: "--plan", .target: "--target", .owner: "--owner", .due: "--due", .by: "--by", .rating: "--rating",
        .event: "--event", .reason: "--reason", .goal: "goal", .action: "action", .text: "the text", .id: "the event id",
        .program: "program",
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
        ProgressEvent(id: UUID().uuidString.lowercased(), program: program.name, group: group.id, date: date, body: body)
    }

    /// Checks `events` in order against the rules (the same ones `import` applies) and appends
    /// them in one transaction; nothing is written when any breaks a rule.
    func record(_ events: [ProgressEvent], names: ProblemNames = ProblemNames()) throws {
        var ledger = self.ledger
        for event in events {
            let problems = ledger.record(event)
            if !problems.isEmpty { throw ValidationError(names.message(problems)) }
        }
        try writer().append(events)
    }

    /// Appends an event numbered within the group (goals g1, g2, ...; actions a1, a2, ...), the
    /// number taken inside the write so that concurrent writers never share one. The event is
    /// checked against the rules first, with the number it will most likely get.
    func recordNumbered(kind: String, field: ProgressProblem.Field, prefix: String, group: ProgramGroup, date: CalendarDate,
                        names: ProblemNames = ProblemNames(),
                        _ body: @escaping @Sendable (Int) -> ProgressEvent.Body) throws -> ProgressEvent {
        let likely = event(body(nextNumber(kind: kind, prefix: prefix, group: group)), group: group, date: date)
        let problems = ledger.problems(likely)
        if !problems.isEmpty { throw ValidationError(names.message(problems)) }
        let store = try writer()
        let (program, groupID) = (self.program.name, group.id)
        let key = String(field.rawValue.dropFirst("details.".count))
        return try store.appendNumbered(program: program, group: groupID, kind: kind, field: key, prefix: prefix) { number in
            ProgressEvent(id: UUID().uuidString.lowercased(), program: program, group: groupID, date: date, body: body(number))
        }
    }

    /// The number the store will most likely give the next numbered event (see `appendNumbered`).
    private func nextNumber(kind: String, prefix: String, group: ProgramGroup) -> Int {
        let numbered = events.filter { $0.group == group.id && $0.kind == kind }
        let highest = numbered.compactMap { event -> Int? in
            switch event.body {
            case .goal(let goal): return goal.goal.hasPrefix(prefix) ? Int(goal.goal.dropFirst(prefix.count)) : nil
            case .action(let action): return action.action.hasPrefix(prefix) ? Int(action.action.dropFirst(prefix.count)) : nil
            default: return nil
            }
        }.max() ?? 0
        return max(highest, numbered.count) + 1
    }
}
