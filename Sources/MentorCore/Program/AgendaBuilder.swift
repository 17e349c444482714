/// Builds the agendas of a group's meetings from the program's plans and its type's shape.
///
/// Topics are drawn by phase: the orientation meeting takes orientation topics, check-ins take
/// check-in topics, the closing takes closing topics, and ongoing meetings rotate through the
/// program's plans one topic each in turn (career, development needs, workplace, career, ...),
/// topics not yet covered first. Topics that don't fit a meeting wait for the next one; once every
/// ongoing topic is covered the rotation starts again. The same inputs give the same agendas.
public struct AgendaBuilder: Sendable {
    /// The program.
    public let program: Program
    /// The program's type.
    public let type: ProgramTypeHandle
    private let pools: [Phase: [PoolTopic]]
    /// `plan/topic` of every pool topic, by its number; coverage is tracked by number.
    private let keys: [String]
    /// The shapes of one group's meetings without progress, kept from the load's fixed-minutes
    /// check so that the command's agendas for that group don't shape every meeting again.
    private var checkedShapes: (group: ProgramGroup, shapes: [AgendaShape])?

    /// Minutes a meeting gives to talking over a workshop the group attended.
    public static let workshopMinutes = 10

    /// "After the workshop: TITLE", led by whoever the type has lead the mentee's topics (the
    /// facilitator in a peer group), with the workshop's `discuss:` prompts.
    private func discussion(of workshop: ProgramEvent, shape: AgendaShape) -> AgendaItem {
        let lead = shape.facilitator.map(program.name(of:)) ?? shape.leads[.mentee] ?? "Everyone"
        return AgendaItem(
            kind: .workshop, title: "After the workshop: \(workshop.title)", minutes: Self.workshopMinutes, lead: lead,
            guidance: "Talk over what the workshop on \(workshop.date) brought up and what to try.",
            prompts: workshop.discuss.isEmpty ? ["What from the workshop will you use, and how?"] : workshop.discuss)
    }

    /// Leftover time of at least this many minutes becomes an "Open conversation" item; less is
    /// added to the last topic.
    public static let openConversationMinimum = 10

    /// A builder for `program`, drawing topics from `plans` (those that apply to the type).
    public init(program: Program, plans: [PlanTemplate], type: ProgramTypeHandle) {
        self.program = program
        self.type = type
        let usable = plans.filter { $0.applies(to: program.type) }
        var pools: [Phase: [PoolTopic]] = [:]
        var keys: [String] = []
        for phase in Phase.allCases {
            let lists = usable.map { plan in
                plan.topics.filter { $0.phase == phase && $0.applies(to: program.type) }.map { topic in
                    keys.append(TopicKey(plan: plan.id, topic: topic.id).description)
                    return PoolTopic(plan: plan.id, topic: topic, number: keys.count - 1)
                }
            }
            pools[phase] = phase == .ongoing ? Self.interleaved(lists) : lists.flatMap { $0 }
        }
        self.pools = pools
        self.keys = keys
    }

    /// The group's schedule, from its type, each meeting with its time and place (the group's
    /// own, else the program's), then with the journal's `changes` (moved or cancelled meetings).
    public func schedule(for group: ProgramGroup, changes: [Int: MeetingChanges] = [:]) throws(ProgramTypeError) -> [Meeting] {
        let time = program.time(for: group)
        let location = program.location(for: group)
        return try type.schedule(for: group, in: program).map { planned in
            var meeting = planned
            meeting.time = meeting.time ?? time
            meeting.location = meeting.location ?? location
            return changes[meeting.number]?.applied(to: meeting) ?? meeting
        }
    }

