/// The agenda of one meeting: time-boxed items that add up to the meeting's length.
public struct Agenda: Sendable, Equatable, Codable {
    /// The program's name.
    public var program: String
    /// The program type's id.
    public var type: String
    /// The group's id.
    public var group: String
    /// This meeting's number, 1-based.
    public var meeting: Int
    /// How many meetings the schedule has.
    public var meetings: Int
    /// The day of the meeting.
    public var date: CalendarDate
    /// The start time.
    public var time: ClockTime
    /// Orientation, ongoing, check-in or closing.
    public var phase: Phase
    /// The meeting's length; the items' minutes add up to it.
    public var minutes: Int
    /// Who runs the meeting, when the type rotates it (peer groups).
    public var facilitator: String?
    /// Whose goals are in the spotlight (circles).
    public var spotlight: String?
    /// Who takes part, with their role.
    public var participants: [Participant]
    /// The items, in order.
    public var items: [AgendaItem]
    /// For a meeting already logged, what the journal records; the items are then the agenda as
    /// it was planned before the meeting (later agendas build on the record).
    public var record: HeldMeeting? = nil
    /// The program's stable key (``Program/id``): calendar UIDs are made from it.
    public var programID: String? = nil
    /// The IANA time zone `time` is in; `nil` for floating local time.
    public var timeZone: String? = nil
    /// Where it is held: a room or a video link.
    public var location: String? = nil
    /// Moved or cancelled, as the journal records; a cancelled meeting's agenda has no items.
    public var change: MeetingChange? = nil

    /// True when the meeting is cancelled.
    public var isCancelled: Bool { change?.cancelled ?? false }

    /// Takes the program's key and time zone, and `meeting`'s place and changes.
    mutating func place(_ meeting: Meeting, in program: Program) {
        programID = program.id
        timeZone = program.timeZone
        location = meeting.location
        change = meeting.change
    }
}

/// What the journal records of a meeting: held or missed, who came, what was covered.
public struct HeldMeeting: Sendable, Equatable, Codable {
    /// False when the meeting was missed.
    public var held: Bool
    /// The day it was recorded for.
    public var date: CalendarDate
    /// Who came, by name.
    public var present: [String]
    /// The topics covered, by title.
    public var covered: [String]

    /// Creates a record.
    public init(held: Bool, date: CalendarDate, present: [String], covered: [String]) {
        self.held = held
        self.date = date
        self.present = present
        self.covered = covered
    }
}

/// Someone at a meeting.
public struct Participant: Sendable, Equatable, Codable {
    /// The person's id.
    public var id: String
    /// The person's name.
    public var name: String
    /// mentor, mentee or peer.
    public var role: String

    /// Creates a participant.
    public init(id: String, name: String, role: String) {
        self.id = id
        self.name = name
        self.role = role
    }
}

/// One time-boxed item of an agenda.
public struct AgendaItem: Sendable, Equatable, Codable {
    /// What kind of item it is.
    public enum Kind: String, Sendable, Codable {
        /// Opening: welcome, or news since the last meeting.
        case opening
        /// Carried-over action items still open.
        case actions
        /// A topic from a plan.
        case topic
        /// A skill session (reverse mentoring).
        case skill
        /// One circle member's goals in the spotlight.
        case spotlight
        /// A round of updates, each member in turn (peer groups).
        case updates
        /// Talking over a program workshop the group attended (see ``ProgramEvent``).
        case workshop
        /// Unplanned time for whatever comes up.
        case open
        /// Closing: actions and the next meeting.
        case closing
    }

    /// What kind of item it is.
    public var kind: Kind
    /// The title shown on the agenda.
    public var title: String
    /// Minutes after the meeting's start when the item begins.
    public var start: Int
    /// The time box.
    public var minutes: Int
    /// Who leads, as shown: a name, "Both", "Everyone", "Each peer in turn".
    public var lead: String
    /// The plan the topic comes from.
    public var plan: String?
    /// The topic's id within its plan.
    public var topic: String?
    /// Notes on this item stay within the group.
    public var confidential: Bool
    /// Advice for whoever leads.
    public var guidance: String?
    /// Questions for the group.
    public var prompts: [String]

    /// Creates an item; `start` is set when the agenda is assembled.
    public init(
        kind: Kind, title: String, minutes: Int, lead: String, plan: String? = nil, topic: String? = nil,
        confidential: Bool = false, guidance: String? = nil, prompts: [String] = []
    ) {
        self.kind = kind
        self.title = title
        self.start = 0
        self.minutes = minutes
        self.lead = lead
        self.plan = plan
        self.topic = topic
        self.confidential = confidential
        self.guidance = guidance
        self.prompts = prompts
    }
}

/// An action item carried from earlier meetings.
public struct ActionItem: Sendable, Equatable, Codable {
    /// What is to be done.
    public var text: String
    /// Who does it (a name).
    public var owner: String?
    /// When it is due.
    public var due: CalendarDate?

    /// Creates an action item.
    public init(text: String, owner: String? = nil, due: CalendarDate? = nil) {
        self.text = text
        self.owner = owner
        self.due = due
    }
}

/// What is known of a group's progress; agendas use it to carry actions and skip covered topics.
public struct GroupProgress: Sendable, Equatable {
    /// Action items still open.
    public var openActions: [ActionItem]
    /// Topics already discussed, as `plan/topic`.
    public var coveredTopics: Set<String>
    /// The number of the next meeting to be held; open actions are carried into it.
    public var nextMeeting: Int
    /// Plans with open goals: their uncovered topics come first in regular meetings.
    public var focusPlans: Set<String>
    /// Who left the group, by person id, and the day they left: agendas of meetings on or after
    /// that day leave them out.
    public var departures: [String: CalendarDate]
    /// The meetings logged, by number: held or missed, and who came. Rotating turns follow them.
    public var attendance: [Int: Attendance]
    /// Meetings moved or cancelled, by number.
    public var scheduleChanges: [Int: MeetingChanges]

