import Foundation
import MentorCore

/// The JSON protocol between MentorKit and an external program type, versions 1 and 2.
///
/// Version 1, one process per request: MentorKit starts `mentor-program-ID`, writes one JSON
/// object to its standard input and reads one JSON object from its standard output; the process
/// then exits 0. Version 2, one process per command (or per server, through `PluginPool`): every
/// plugin starts with `MENTORKIT_PROTOCOL=2` in its environment; one that speaks version 2 answers
/// `describe` with `"protocol": 2` and stays alive, reading one request a line and answering each
/// with one line until its standard input closes (see `PluginConnection.negotiate`). Requests are
/// batched so a process is not asked once per meeting: `validate` covers every group, `agenda`
/// every meeting of a group. Every request and reply carries its `protocol`: `describe` always
/// asks in version 1, which every plugin understands; the rest ask in the version its reply gave.
/// The schemas are in `Plugins/ExternalProtocol/`; a test checks them against this code.
public enum PluginProtocol {
    /// The newest protocol version MentorKit speaks, offered in `MENTORKIT_PROTOCOL`.
    public static let version = 2

    /// Every version MentorKit speaks.
    public static let versions = 1...2

    /// The hooks a plugin may implement; those it doesn't list in `describe` use the defaults.
    public static let hooks = ["validate", "schedule", "agenda", "measures"]

    // MARK: - Requests

    /// `{"protocol": 1, "request": "describe"}`.
    public static func describeRequest() -> Data {
        encode(Request(protocol: 1, request: "describe"))
    }

    /// Every group of `program` to check.
    public static func validateRequest(_ program: Program, protocol version: Int = 1) -> Data {
        encode(Request(protocol: version, request: "validate", program: WireProgram(program)))
    }

    /// One group's meetings, with the standard schedule as a starting point.
    public static func scheduleRequest(group: ProgramGroup, program: Program, protocol version: Int = 1) -> Data {
        encode(
            Request(
                protocol: version, request: "schedule", program: WireProgram(program), group: group.id,
                standard: Schedule.standard(for: group, in: program)))
    }

    /// Every meeting of one group to shape, each with the standard shape as a starting point.
    public static func agendaRequest(_ contexts: [AgendaContext], protocol version: Int = 1) -> Data {
        guard let first = contexts.first else { return encode(Request(protocol: version, request: "agenda")) }
        let meetings = contexts.map { context in
            WireMeetingContext(
                meeting: context.meeting.number, openActions: context.openActions,
                standard: WireShape(AgendaShape.standard(for: context)), members: context.members.members,
                attendance: context.attendance[context.meeting.number].map(WireAttendance.init))
        }
        return encode(
            Request(
                protocol: version, request: "agenda", program: WireProgram(first.program), group: first.group.id,
                schedule: first.schedule, meetings: meetings))
    }

    /// One group's measures: the agendas, and what happened when `state` is given.
    public static func measuresRequest(
        group: ProgramGroup, agendas: [Agenda], state: GroupState?, program: Program,
        protocol version: Int = 1
    ) -> Data {
        // Spelled out: `state.map` would infer `WireState??` and turn "no state" into "no key".
        let wire: WireState? = state.map { state in
            WireState(
                meetings: state.meetings.map(WireMeetingRecord.init),
                departures: state.departures.map { WireDeparture(person: $0.person, date: $0.date) })
        }
        return encode(
            Request(
                protocol: version, request: "measures", program: WireProgram(program), group: group.id, agendas: agendas,
                state: .some(wire)))
    }

    private static func encode(_ request: Request) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a plain string, number, list or optional: encoding can't fail.
        return (try? encoder.encode(request)) ?? Data("{\"protocol\":\(version)}".utf8)
    }
}

// MARK: - Wire types (requests)

