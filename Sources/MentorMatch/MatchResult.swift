/// What `mentor match` proposes: groups, who stays unmatched and why, and how it was decided.
public struct MatchResult: Sendable, Equatable, Codable {
    /// The program's name.
    public var program: String
    /// The program type's id.
    public var type: String
    /// How the groups were found: "exact minimum-cost assignment …" or "heuristic: …".
    public var method: String
    /// The hard rules applied, in words.
    public var rules: [String]
    /// Groups, pinned ones first, then by mentor.
    public var groups: [MatchedGroup]
    /// People who opted in but are in no group.
    public var unmatched: [Unmatched]
    /// Points earned over all matched pairs.
    public var totalPoints: Int
    /// Non-fatal remarks (e.g. a circle that couldn't reach its minimum size).
    public var notes: [String]
    /// Whether the groups are peer groups (no mentor; everyone is a peer), as the program type's
    /// matching policy says. Renderers go by this, never by the type's id.
    public var peerGroups: Bool = false

    /// Number of people placed in a group.
    public var matchedCount: Int { groups.reduce(0) { $0 + $1.members.count } }
}

/// One proposed group: a pair, a circle or a peer group.
public struct MatchedGroup: Sendable, Equatable, Codable {
    /// The group id to use in the program file.
    public var id: String
    /// The mentor's id; `nil` for peer groups.
    public var mentor: String?
    /// The mentor's name.
    public var mentorName: String?
    /// Mentees (or peers), each with the points they earned with the mentor and why.
    public var members: [Member]
    /// True when the group was fixed beforehand (in the program file, or by a roster pin).
    public var pinned: Bool

    /// A mentee or peer in a group.
    public struct Member: Sendable, Equatable, Codable {
        /// Id.
        public var id: String
        /// Name.
        public var name: String
        /// Points earned with the mentor (peers: with the group).
        public var points: Int
        /// The soft terms that scored.
        public var reasons: [String]
    }
}

/// Someone left without a group, and why.
public struct Unmatched: Sendable, Equatable, Codable {
    /// Id.
    public var id: String
    /// Name.
    public var name: String
    /// Their side: mentor, mentee or peer.
    public var side: String
    /// Why, and what would help.
    public var reason: String
}
