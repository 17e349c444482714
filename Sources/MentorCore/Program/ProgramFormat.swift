/// The keys and defaults of the program file format.
public enum ProgramFormat {
    /// Keys allowed at the top of a program file.
    public static let programKeys = [
        "id", "program", "type", "starts", "months", "cadence", "meeting-minutes", "meeting-time", "check-in-months",
        "time-zone", "day", "location", "plans", "people", "groups", "coordinators", "events",
    ]
    /// Keys allowed for a person.
    public static let personKeys = ["id", "name", "grade", "department", "manager", "email"]
    /// Keys allowed for a coordinator.
    public static let coordinatorKeys = ["id", "name", "email"]
    /// Keys allowed for a group.
    public static let groupKeys = ["id", "mentor", "mentees", "peers", "skills", "day", "meeting-time", "location"]
    /// Keys allowed for a program event.
    public static let eventKeys = ["id", "kind", "title", "date", "time", "minutes", "location", "for", "summary", "discuss"]
    /// The plans used when a program names none: the three parts of a mentoring plan.
    public static let defaultPlans = ["career", "development-needs", "current-workplace"]
    /// Plans added for their meetings whether or not the program names them.
    public static let phasePlans = ["orientation", "check-in", "closing"]
    /// Allowed term length in months.
    public static let months = 1...36
    /// Allowed meeting length in minutes.
    public static let meetingMinutes = 15...480
    /// The usual term: one year.
    public static let defaultMonths = 12
    /// The usual meeting length.
    public static let defaultMeetingMinutes = 60
    /// The time meetings start when the file doesn't say.
    public static let defaultMeetingTime = ClockTime(constant: 10, 0)
    /// The longest `location:` (a room or a video link) a program file may give.
    public static let locationLength = 500
    /// Whether `text` can be a `location:`: one line, not empty, at most ``locationLength`` characters.
    public static func isValidLocation(_ text: String) -> Bool {
        !text.allSatisfy(\.isWhitespace) && text.count <= locationLength
            && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
    /// Cadence words, for suggestions.
    public static let cadenceWords = ["weekly", "biweekly", "monthly", "every 3 weeks"]
}
