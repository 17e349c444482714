/// The kinds of progress event, as stored in the journal's `kind` column and in exports.
/// The one source of truth for these names: decoding, encoding, queries and numbering use it.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    case meetingHeld = "meeting-held"
    case meetingMissed = "meeting-missed"
    case meetingRescheduled = "meeting-rescheduled"
    case meetingCancelled = "meeting-cancelled"
    case goalSet = "goal-set"
    case goalUpdated = "goal-updated"
    case goalAchieved = "goal-achieved"
    case goalDropped = "goal-dropped"
    case actionAdded = "action-added"
    case actionDone = "action-done"
    case checkIn = "check-in"
    case feedback = "feedback"
    case exit = "exit"
    case trainingNeed = "training-need"
    case void = "void"
}
