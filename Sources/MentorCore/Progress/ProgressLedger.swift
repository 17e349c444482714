/// A program's events in the order recorded, checked against its rules and folded into each
/// group's state: what agendas, reports and the recording commands work from.
///
/// Voided events count for nothing. A stored event that breaks a rule the fold relies on (see
/// ``ProgressRules``) is left out and listed in ``ignored``, so one bad event is reported by every
/// command rather than breaking them all; voiding it silences the report.
public struct ProgressLedger: Sendable {
    /// An event left out of the fold, and why.
    public struct Ignored: Sendable, Equatable {
        public var event: ProgressEvent
        public var problems: [ProgressProblem]
    }

    /// The rules events are checked against.
    public let rules: ProgressRules
    /// Every event, voided or not, in the order recorded.
    public private(set) var events: [ProgressEvent] = []
    /// Each group's state, by group id.
    public private(set) var states: [String: GroupState] = [:]
    /// Voids in force, by the id of the event voided.
    public private(set) var voids: [String: VoidRecord] = [:]
    /// Stored events left out of the fold because they break a rule.
    public private(set) var ignored: [Ignored] = []
    /// Ids of events recorded but not applied because a void for them follows (see ``recordVoided(_:)``).
    private var awaitingVoid: Set<String> = []
    /// Stored rows that can't be read, their group by their id: they can be voided like any event.
    public private(set) var unreadable: [String: String] = [:]

    /// An empty ledger.
    public init(rules: ProgressRules) { self.rules = rules }

    /// Folds events read from a journal: voids first, then every other event that keeps the rules.
    /// `unreadable` names the rows that could not be decoded (group by id), so that voids of them hold.
    public init(rules: ProgressRules, stored: [ProgressEvent], unreadable: [String: String] = [:]) {
        self.rules = rules
        events = stored
        self.unreadable = unreadable
        voids = Self.voidsInForce(stored, unreadable: unreadable)
        // One group's state is held out of `states` while its events (stored group by group in a
        // report's fold) are applied: no copy of it per event (a copy kept alive across `apply`
        // would make every apply copy the group's arrays), and no closure capturing the rules
        // (a `default:` or `??` would copy the whole ProgressRules, program and all, per event).
        var group: String? // the group whose state is `state`, held out of `states`
        var state = GroupState(group: "")
        var keep = false // whether `state` goes back into `states`: it was there, or an event was applied
        for event in stored where voids.isEmpty || voids[event.id] == nil {
            if case .void = event.body { continue }
            if group != event.group {
                if let group, keep { states[group] = state }
                group = event.group
                if let stored = states.removeValue(forKey: event.group) {
                    (state, keep) = (stored, true)
                } else {
                    (state, keep) = (rules.emptyState(event.group), false)
                }
            }
            let problems = rules.problems(event, state: state, strict: false)
            guard problems.isEmpty else {
                ignored.append(Ignored(event: event, problems: problems))
                continue
            }
            state.apply(event)
            keep = true
        }
        if let group, keep { states[group] = state }
        for event in stored {
            if case .void(let record) = event.body, voids[record.event] != record {
                ignored.append(
                    Ignored(
                        event: event,
                        problems: [
                            .init(
                                .event,
                                "'\(record.event)' can't be voided here: it is missing, recorded later, in another group, or itself a void")
                        ]))
            }
        }
    }

    /// `state`, the fold of a group's events so far, with `later` (the same group's events
    /// recorded after those) applied as ``init(rules:stored:unreadable:)`` applies them: each that
    /// keeps the rules, in order. Nil when one of them is a void, which may undo an earlier event:
    /// then the group is folded whole. (No earlier void can cancel a later event: a void holds only
    /// for an event recorded before it.)
    public static func state(_ state: GroupState, continuedWith later: [ProgressEvent], rules: ProgressRules) -> GroupState? {
        var state = state
        for event in later {
            if case .void = event.body { return nil }
            guard rules.problems(event, state: state, strict: false).isEmpty else { continue }
            state.apply(event)
        }
        return state
    }

    /// The group's state just before meeting `number` was first recorded (events voided since
    /// left out), or nil when it is not recorded: what its agenda was planned from.
    public func stateBefore(meeting number: Int, group: String) -> GroupState? {
        guard let index = events.firstIndex(where: { $0.group == group && $0.meetingNumber == number && voids[$0.id] == nil }) else {
            return nil
        }
        let earlier = events[..<index].filter { $0.group == group && voids[$0.id] == nil }
        return ProgressLedger(rules: rules, stored: Array(earlier)).state(of: group)
    }

    /// One group's state (empty when nothing is recorded).
    public func state(of group: String) -> GroupState {
        if let state = states[group] { return state }
        return rules.emptyState(group) // not in a `??`, whose closure would copy the rules
    }

    /// The event with id `id`, if recorded.
    public func event(_ id: String) -> ProgressEvent? { events.first { $0.id == id } }