    /// Every meeting's agenda, in order. `progress` marks topics already covered, carries open
    /// actions into its next meeting and puts topics of plans with open goals first. Throws when
    /// the type's hooks fail (only external types can) or shape a meeting its items can't fit.
    ///
    /// A cancelled meeting's agenda has no items: its topics go to the next meeting held.
    public func agendas(for group: ProgramGroup, progress: GroupProgress = .none) throws(ProgramTypeError) -> [Agenda] {
        let schedule = try schedule(for: group, changes: progress.scheduleChanges)
        var covered = keys.map { progress.coveredTopics.contains($0) }
        let ongoing = pools[.ongoing] ?? []
        let focused =
            progress.focusPlans.isEmpty
            ? ongoing
            : ongoing.filter { progress.focusPlans.contains($0.plan) } + ongoing.filter { !progress.focusPlans.contains($0.plan) }
        // All of a group's meetings are shaped in one call, so an external type answers them in
        // one request; for compiled types it is one array per group, none per meeting.
        let contexts = contexts(for: group, schedule: schedule, progress: progress)
        let shapes: [AgendaShape]
        if let checked = checkedShapes, progress == .none, checked.group == group, checked.shapes.count == contexts.count {
            shapes = checked.shapes
        } else {
            shapes = try type.shapes(for: contexts)
        }
        var agendas: [Agenda] = []
        agendas.reserveCapacity(schedule.count)
        // Workshops the group was invited to wait for its first meeting after them (and the next,
        // when their discussion does not fit).
        var workshops = program.events(for: group).filter { $0.kind == .workshop }[...]
        var pending: [ProgramEvent] = []
        for (context, shape) in zip(contexts, shapes) {
            if context.meeting.isCancelled {
                agendas.append(cancelledAgenda(context, shape: shape))
            } else {
                while let workshop = workshops.first, workshop.date < context.meeting.date {
                    pending.append(workshop)
                    workshops = workshops.dropFirst()
                }
                agendas.append(try agenda(context, shape: shape, ongoing: focused, covered: &covered, workshops: &pending))
            }
        }
        return agendas
    }

    /// The fixed minutes the type needs in an ongoing meeting of `group` (for validation).
    ///
    /// Every meeting of the group is shaped, not just the one looked at: that is the request
    /// `agendas(for:)` makes without progress, so an external type answers it once per run (its
    /// replies are reused), and a compiled type's extra shapes cost microseconds once per load.
    public func fixedMinutes(for group: ProgramGroup) throws(ProgramTypeError) -> Int {
        var copy = self
        return try copy.checkFixedMinutes(for: group)
    }

    /// `fixedMinutes(for:)`, keeping the shapes for this builder's later `agendas(for: group)`
    /// without progress: the loader's check and the command then shape the meetings once.
    mutating func checkFixedMinutes(for group: ProgramGroup) throws(ProgramTypeError) -> Int {
        let schedule = try schedule(for: group)
        guard let index = schedule.firstIndex(where: { $0.phase == .ongoing }) ?? schedule.indices.first else { return 0 }
        let shapes = try type.shapes(for: contexts(for: group, schedule: schedule, progress: .none))
        checkedShapes = (group, shapes)
        return shapes[index].fixedMinutes
    }

    /// What the type is told about each meeting of `group`; open actions go to the next meeting.
    private func contexts(for group: ProgramGroup, schedule: [Meeting], progress: GroupProgress) -> [AgendaContext] {
        schedule.map { meeting in
            AgendaContext(
                program: program, group: group, meeting: meeting, schedule: schedule,
                openActions: meeting.number == progress.nextMeeting ? progress.openActions : [],
                departures: progress.departures, attendance: progress.attendance)
        }
    }

    // MARK: - One meeting

