/// Something that happened in a group, recorded once and never changed (the journal is append-only).
public struct ProgressEvent: Sendable, Equatable {
    /// A unique id, so that importing the same export twice adds nothing.
    public var id: String
    /// The program's stable key (``Program/id``), under which the journal files its events.
    public var program: String
    /// The group's id.
    public var group: String
    /// The day the event refers to.
    public var date: CalendarDate
    /// What happened.
    public var body: Body

    /// Creates an event.
    public init(id: String, program: String, group: String, date: CalendarDate, body: Body) {
        self.id = id
        self.program = program
        self.group = group
        self.date = date
        self.body = body
    }

    /// The kinds of event.
    public enum Body: Sendable, Equatable {
        /// A meeting was held or missed.
        case meeting(MeetingRecord)
        /// A meeting was moved (day, time or place) or cancelled before it was held.
        case schedule(ScheduleChangeRecord)
        /// A goal was set, updated, achieved or dropped.
        case goal(GoalEvent)
        /// An action item was added or done.
        case action(ActionEvent)
        /// One side's answers at a check-in.
        case checkIn(CheckInRecord)
        /// Feedback on the pairing.
        case feedback(FeedbackRecord)
        /// One side ended the partnership (no fault).
        case exit(ExitRecord)
        /// A training need the pair observed.
        case trainingNeed(TrainingNeedRecord)
        /// An earlier event was a mistake: the fold, agendas and reports leave it out from now on.
        case void(VoidRecord)
    }

    /// The event's kind, as stored: `meeting-held`, `goal-set`, `exit`, ...
    public var kind: EventKind {
        switch body {
        case .meeting(let record): return record.held ? .meetingHeld : .meetingMissed
        case .schedule(let record): return record.cancelled ? .meetingCancelled : .meetingRescheduled
        case .goal(let goal): return goal.change.kind
        case .action(let action): return action.change.kind
        case .checkIn: return .checkIn
        case .feedback: return .feedback
        case .exit: return .exit
        case .trainingNeed: return .trainingNeed
        case .void: return .void
        }
    }

    /// The meeting's number, for meeting events (a column of the journal, for finding one meeting).
    public var meetingNumber: Int? {
        if case .meeting(let record) = body { return record.number }
        return nil
    }

    /// The goal's or action's id (`g1`, `a2`) that the event is about, or the voided event's id
    /// (a column of the journal, for numbering and for finding one item's history).
    public var item: String? {
        switch body {
        case .goal(let goal): return goal.goal
        case .action(let action): return action.action
        case .void(let void): return void.event
        default: return nil
        }
    }
}

/// A meeting held or missed.
public struct MeetingRecord: Sendable, Equatable, Codable {
    /// The meeting's number in the schedule.
    public var number: Int
    /// False when the meeting did not take place.
    public var held: Bool
    /// Person ids of those present.
    public var attendees: [String]
    /// Topics discussed, as `plan/topic`.
    public var covered: [String]
    /// The pair's own notes. Private: never in reports or exports without `--include-private`.
    public var notes: String?

    /// Creates a record.
    public init(number: Int, held: Bool, attendees: [String] = [], covered: [String] = [], notes: String? = nil) {
        self.number = number
        self.held = held
        self.attendees = attendees
        self.covered = covered
        self.notes = notes
    }
}

/// How a goal changed.
public enum GoalChange: String, Sendable, Codable, CaseIterable {
    case set, updated, achieved, dropped

    /// The kind of event that records this change.
    public var kind: EventKind {
        switch self {
        case .set: return .goalSet
        case .updated: return .goalUpdated
        case .achieved: return .goalAchieved
        case .dropped: return .goalDropped
        }
    }
}

/// Short- or long-term goal.
public enum GoalTerm: String, Sendable, Codable, CaseIterable {
    case short, long
}

/// A change to one goal.
public struct GoalEvent: Sendable, Equatable, Codable {
    /// The goal's id within the group (`g1`, `g2`, ...).
    public var goal: String
    /// What changed.
    public var change: GoalChange
    /// The goal's text (when set or reworded).
    public var text: String?
    /// The plan part it belongs to (e.g. `career`).
    public var plan: String?
    /// Short or long term.
    public var term: GoalTerm?
    /// When it should be reached.
    public var target: CalendarDate?

    /// Creates a goal event.
    public init(
        goal: String, change: GoalChange, text: String? = nil, plan: String? = nil, term: GoalTerm? = nil,
        target: CalendarDate? = nil
    ) {
        self.goal = goal
        self.change = change
        self.text = text
        self.plan = plan
        self.term = term
        self.target = target
    }
}

/// How an action item changed.
public enum ActionChange: String, Sendable, Codable, CaseIterable {
    case added, done

    /// The kind of event that records this change.
    public var kind: EventKind { self == .added ? .actionAdded : .actionDone }
}

/// A change to one action item.
public struct ActionEvent: Sendable, Equatable, Codable {
    /// The action's id within the group (`a1`, `a2`, ...).
    public var action: String
    /// Added or done.
    public var change: ActionChange
    /// What is to be done (when added).
    public var text: String?
    /// Who does it (a person id).
    public var owner: String?
    /// When it is due.
    public var due: CalendarDate?