/// A request; absent fields are left out of the JSON.
private struct Request: Encodable {
    var `protocol`: Int
    var request: String
    var program: WireProgram?
    var group: String?
    var standard: [Meeting]?
    var schedule: [Meeting]?
    var meetings: [WireMeetingContext]?
    var agendas: [Agenda]?
    var state: WireState??

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(self.protocol, forKey: .protocol)
        try container.encode(request, forKey: .request)
        try container.encodeIfPresent(program, forKey: .program)
        try container.encodeIfPresent(group, forKey: .group)
        try container.encodeIfPresent(standard, forKey: .standard)
        try container.encodeIfPresent(schedule, forKey: .schedule)
        try container.encodeIfPresent(meetings, forKey: .meetings)
        try container.encodeIfPresent(agendas, forKey: .agendas)
        if let state { try container.encode(state, forKey: .state) } // measures: null means "the plan"
    }

    enum Key: String, CodingKey { case `protocol`, request, program, group, standard, schedule, meetings, agendas, state }
}

/// A program as plugins see it: the file's settings, people and groups.
struct WireProgram: Encodable {
    var name: String
    var type: String
    var starts: CalendarDate
    var months: Int
    var cadence: String
    var meetingMinutes: Int
    var meetingTime: String
    var checkInMonths: [Int]
    var plans: [String]
    var people: [Person]
    var groups: [WireGroup]

    init(_ program: Program) {
        name = program.name
        type = program.type
        starts = program.starts
        months = program.months
        cadence = program.cadence.description
        meetingMinutes = program.meetingMinutes
        meetingTime = program.meetingTime.description
        checkInMonths = program.checkInMonths
        plans = program.plans
        people = program.people
        groups = program.groups.map(WireGroup.init)
    }

    enum CodingKeys: String, CodingKey {
        case name, type, starts, months, cadence, plans, people, groups
        case meetingMinutes = "meeting-minutes"
        case meetingTime = "meeting-time"
        case checkInMonths = "check-in-months"
    }
}

struct WireGroup: Encodable {
    var id: String
    var mentor: String?
    var mentees: [String]
    var peers: [String]
    var skills: [String]

    init(_ group: ProgramGroup) {
        id = group.id
        mentor = group.mentor
        mentees = group.mentees
        peers = group.peers
        skills = group.skills
    }
}

struct WireMeetingContext: Encodable {
    var meeting: Int
    var openActions: [ActionItem]
    var standard: WireShape
    /// Who is in the group at this meeting: those who left before it are not.
    var members: [String]
    /// What the journal records of this meeting, once logged (no notes); absent before.
    var attendance: WireAttendance?

    enum CodingKeys: String, CodingKey {
        case meeting, standard, members, attendance
        case openActions = "open-actions"
    }
}

/// A logged meeting's attendance: held or missed, who came.
struct WireAttendance: Encodable {
    var held: Bool
    var date: CalendarDate
    var attendees: [String]

    init(_ attendance: Attendance) {
        held = attendance.held
        date = attendance.date
        attendees = attendance.attendees
    }
}

/// An `AgendaShape` on the wire; the same layout requests offer and replies return.
struct WireShape: Encodable {
    var opening: [WireItem]
    var closing: [WireItem]
    var facilitator: String?
    var spotlight: String?
    var leads: [String: String]
    var participants: [Participant]

    init(_ shape: AgendaShape) {
        opening = shape.opening.map(WireItem.init)
        closing = shape.closing.map(WireItem.init)
        facilitator = shape.facilitator
        spotlight = shape.spotlight
        leads = Dictionary(uniqueKeysWithValues: shape.leads.map { ($0.key.rawValue, $0.value) })
        participants = shape.participants
    }
}

/// One of a type's own agenda items on the wire.
struct WireItem: Encodable {
    var kind: String
    var title: String
    var minutes: Int
    var lead: String
    var guidance: String?
    var prompts: [String]

    init(_ item: AgendaItem) {
        kind = item.kind.rawValue
        title = item.title
        minutes = item.minutes
        lead = item.lead
        guidance = item.guidance
        prompts = item.prompts
    }
}

struct WireState: Encodable {
    var meetings: [WireMeetingRecord]
    /// Who left the group, and when (never why: reasons are private).
    var departures: [WireDeparture]
}

struct WireDeparture: Encodable {
    var person: String
    var date: CalendarDate
}

/// A meeting record without its private notes: notes never leave the pair.
struct WireMeetingRecord: Encodable {
    var number: Int
    var held: Bool
    var attendees: [String]
    var covered: [String]

    init(_ record: MeetingRecord) {
        number = record.number
        held = record.held
        attendees = record.attendees
        covered = record.covered
    }
}
