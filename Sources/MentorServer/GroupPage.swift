import MentorCore

/// The values the `group` template shows: the next agenda, the schedule, goals, actions, the
/// meetings held and, for the group's members, the private notes and the forms.
struct GroupPage {
    let served: ServedProgram
    let group: ProgramGroup
    let role: GroupRole
    let state: GroupState
    let csrf: String

    /// The forms' submitted values and problems when one comes back (`form` names which).
    var returned: (form: String, values: FormData, problems: [String: [String]])?

    var isMember: Bool { if case .member = role { return true } else { return false } }
    var program: Program { served.program }
    /// The visitor's own departure, when they are a member who left the group.
    var ownDeparture: GroupState.Departure? { if case .member(let id) = role { return state.departure(of: id) } else { return nil } }
    /// A member still in the group: fills in its forms.
    var isActive: Bool { isMember && ownDeparture == nil }
    /// Sees the group's private notes, check-in answers and exit reason: a member still in it, or
    /// the one whose leaving ended it (a pair's notes stay with the pair). Someone who left a group
    /// that goes on doesn't see what it records after.
    var seesPrivate: Bool { isActive || (ownDeparture != nil && ownDeparture?.person == state.exit?.leaver) }
    /// Those still in the group.
    var remaining: ProgramGroup { state.remaining(of: group) }

    /// Every value of the page.
    func values() async throws(ProgramTypeError) -> [String: Any] {
        let progress = state.agendaProgress(program: program)
        let schedule = try await served.schedule(for: group, changes: progress.scheduleChanges)
        let agendas = try await served.agendas(for: group, progress: progress)
        let next =
            state.exit == nil && ownDeparture == nil
            ? agendas.first { agenda in !agenda.isCancelled && !state.meetings.contains { $0.number == agenda.meeting } } : nil
        var values: [String: Any] = [
            "csrf": csrf, "isMember": isMember, "isCoordinator": !isMember,
            "program": ["id": program.id, "name": program.name],
            "group": ["id": group.id, "people": people()],
            "schedule": scheduleRows(schedule, next: next?.meeting),
            "usually": "at \(program.time(for: group))" + (program.timeZone.map { " (\($0))" } ?? "")
                + (program.location(for: group).map { ", \($0)" } ?? ""),
            "ownPlaces": schedule.contains { $0.location != program.location(for: group) },
            "goals": goals(), "hasGoals": !state.goals.isEmpty,
            "actions": actions(), "hasActions": !state.actions.isEmpty, "earlierDone": earlierDone, "hasEarlierDone": earlierDone > 0,
            "meetings": meetings(), "hasMeetings": !state.meetings.isEmpty,
            "checkIns": checkIns(), "hasCheckIns": !state.checkIns.isEmpty,
            "path": "/programs/\(program.id)/groups/\(group.id)",
        ]
        if let next {
            values["next"] = [
                "number": next.meeting, "of": next.meetings, "date": next.date.description,
                "time": next.time.description, "agendaHTML": AgendaRenderer.htmlBody(next),
            ]
        }
        if let exit = state.exit {
            values["exit"] = [
                "by": program.name(of: exit.leaver), "reason": seesPrivate ? exit.reason ?? "" : "",
                "noun": group.members.count == 2 ? "partnership" : "group",
            ]
        }
        let others = state.departures.filter { ($0.person != state.exit?.leaver || state.exit == nil) && $0.person != ownDeparture?.person }
        if !others.isEmpty {
            values["departures"] = others.map { ["name": program.name(of: $0.person), "date": $0.date.description] }
        }
        if let own = ownDeparture {
            values["left"] = ["date": own.date.description]
        }
        if isActive, state.exit == nil {
            values["forms"] = forms(next: next)
        }
        return values
    }

    // MARK: - Sections

    /// Everyone the program file lists in the group; those who left say so.
    private func people() -> [[String: Any]] {
        func row(_ id: String, _ role: String) -> [String: Any] {
            ["name": program.name(of: id), "role": state.departure(of: id).map { "\(role), left \($0.date)" } ?? role]
        }
        return (group.mentor.map { [row($0, "mentor")] } ?? []) + group.mentees.map { row($0, "mentee") }
            + group.peers.map { row($0, "peer") }
    }

    private func scheduleRows(_ schedule: [Meeting], next: Int?) -> [[String: Any]] {
        schedule.map { meeting in
            let record = state.meetings.last { $0.number == meeting.number }
            let status =
                record.map { $0.held ? "held" : "missed" }
                ?? (meeting.isCancelled ? "cancelled" : meeting.number == next ? "next" : meeting.change != nil ? "moved" : "")
            // The usual place is said once above the table; a row names only a place of its own.
            let place = meeting.location == program.location(for: group) ? "" : meeting.location ?? ""
            return [
                "number": meeting.number, "date": meeting.date.description, "phase": meeting.phase.rawValue, "status": status,
                "time": (meeting.time ?? program.time(for: group)).description, "location": place,
            ]
        }
    }

    private func goals() -> [[String: Any]] {
        state.goals.map { goal in
            [
                "id": goal.id, "text": goal.text, "status": goal.status.rawValue, "isOpen": goal.isOpen,
                "plan": goal.plan ?? "", "target": goal.target?.description ?? "", "csrf": csrf, "canChange": isActive && goal.isOpen,
                "path": "/programs/\(program.id)/groups/\(group.id)/goals/\(goal.id)",
            ]
        }
    }