    // MARK: - Recording

    /// What is wrong with `event` as the next event; empty when it may be recorded.
    public func problems(_ event: ProgressEvent) -> [ProgressProblem] {
        guard case .void(let record) = event.body else {
            return rules.problems(event, state: state(of: event.group))
        }
        return rules.problems(event, state: state(of: event.group)) + voidProblems(record, in: event)
    }

    /// Checks `event` and, when it keeps the rules, adds it; returns the problems otherwise.
    public mutating func record(_ event: ProgressEvent) -> [ProgressProblem] {
        let problems = problems(event)
        guard problems.isEmpty else { return problems }
        events.append(event)
        if case .void(let record) = event.body {
            voids[record.event] = record
            awaitingVoid.remove(record.event)
            refold(event.group)
        } else {
            if states[event.group] == nil { states[event.group] = rules.emptyState(event.group) }
            states[event.group]?.apply(event) // in place
        }
        return []
    }

    /// Adds an event that a void later in the same batch cancels: only its program and group are
    /// checked (an import may carry a mistake together with its void), and it is not folded.
    public mutating func recordVoided(_ event: ProgressEvent) -> [ProgressProblem] {
        var problems = rules.problems(event, state: state(of: event.group)).filter { $0.field == .program || $0.field == .group }
        if event.id.isEmpty { problems.append(.init(.id, "'' is empty: every event needs an id")) }
        guard problems.isEmpty else { return problems }
        events.append(event)
        awaitingVoid.insert(event.id)
        return []
    }

    private func voidProblems(_ record: VoidRecord, in void: ProgressEvent) -> [ProgressProblem] {
        if event(record.event) == nil, let group = unreadable[record.event] {
            var problems: [ProgressProblem] = []
            if group != void.group {
                problems.append(.init(.group, "'\(void.group)' is not the group of event '\(record.event)' ('\(group)')"))
            }
            if let earlier = voids[record.event] {
                problems.append(.init(.event, "'\(record.event)' is already voided (\(earlier.reason))"))
            }
            return problems
        }
        guard let target = event(record.event) else {
            return [
                .init(
                    .event,
                    "'\(record.event)' is not an event of program '\(rules.program.name)' in this journal; "
                        + "'mentor export' lists the events with their ids")
            ]
        }
        var problems: [ProgressProblem] = []
        if record.reason.allSatisfy(\.isWhitespace) {
            problems.append(.init(.reason, "'\(record.reason)' is empty: say why in a few words"))
        }
        if target.group != void.group {
            problems.append(.init(.group, "'\(void.group)' is not the group of event '\(target.id)' ('\(target.group)')"))
        }
        if case .void = target.body {
            problems.append(.init(.event, "'\(target.id)' is itself a void; record the voided event again instead"))
        } else if let earlier = voids[target.id] {
            problems.append(.init(.event, "'\(target.id)' is already voided (\(earlier.reason))"))
        }
        let dependents = dependents(of: target)
        if !dependents.isEmpty {
            problems.append(
                .init(
                    .event,
                    "'\(target.id)' is needed by later events that are not voided: "
                        + dependents.joined(separator: ", ") + "; void those first"))
        }
        return problems
    }

    /// Ids of later events, not voided, that refer to what `target` created (a goal, an action).
    private func dependents(of target: ProgressEvent) -> [String] {
        let live = events.filter { $0.group == target.group && voids[$0.id] == nil && $0.id != target.id }
        switch target.body {
        case .goal(let goal) where goal.change == .set:
            return live.filter { if case .goal(let other) = $0.body { other.goal == goal.goal } else { false } }.map(\.id)
        case .action(let action) where action.change == .added:
            return live.filter { if case .action(let other) = $0.body { other.action == action.action } else { false } }.map(\.id)
        default:
            return []
        }
    }

    private mutating func refold(_ group: String) {
        var state = rules.emptyState(group)
        for event in events where event.group == group && voids[event.id] == nil && !awaitingVoid.contains(event.id) {
            if case .void = event.body { continue }
            state.apply(event)
        }
        states[group] = state
    }

    /// Voids whose target was recorded before them, by the target's id (the first void of an event wins).
    static func voidsInForce(_ events: [ProgressEvent], unreadable: [String: String]) -> [String: VoidRecord] {
        var wanted: [String: (index: Int, record: VoidRecord, group: String)] = [:]
        for (index, event) in events.enumerated() {
            if case .void(let record) = event.body, wanted[record.event] == nil {
                wanted[record.event] = (index, record, event.group)
            }
        }
        guard !wanted.isEmpty else { return [:] }
        var voids: [String: VoidRecord] = [:]
        for (id, void) in wanted where unreadable[id] == void.group { voids[id] = void.record }
        for (index, event) in events.enumerated() {
            guard let void = wanted[event.id], index < void.index, event.group == void.group else { continue }
            if case .void = event.body { continue }
            voids[event.id] = void.record
        }
        return voids
    }
}