    /// Creates an action event.
    public init(action: String, change: ActionChange, text: String? = nil, owner: String? = nil, due: CalendarDate? = nil) {
        self.action = action
        self.change = change
        self.text = text
        self.owner = owner
        self.due = due
    }
}

/// One side's answers at a check-in.
public struct CheckInRecord: Sendable, Equatable, Codable {
    /// Who answered (a person id).
    public var by: String
    /// How it is working, 1 (not at all) to 5 (very well).
    public var rating: Int
    /// Free answers.
    public var answers: [String]

    /// Creates a check-in record.
    public init(by: String, rating: Int, answers: [String] = []) {
        self.by = by
        self.rating = rating
        self.answers = answers
    }
}

/// Feedback on the pairing.
public struct FeedbackRecord: Sendable, Equatable, Codable {
    /// Who gave it (a person id).
    public var by: String
    /// The feedback.
    public var text: String

    /// Creates a feedback record.
    public init(by: String, text: String) {
        self.by = by
        self.text = text
    }
}

/// A no-fault exit: someone left the group. Whether the group goes on without them is the program
/// type's rule (``GroupContinuity``): a pair ends when either side leaves, a circle or a peer group
/// goes on while it has enough members.
public struct ExitRecord: Sendable, Equatable, Codable {
    /// Who ended it (a person id): the one who left, or the member or coordinator who recorded
    /// that someone else left.
    public var by: String
    /// Who left (a person id). Absent in exits recorded before an exit named who left: those mean
    /// that `by` left (see ``leaver``).
    public var who: String?
    /// Why. Private: never in reports or exports without `--include-private`.
    public var reason: String?

    /// Creates an exit record; `who` is the person who left, when not `by`.
    public init(by: String, who: String? = nil, reason: String? = nil) {
        self.by = by
        self.who = who
        self.reason = reason
    }

    /// The person who left: `who`, else `by` (an exit that doesn't say is someone leaving themselves).
    public var leaver: String { who ?? by }
}

/// A meeting moved or cancelled: `mentor reschedule` and `mentor cancel`. The event's date is
/// the day the change was decided; the meeting keeps its number.
public struct ScheduleChangeRecord: Sendable, Equatable, Codable {
    /// The meeting's number in the schedule.
    public var number: Int
    /// True when the meeting is called off; false when it is moved (or held again after a
    /// cancellation).
    public var cancelled: Bool
    /// The day it moves to.
    public var to: CalendarDate?
    /// The time it moves to.
    public var time: ClockTime?
    /// The place it moves to (a room or a video link).
    public var location: String?
    /// Why, in a few words; shown to the group and to coordinators.
    public var reason: String?

    /// Creates a change.
    public init(
        number: Int, cancelled: Bool, to: CalendarDate? = nil, time: ClockTime? = nil, location: String? = nil,
        reason: String? = nil
    ) {
        self.number = number
        self.cancelled = cancelled
        self.to = to
        self.time = time
        self.location = location
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey { case number, cancelled, to, time, location, reason }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let time = try container.decodeIfPresent(String.self, forKey: .time)
        let clock = try time.map { text in
            guard let clock = ClockTime(text) else {
                throw DecodingError.dataCorruptedError(forKey: .time, in: container, debugDescription: "not a HH:MM time: \(text)")
            }
            return clock
        }
        self.init(
            number: try container.decode(Int.self, forKey: .number), cancelled: try container.decode(Bool.self, forKey: .cancelled),
            to: try container.decodeIfPresent(CalendarDate.self, forKey: .to), time: clock,
            location: try container.decodeIfPresent(String.self, forKey: .location),
            reason: try container.decodeIfPresent(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(cancelled, forKey: .cancelled)
        try container.encodeIfPresent(to, forKey: .to)
        try container.encodeIfPresent(time?.description, forKey: .time)
        try container.encodeIfPresent(location, forKey: .location)
        try container.encodeIfPresent(reason, forKey: .reason)
    }
}

/// A training need observed in the partnership, for program staff to arrange.
public struct TrainingNeedRecord: Sendable, Equatable, Codable {
    /// The need.
    public var text: String

    /// Creates a record.
    public init(text: String) { self.text = text }
}

/// A correction: the event `event` (by id) was recorded by mistake. The journal stays
/// append-only; the voided event stays in it (and in exports) but counts for nothing.
public struct VoidRecord: Sendable, Equatable, Codable {
    /// The id of the event voided.
    public var event: String
    /// Why, in a few words (shown in exports and warnings).
    public var reason: String

    /// Creates a void.
    public init(event: String, reason: String) {
        self.event = event
        self.reason = reason
    }
}

// MARK: - Privacy

extension ProgressEvent {
    /// The event as program staff may see it: private notes and exit reasons removed, and
    /// confidential topics (`plan/topic` keys in `confidential`) left out of what was covered.
    public func redacted(confidential: Set<String>) -> ProgressEvent {
        var copy = self
        switch body {
        case .meeting(var record):
            record.notes = nil
            record.covered = record.covered.filter { !confidential.contains($0) }
            copy.body = .meeting(record)
        case .exit(var record):
            record.reason = nil
            copy.body = .exit(record)
        default:
            break
        }
        return copy
    }
}
