/// What the journal records of a meeting's attendance: what rotating turns and agendas follow.
public struct Attendance: Sendable, Equatable, Codable {
    /// False when the meeting is logged as missed.
    public var held: Bool
    /// The day it was logged for.
    public var date: CalendarDate
    /// Person ids of those present.
    public var attendees: [String]

    /// Creates a record.
    public init(held: Bool, date: CalendarDate, attendees: [String]) {
        self.held = held
        self.date = date
        self.attendees = attendees
    }
}