    private func agenda(
        _ context: AgendaContext, shape: AgendaShape, ongoing: [PoolTopic], covered: inout [Bool],
        workshops: inout [ProgramEvent]
    ) throws(ProgramTypeError) -> Agenda {
        var opening = shape.opening
        if !context.openActions.isEmpty {
            opening.append(
                AgendaItem(
                    kind: .actions, title: "Open action items", minutes: 5, lead: shape.leads[.mentee] ?? "Everyone",
                    prompts: context.openActions.map { action in
                        [action.text, action.owner.map { "(\($0))" }, action.due.map { "due \($0)" }]
                            .compactMap { $0 }.joined(separator: " ")
                    }))
        }
        var fixed = 0
        var shortest = Int.max
        for item in [opening, shape.closing].joined() {
            fixed += item.minutes
            shortest = min(shortest, item.minutes)
        }
        if fixed > program.meetingMinutes || shortest < 1 {
            // Compiled types never get here (the loader checks their fixed minutes); an external
            // type's answer is checked rather than trusted, so a bad one can't break an agenda.
            throw .unsoundAnswer(
                type: type.id, origin: type.origin, hook: "agenda",
                reason:
                    "group '\(context.group.id)' meeting \(context.meeting.number): the type's own items take \(fixed) minutes "
                    + "(each at least 1), but the meeting has \(program.meetingMinutes)")
        }
        let pool = context.meeting.phase == .ongoing ? ongoing : pools[context.meeting.phase] ?? []
        var budget = program.meetingMinutes - fixed
        var discussions: [AgendaItem] = []
        workshops.removeAll { workshop in
            guard Self.workshopMinutes <= budget - 5 else { return false } // leave room for at least a short topic
            budget -= Self.workshopMinutes
            discussions.append(discussion(of: workshop, shape: shape))
            return true
        }
        var topics =
            discussions
            + chooseTopics(for: context.meeting.phase, from: pool, budget: budget, covered: &covered)
            .map { item(for: $0, shape: shape) }
        let used = topics.reduce(0) { $0 + $1.minutes }
        let leftover = program.meetingMinutes - fixed - used
        if leftover >= Self.openConversationMinimum || (topics.isEmpty && leftover > 0) {
            topics.append(
                AgendaItem(
                    kind: .open, title: "Open conversation", minutes: leftover,
                    lead: shape.leads[.any] ?? "Everyone",
                    prompts: ["What else is on your mind that we have not touched on?"]))
        } else if leftover > 0 {
            topics[topics.count - 1].minutes += leftover
        }
        var items = opening + topics + shape.closing
        var start = 0
        for index in items.indices {
            items[index].start = start
            start += items[index].minutes
        }
        let name = { (id: String?) in id.map(program.name(of:)) }
        var agenda = Agenda(
            program: program.name, type: program.type, group: context.group.id, meeting: context.meeting.number,
            meetings: context.schedule.count, date: context.meeting.date, time: context.meeting.time ?? program.time(for: context.group),
            phase: context.meeting.phase, minutes: program.meetingMinutes, facilitator: name(shape.facilitator),
            spotlight: name(shape.spotlight), participants: shape.participants, items: items)
        agenda.place(context.meeting, in: program)
        return agenda
    }

    /// A cancelled meeting: who would have come, no items.
    private func cancelledAgenda(_ context: AgendaContext, shape: AgendaShape) -> Agenda {
        var agenda = Agenda(
            program: program.name, type: program.type, group: context.group.id, meeting: context.meeting.number,
            meetings: context.schedule.count, date: context.meeting.date, time: context.meeting.time ?? program.time(for: context.group),
            phase: context.meeting.phase, minutes: program.meetingMinutes, facilitator: nil, spotlight: nil,
            participants: shape.participants, items: [])
        agenda.place(context.meeting, in: program)
        return agenda
    }

    /// Topics for a meeting of `phase` within `budget` minutes: carried-over orientation topics
    /// first (in ongoing meetings), then uncovered topics of the phase in pool order, skipping any
    /// that would overrun. When nothing fits, the first candidate is shortened to the budget.
    private func chooseTopics(for phase: Phase, from own: [PoolTopic], budget: Int, covered: inout [Bool]) -> [PoolTopic] {
        guard budget > 0 else { return [] }
        if phase == .ongoing, !own.isEmpty, own.allSatisfy({ covered[$0.number] }) {
            own.forEach { covered[$0.number] = false } // every ongoing topic discussed: start a new round
        }
        let carried = phase == .ongoing ? pools[.orientation] ?? [] : []
        var chosen: [PoolTopic] = []
        var remaining = budget
        var firstUncovered: PoolTopic?
        for candidate in [carried, own].joined() where !covered[candidate.number] {
            firstUncovered = firstUncovered ?? candidate
            if candidate.topic.minutes <= remaining {
                chosen.append(candidate)
                remaining -= candidate.topic.minutes
            }
        }
        if chosen.isEmpty, var first = firstUncovered {
            first.topic.minutes = budget
            chosen = [first]
        }
        chosen.forEach { covered[$0.number] = true }
        return chosen
    }

    private func item(for entry: PoolTopic, shape: AgendaShape) -> AgendaItem {
        let topic = entry.topic
        return AgendaItem(
            kind: .topic, title: topic.title, minutes: topic.minutes, lead: shape.leads[topic.lead] ?? "Everyone",
            plan: entry.plan, topic: topic.id, confidential: topic.confidential, guidance: topic.guidance,
            prompts: topic.prompts)
    }

    /// One from each list in turn: a1, b1, c1, a2, b2, ...
    static func interleaved<T>(_ lists: [[T]]) -> [T] {
        var result: [T] = []
        let longest = lists.map(\.count).max() ?? 0
        for index in 0..<longest {
            for list in lists where index < list.count { result.append(list[index]) }
        }
        return result
    }
}

/// A topic with the plan it comes from and its number in the builder's pool.
struct PoolTopic: Sendable {
    var plan: String
    var topic: Topic
    var number: Int
}