    /// Creates progress.
    public init(
        openActions: [ActionItem] = [], coveredTopics: Set<String> = [], nextMeeting: Int = 1,
        focusPlans: Set<String> = [], scheduleChanges: [Int: MeetingChanges] = [:],
        departures: [String: CalendarDate] = [:], attendance: [Int: Attendance] = [:]
    ) {
        self.openActions = openActions
        self.coveredTopics = coveredTopics
        self.nextMeeting = nextMeeting
        self.focusPlans = focusPlans
        self.scheduleChanges = scheduleChanges
        self.departures = departures
        self.attendance = attendance
    }

    /// No progress recorded.
    public static let none = GroupProgress()
}

// MARK: - What a type contributes to one meeting

/// Everything a hook needs to shape one meeting.
public struct AgendaContext: Sendable {
    /// The program.
    public var program: Program
    /// The group.
    public var group: ProgramGroup
    /// The meeting being planned.
    public var meeting: Meeting
    /// The group's whole schedule.
    public var schedule: [Meeting]
    /// Open action items carried into this meeting.
    public var openActions: [ActionItem]
    /// Who left the group, by person id, and the day they left; ``members`` leaves them out from
    /// that day on. `group` lists everyone, as the program file does.
    public var departures: [String: CalendarDate]
    /// The group's meetings logged so far, by number (this one's too once logged): rotating turns
    /// follow who came (see ``TurnRotation``).
    public var attendance: [Int: Attendance]

    /// Creates a context (the agenda builder makes them; tests and plugin hosts may too).
    public init(
        program: Program, group: ProgramGroup, meeting: Meeting, schedule: [Meeting], openActions: [ActionItem] = [],
        departures: [String: CalendarDate] = [:], attendance: [Int: Attendance] = [:]
    ) {
        self.program = program
        self.group = group
        self.meeting = meeting
        self.schedule = schedule
        self.openActions = openActions
        self.departures = departures
        self.attendance = attendance
    }
}

/// A program type's part of one meeting: the fixed items around the plan topics and who leads.
public struct AgendaShape: Sendable {
    /// Items before the plan topics.
    public var opening: [AgendaItem]
    /// Items after the plan topics.
    public var closing: [AgendaItem]
    /// Person id of the meeting's facilitator, if the type rotates one.
    public var facilitator: String?
    /// Person id of the member in the spotlight, if any.
    public var spotlight: String?
    /// Who leads topics whose lead is mentor, mentee or any (display text).
    public var leads: [Lead: String]
    /// Who takes part.
    public var participants: [Participant]

    /// Creates a shape.
    public init(
        opening: [AgendaItem], closing: [AgendaItem], facilitator: String? = nil, spotlight: String? = nil,
        leads: [Lead: String], participants: [Participant]
    ) {
        self.opening = opening
        self.closing = closing
        self.facilitator = facilitator
        self.spotlight = spotlight
        self.leads = leads
        self.participants = participants
    }

    /// Minutes the fixed items take.
    public var fixedMinutes: Int { (opening + closing).reduce(0) { $0 + $1.minutes } }

    /// A mentor with one or more mentees: a short opening and a closing on actions.
    public static func standard(for context: AgendaContext) -> AgendaShape {
        let program = context.program
        let group = context.members
        let mentor = group.mentor.map(program.name(of:)) ?? "Mentor"
        let mentees = group.mentees.map(program.name(of:))
        let menteeLead = mentees.isEmpty ? "Mentee" : list(mentees)
        let everyone = group.members.count == 2 ? "Both" : "Everyone"
        let participants =
            (group.mentor.map { [Participant(id: $0, name: program.name(of: $0), role: "mentor")] } ?? [])
            + group.mentees.map { Participant(id: $0, name: program.name(of: $0), role: "mentee") }
            + group.peers.map { Participant(id: $0, name: program.name(of: $0), role: "peer") }
        return AgendaShape(
            opening: [standardOpening(context, lead: context.meeting.phase == .orientation ? mentor : everyone)],
            closing: [standardClosing(context, lead: menteeLead)],
            leads: [.mentor: mentor, .mentee: menteeLead, .any: everyone],
            participants: participants
        )
    }

    /// "Welcome" at the first meeting, "Since we last met" afterwards; 5 minutes.
    public static func standardOpening(_ context: AgendaContext, lead: String) -> AgendaItem {
        if context.meeting.phase == .orientation {
            return AgendaItem(
                kind: .opening, title: "Welcome", minutes: 5, lead: lead,
                prompts: ["What made each of you sign up for this program?"])
        }
        return AgendaItem(
            kind: .opening, title: "Since we last met", minutes: 5, lead: lead,
            prompts: ["What has happened since the last meeting that is worth sharing?"])
    }

    /// Agree actions and the next date; 5 minutes. The closing meeting ends with a farewell instead.
    public static func standardClosing(_ context: AgendaContext, lead: String) -> AgendaItem {
        if context.meeting.phase == .closing {
            return AgendaItem(
                kind: .closing, title: "Farewell", minutes: 5, lead: lead,
                prompts: ["What will you take with you from this year?"])
        }
        let next = context.schedule.first { $0.number == context.meeting.number + 1 }
        return AgendaItem(
            kind: .closing, title: "Actions and next meeting", minutes: 5, lead: lead,
            prompts: [
                "What will each of us do before the next meeting, and by when?",
                next.map { "Does \($0.date) still suit everyone for the next meeting?" } ?? "When do we meet next?",
            ])
    }

    /// "A", "A and B", "A, B and C".
    public static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }
}
