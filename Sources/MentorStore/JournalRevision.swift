import Foundation
import MentorCore

/// Where a journal stands: its latest event's sequence number and how many attendance records it
/// holds. Both only grow (the journal is append-only), so two equal revisions mean the same content.
public struct JournalRevision: Sendable, Hashable {
    /// The highest sequence number of any event in the journal.
    public var events: Int64
    /// How many attendance records it holds.
    public var attendance: Int
}
