/// One meeting of a group's schedule.
public struct Meeting: Sendable, Equatable, Codable {
    /// 1-based position in the schedule. A meeting keeps its number when it is moved or cancelled,
    /// so the journal's records of it stay attached.
    public var number: Int
    /// The day it is held (after any reschedule).
    public var date: CalendarDate
    /// Orientation, ongoing, check-in or closing.
    public var phase: Phase
    /// The start time (after any reschedule); `nil` in a type's own schedule, where the group's
    /// or program's `meeting-time` applies (``AgendaBuilder/schedule(for:changes:)`` fills it in).
    public var time: ClockTime?
    /// Where it is held: a room or a video link; `nil` when the program file names no place.
    public var location: String?
    /// What the journal records of changes to it: moved or cancelled; `nil` when it is as planned.
    public var change: MeetingChange?

    /// Creates a meeting.
    public init(
        number: Int, date: CalendarDate, phase: Phase, time: ClockTime? = nil, location: String? = nil,
        change: MeetingChange? = nil
    ) {
        self.number = number
        self.date = date
        self.phase = phase
        self.time = time
        self.location = location
        self.change = change
    }

    /// True when the journal records it as cancelled.
    public var isCancelled: Bool { change?.cancelled ?? false }
}

/// How a meeting differs from the schedule the program file lays out, as the journal records it.
public struct MeetingChange: Sendable, Equatable, Codable {
    /// The day the program file's schedule gave it.
    public var plannedDate: CalendarDate
    /// True when the meeting is called off (the latest change wins: a reschedule after a
    /// cancellation holds it again).
    public var cancelled: Bool
    /// Why it was cancelled or moved, as recorded.
    public var reason: String?
    /// How many changes were recorded: a calendar's `SEQUENCE`, so that calendar programs take
    /// the newest version of the event.
    public var sequence: Int

    /// Creates a change.
    public init(plannedDate: CalendarDate, cancelled: Bool, reason: String? = nil, sequence: Int) {
        self.plannedDate = plannedDate
        self.cancelled = cancelled
        self.reason = reason
        self.sequence = sequence
    }
}

/// The changes the journal records for one meeting, folded: the latest day, time and place
/// given, and whether the latest change cancels it.
public struct MeetingChanges: Sendable, Equatable {
    /// The day it was moved to, if it was.
    public var date: CalendarDate?
    /// The time it was moved to, if it was.
    public var time: ClockTime?
    /// The place it was moved to, if it was.
    public var location: String?
    /// True when the latest change cancels it.
    public var cancelled = false
    /// The latest change's reason.
    public var reason: String?
    /// How many changes were recorded.
    public var count = 0

    /// No changes.
    public init() {}

    /// Takes in one more change, recorded after those already in.
    public mutating func record(_ change: ScheduleChangeRecord) {
        count += 1
        cancelled = change.cancelled
        reason = change.reason
        if let to = change.to { date = to }
        if let time = change.time { self.time = time }
        if let location = change.location { self.location = location }
    }

    /// `meeting` as these changes leave it.
    public func applied(to meeting: Meeting) -> Meeting {
        var changed = meeting
        changed.date = date ?? meeting.date
        changed.time = time ?? meeting.time
        changed.location = location ?? meeting.location
        changed.change = MeetingChange(plannedDate: meeting.date, cancelled: cancelled, reason: reason, sequence: count)
        return changed
    }
}

/// Lays out meetings over a program's term.
public enum Schedule {
    /// Orientation first; then one meeting per cadence step within the term (a monthly cadence
    /// holds one meeting in each of the term's months); the first meeting on or after each
    /// check-in month is a check-in; the last meeting is the closing. Meetings fall on the
    /// program's start date and its weekday, or with a `day:` for the group (its own or the
    /// program's) on that weekday: the first on or after the start for weekly cadences, that
    /// ordinal weekday of each month (`second tuesday`) for monthly ones.
    public static func standard(for group: ProgramGroup, in program: Program) -> [Meeting] {
        phased(dates(day: program.day(for: group), program: program), program: program)
    }

    /// The schedule of a group that names no day of its own: see ``standard(for:in:)``.
    public static func standard(for program: Program) -> [Meeting] {
        phased(dates(day: program.day, program: program), program: program)
    }

    private static func dates(day: MeetingDay?, program: Program) -> [CalendarDate] {
        let end = program.starts.adding(months: program.months)
        var dates: [CalendarDate] = []
        switch (program.cadence, day) {
        case (.weeks(let n), let day):
            var date = day.map { $0.onOrAfter(program.starts) } ?? program.starts
            while date < end {
                dates.append(date)
                date = date.adding(days: 7 * n)
            }
        case (.months(let n), nil):
            var index = 0
            while index * n < program.months {
                let date = program.cadence.date(index, from: program.starts)
                guard date < end else { break }
                dates.append(date)
                index += 1
            }
        case (.months(let n), let day?):
            // One meeting in each step's month, on the day's ordinal weekday of that month; a
            // first month whose such day came before the start holds none.
            var index = 0
            while index * n <= program.months {
                let date = day.inMonth(of: program.starts.adding(months: index * n))
                index += 1
                guard date >= program.starts else { continue }
                guard date < end else { break }
                dates.append(date)
            }
        }
        return dates
    }

    private static func phased(_ dates: [CalendarDate], program: Program) -> [Meeting] {
        var meetings = dates.enumerated().map { Meeting(number: $0 + 1, date: $1, phase: .ongoing) }
        guard !meetings.isEmpty else { return [] }
        meetings[0].phase = .orientation
        if meetings.count > 1 { meetings[meetings.count - 1].phase = .closing }
        for month in program.checkInMonths {
            let due = program.starts.adding(months: month)
            if let index = meetings.firstIndex(where: { $0.date >= due && $0.phase == .ongoing }) {
                meetings[index].phase = .checkIn
            }
        }
        return meetings
    }
}
