/// One meeting of a group's schedule.
public struct Meeting: Sendable, Equatable, Codable {
    /// 1-based position in the schedule.
    public var number: Int
    /// The day it is held.
    public var date: CalendarDate
    /// Orientation, ongoing, check-in or closing.
    public var phase: Phase

    /// Creates a meeting.
    public init(number: Int, date: CalendarDate, phase: Phase) {
        self.number = number
        self.date = date
        self.phase = phase
    }
}

/// Lays out meetings over a program's term.
public enum Schedule {
    /// Orientation first; then one meeting per cadence step within the term (a monthly cadence
    /// holds one meeting in each of the term's months); the first meeting on or after each
    /// check-in month is a check-in; the last meeting is the closing.
    public static func standard(for program: Program) -> [Meeting] {
        let end = program.starts.adding(months: program.months)
        var dates: [CalendarDate] = []
        var index = 0
        while true {
            if case .months(let n) = program.cadence, index * n >= program.months { break }
            let date = program.cadence.date(index, from: program.starts)
            guard date < end else { break }
            dates.append(date)
            index += 1
        }
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
