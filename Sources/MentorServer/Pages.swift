import Hummingbird
import MentorCore

/// Responses the routes share.
enum Pages {
    /// An HTML page.
    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A 303 to `location` (after a form, or to the sign-in page).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// The home page's values: the visitor's groups in every program served.
struct HomePage {
    let programs: [ServedProgram]
    let visitor: Visitor

    /// A group the visitor is in, and its state.
    struct Membership {
        let served: ServedProgram
        let person: Person
        let group: ProgramGroup
        var state: GroupState
    }

    /// Each group the visitor is in, program by program, as the cards list them; `state` gives
    /// each group's state.
    func memberships(state: (ServedProgram, ProgramGroup) async throws -> GroupState) async throws -> [Membership] {
        var memberships: [Membership] = []
        for served in programs {
            guard let person = served.program.person(email: visitor.email) else { continue }
            for group in served.program.groups(of: person.id) {
                memberships.append(Membership(served: served, person: person, group: group, state: try await state(served, group)))
            }
        }
        return memberships
    }

    /// One card per group of `memberships`: next meeting, open actions, goals, link; and the
    /// programs the visitor coordinates. When a group's program type (a plugin) can't lay out its
    /// meetings, the card says so instead of showing no next meeting, and `typeFailed` gets the
    /// error for the server's log.
    func values(_ memberships: [Membership], typeFailed: (ProgramTypeError) -> Void) async -> [String: Any] {
        var coordinated: [[String: Any]] = []
        for served in programs where served.program.coordinator(email: visitor.email) != nil {
            let program = served.program
            // A few groups here; all of them, with filters, on the dashboard.
            let more = max(0, program.groups.count - Self.coordinatedGroups)
            coordinated.append([
                "name": program.name, "path": "/programs/\(program.id)", "more": more > 0 ? "\(more) more" : "",
                "hasMore": more > 0,
                "groups": program.groups.prefix(Self.coordinatedGroups).map { group in
                    [
                        "id": group.id, "path": "/programs/\(program.id)/groups/\(group.id)",
                        "people": group.members.map(program.name(of:)).joined(separator: ", "),
                    ]
                },
            ])
        }
        var cards: [[String: Any]] = []
        for membership in memberships {
            let (served, person, group, state) = (membership.served, membership.person, membership.group, membership.state)
            let program = served.program
            var agendas: [Agenda] = []
            var typeProblem = false
            do {
                agendas = try await served.agendas(for: group, progress: state.agendaProgress(program: program))
            } catch {
                typeFailed(error)
                typeProblem = true
            }
            let next =
                state.exit == nil && state.departure(of: person.id) == nil
                ? agendas.first { agenda in !agenda.isCancelled && !state.meetings.contains { $0.number == agenda.meeting } } : nil
            let left = state.departure(of: person.id) != nil
            let others = state.remaining(of: group).members.filter { $0 != person.id }.map(program.name(of:))
            var card: [String: Any] = [
                "program": program.name, "group": group.id, "path": "/programs/\(program.id)/groups/\(group.id)",
                "with": others.joined(separator: ", "),
                "actions": state.currentActions.map { ["text": $0.text, "due": $0.due?.description ?? ""] },
                "goals": state.goals.filter(\.isOpen).map { ["text": $0.text] },
                "ended": state.exit != nil && !left, "left": left,
                "typeProblem": typeProblem && state.exit == nil && !left,
            ]
            if let next {
                card["next"] = [
                    "number": next.meeting, "date": next.date.description, "weekday": Self.weekday(next.date),
                    "time": next.time.description,
                ]
            }
            cards.append(card)
        }
        return ["groups": cards, "hasGroups": !cards.isEmpty, "coordinated": coordinated, "csrf": visitor.csrf]
    }

    /// How many of a coordinated program's groups the home page lists.
    static let coordinatedGroups = 12

    static func weekday(_ date: CalendarDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(date.weekday + 6) % 7]
    }
}
