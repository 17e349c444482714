import Diagnostics

/// Something the whole program holds besides the groups' own meetings: the kickoff orientation,
/// a training, a learning workshop that pairs attend together and then discuss, or a gathering
/// that keeps interest up after the launch. Listed under `events:` in the program file.
public struct ProgramEvent: Sendable, Equatable {
    /// What kind of event it is.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// The program-wide orientation before the partnerships start (not a pair's first meeting).
        case kickoff
        /// Training for mentors or mentees: roles, boundaries, setting goals together.
        case training
        /// A learning workshop mentor and mentee attend together; their next meeting discusses it.
        case workshop
        /// A formal gathering of the program's people (managing performance, leadership basics, ...).
        case gathering
    }

    /// Who is invited.
    public enum Audience: Sendable, Equatable, CustomStringConvertible {
        /// Everyone in a group, and the coordinators.
        case everyone
        /// The mentors of the program's groups.
        case mentors
        /// The mentees of the program's groups.
        case mentees
        /// The coordinators only.
        case coordinators
        /// The members of these groups.
        case groups([String])

        /// The words a program file may use for `for:`.
        public static let words = ["everyone", "mentors", "mentees", "coordinators"]

        public var description: String {
            switch self {
            case .everyone: return "everyone"
            case .mentors: return "mentors"
            case .mentees: return "mentees"
            case .coordinators: return "coordinators"
            case .groups(let ids): return "groups " + ids.joined(separator: ", ")
            }
        }
    }

    /// A unique id among the program's events, e.g. `kickoff` or `budget-workshop`.
    public var id: String
    /// What kind of event it is.
    public var kind: Kind
    /// The title shown on calendars and agendas.
    public var title: String
    /// The day.
    public var date: CalendarDate
    /// The start time, in the program's time zone.
    public var time: ClockTime
    /// How long it lasts.
    public var minutes: Int
    /// Where: a room or a video link.
    public var location: String?
    /// Who is invited.
    public var audience: Audience
    /// What it is about, in a sentence or two.
    public var summary: String?
    /// Questions a group discusses at its first meeting after a workshop.
    public var discuss: [String]
    /// Where it is listed in the program file.
    public var mark: Mark

    /// Creates an event.
    public init(
        id: String, kind: Kind, title: String, date: CalendarDate, time: ClockTime, minutes: Int,
        location: String? = nil, audience: Audience = .everyone, summary: String? = nil, discuss: [String] = [],
        mark: Mark = Mark(line: 1, column: 1)
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.date = date
        self.time = time
        self.minutes = minutes
        self.location = location
        self.audience = audience
        self.summary = summary
        self.discuss = discuss
        self.mark = mark
    }
}

extension Program {
    /// The person ids `event` invites, in the order the program lists its people; coordinators
    /// are not people (see ``invitesCoordinators(_:)``).
    public func invitees(of event: ProgramEvent) -> [String] {
        let wanted: Set<String>
        switch event.audience {
        case .everyone: wanted = Set(groups.flatMap(\.members))
        case .mentors: wanted = Set(groups.compactMap(\.mentor))
        case .mentees: wanted = Set(groups.flatMap(\.mentees))
        case .coordinators: wanted = []
        case .groups(let ids): wanted = Set(groups.filter { ids.contains($0.id) }.flatMap(\.members))
        }
        return people.map(\.id).filter(wanted.contains)
    }

    /// Whether the coordinators are invited to `event` (everyone, or coordinators).
    public func invitesCoordinators(_ event: ProgramEvent) -> Bool {
        switch event.audience {
        case .everyone, .coordinators: return true
        default: return false
        }
    }

    /// The events `group`'s members are invited to (any member), by date. Decided from the group
    /// alone, without listing every invitee: a report builds every group's agendas, and a program
    /// may have thousands of groups.
    public func events(for group: ProgramGroup) -> [ProgramEvent] {
        events.filter { event in
            switch event.audience {
            case .everyone: return !group.members.isEmpty
            case .mentors: return group.mentor != nil
            case .mentees: return !group.mentees.isEmpty
            case .coordinators: return false
            case .groups(let ids): return ids.contains(group.id)
            }
        }.sorted { ($0.date, $0.time.hour, $0.time.minute) < ($1.date, $1.time.hour, $1.time.minute) }
    }
}
