import MentorCore

/// Everyone a matching run may consider, read from a roster CSV: who opted in and in what role,
/// their grade, department and manager (the org tree), and what they offer and want.
public struct Roster: Sendable {
    /// The roster's path, for messages.
    public let file: String
    /// The people, in file order.
    public let people: [RosterPerson]
    /// The org tree built from the `manager` column.
    public let org: OrgTree
    /// Goal and skill words, by number; people's `skills` and `goals` hold these numbers.
    public let terms: [String]
    /// Position of each id in `people`.
    private let index: [String: Int]

    init(file: String, people: [RosterPerson], org: OrgTree, terms: [String]) {
        self.file = file
        self.people = people
        self.org = org
        self.terms = terms
        index = Dictionary(people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The position of the person with `id`.
    public func position(of id: String) -> Int? { index[id] }

    /// The person with `id`.
    public func person(_ id: String) -> RosterPerson? { index[id].map { people[$0] } }

    /// True when either person is above the other in the reporting line.
    public func inChainOfCommand(_ a: Int, _ b: Int) -> Bool {
        org.isAncestor(a, of: b) || org.isAncestor(b, of: a)
    }
}

/// One row of a roster.
public struct RosterPerson: Sendable, Equatable {
    /// A unique id, e.g. an employee number.
    public var id: String
    /// The name shown in results and program files.
    public var name: String
    /// Pay grade or level; higher is more senior.
    public var grade: Int?
    /// Department.
    public var department: String?
    /// The manager's id.
    public var manager: String?
    /// How the person opted in; `nil` when they don't take part (listed for the org tree).
    public var role: RosterRole?
    /// Mentees a mentor takes at most; `nil` when the cell was empty.
    public var capacity: Int?
    /// What the person can teach, as term numbers (sorted, distinct).
    public var skills: [Int32]
    /// What the person wants to develop, as term numbers (sorted, distinct).
    public var goals: [Int32]
    /// Ids of people this person would like to be matched with.
    public var prefers: [String]
    /// The id of the person this one must be matched with, if pinned.
    public var pin: String?
    /// The roster line the person is on.
    public var line: Int
    /// When the person may retire (`retires`), for succession planning.
    public var retires: CalendarDate? = nil
    /// Whether the person holds a key position (`key-position`).
    public var keyPosition = false
    /// The id of the key holder this person is to succeed (`successor-for`).
    public var successorFor: String? = nil
}

/// How someone opted in.
public enum RosterRole: String, Sendable, Equatable, CaseIterable {
    /// Mentors only.
    case mentor
    /// Is mentored only.
    case mentee
    /// Either.
    case both
    /// Joins a peer group.
    case peer

    /// May take the mentor's side (in reverse mentoring, the junior who teaches).
    public var canMentor: Bool { self == .mentor || self == .both }
    /// May take the mentee's side.
    public var canBeMentored: Bool { self == .mentee || self == .both }
}