    /// Done actions listed under the open ones: the latest few. The page is opened at every
    /// meeting, and a group that has done two hundred actions wants the open ones, not a long
    /// list (which also took half of the page's time to render); `mentor export` has them all.
    static let doneShown = 5

    /// Done actions older than those listed.
    private var earlierDone: Int { max(0, state.actions.count { $0.done } - Self.doneShown) }

    /// Every open action, and the latest `doneShown` done ones, in the order they were added.
    private func actions() -> [[String: Any]] {
        var skip = earlierDone
        return state.actions.filter { action in
            guard action.done, skip > 0 else { return true }
            skip -= 1
            return false
        }.map { action in
            [
                "id": action.id, "text": action.text, "owner": action.owner.map(program.name(of:)) ?? "",
                "due": action.due?.description ?? "", "done": action.done, "csrf": csrf, "canComplete": isActive && !action.done,
                "path": "/programs/\(program.id)/groups/\(group.id)/actions/\(action.id)/done",
            ]
        }
    }

    private func meetings() -> [[String: Any]] {
        state.meetings.sorted { $0.number < $1.number }.map { record in
            [
                "number": record.number, "held": record.held,
                "attendees": record.attendees.map(program.name(of:)).joined(separator: ", "),
                "covered": record.covered.map(topicTitle).joined(separator: "; "),
                "notes": seesPrivate ? record.notes ?? "" : "",
            ]
        }
    }

    private func checkIns() -> [[String: Any]] {
        state.checkIns.map { record in
            [
                "by": program.name(of: record.by), "rating": record.rating,
                "answers": seesPrivate ? record.answers.joined(separator: " · ") : "",
            ]
        }
    }

    /// `plan/topic` as the topic's title, or the key when the plans no longer have it.
    private func topicTitle(_ key: String) -> String {
        guard let parsed = TopicKey(key), let plan = served.plans.first(where: { $0.id == parsed.plan }),
            let topic = plan.topics.first(where: { $0.id == parsed.topic })
        else { return key }
        return topic.title
    }

    // MARK: - Forms

    /// Whether the group ends if `person` leaves it, per its type's rule.
    func endsIfLeaving(_ person: String) -> Bool {
        served.builder.type.description.continuity.ends(group, without: Set(state.departures.map(\.person) + [person]))
    }

    /// The forms' fields, defaults (attendees and covered topics pre-ticked from the agenda) and,
    /// for a form that came back, the values sent and the problems next to their fields.
    private func forms(next: Agenda?) -> [String: Any] {
        func sent(_ form: String) -> FormData? { returned?.form == form ? returned?.values.truncated(to: FormCheck.maxText) : nil }
        func problems(_ form: String) -> [String: [String]] { returned?.form == form ? returned?.problems ?? [:] : [:] }
        let log = sent("log")
        let topics =
            next?.items.compactMap { item -> [String: Any]? in
                guard let key = item.topicKey?.description else { return nil }
                return [
                    "key": key, "title": item.title, "confidential": item.confidential,
                    "checked": log.map { $0.all("covered").contains(key) } ?? true,
                ]
            } ?? []
        let members = remaining.members.map { id -> [String: Any] in
            ["id": id, "name": program.name(of: id), "checked": log.map { $0.all("attendees").contains(id) } ?? true]
        }
        let me: String = { if case .member(let id) = role { return id } else { return "" } }()
        return [
            "log": [
                "meeting": log?["meeting"] ?? next.map { String($0.meeting) } ?? "",
                "date": log?["date"] ?? next?.date.description ?? "", "attendees": members, "topics": topics,
                "notes": log?["notes"] ?? "", "trainingNeed": log?["training-need"] ?? "",
                "missed": log?["missed"] != nil, "errors": problems("log"),
            ],
            "goal": [
                "text": sent("goal")?["text"] ?? "", "target": sent("goal")?["target"] ?? "",
                "plans": served.plans.map { ["id": $0.id, "title": $0.title, "selected": sent("goal")?["plan"] == $0.id] },
                "errors": problems("goal"),
            ],
            "action": [
                "text": sent("action")?["text"] ?? "", "due": sent("action")?["due"] ?? "",
                "owners": remaining.members.map {
                    [
                        "id": $0, "name": program.name(of: $0),
                        "selected": (sent("action")?["owner"] ?? me) == $0,
                    ]
                },
                "errors": problems("action"),
            ],
            "checkIn": [
                "ratings": (1...5).map { ["value": $0, "selected": sent("check-in")?["rating"] == String($0)] },
                "answers": sent("check-in")?["answers"] ?? "", "feedback": sent("check-in")?["feedback"] ?? "",
                "errors": problems("check-in"),
            ],
            "exit": ["reason": sent("exit")?["reason"] ?? "", "errors": problems("exit"), "endsGroup": endsIfLeaving(me)],
            "move": [
                "meeting": sent("move")?["meeting"] ?? next.map { String($0.meeting) } ?? "",
                "to": sent("move")?["to"] ?? "", "time": sent("move")?["time"] ?? "",
                "location": sent("move")?["location"] ?? "", "reason": sent("move")?["reason"] ?? "",
                "cancel": sent("move")?["cancel"] != nil, "errors": problems("move"),
            ],
            "changeErrors": problems("goal-change").merging(problems("action-done")) { $0 + $1 },
        ]
    }
}
