/// How a program type matches mentors and mentees: the shape of its groups and the grade rule.
///
/// A type declares its policy in its description; `mentor match` applies it. Hard rules (grade
/// gap, chain of command, capacity, opting in) decide who may be matched; soft terms (shared
/// goals and skills, departments, preferences) decide who is matched best.
public struct MatchingPolicy: Sendable, Equatable {
    /// The groups matching forms.
    public enum Grouping: Sendable, Equatable {
        /// One mentor, one mentee per group; a mentor with capacity above one mentors several pairs.
        case pairs
        /// One mentor with several mentees; `mentees` bounds a circle's size and
        /// `defaultCapacity` applies when the roster leaves a mentor's capacity empty.
        case circles(mentees: ClosedRange<Int>, defaultCapacity: Int)
        /// Groups of peers with no mentor, of `size` people, aiming for `target`.
        case peerGroups(size: ClosedRange<Int>, target: Int)
    }

    /// The groups matching forms.
    public var grouping: Grouping
    /// Allowed values of (mentor's grade − mentee's grade). Reverse mentoring flips the sign:
    /// the mentor is the junior. For peer groups, the largest grade spread within a group.
    public var gradeGap: ClosedRange<Int>
    /// The gap that suits best; matches near it score higher.
    public var idealGap: Int

    /// Creates a policy.
    public init(grouping: Grouping, gradeGap: ClosedRange<Int>, idealGap: Int) {
        self.grouping = grouping
        self.gradeGap = gradeGap
        self.idealGap = idealGap
    }

    /// Pairs with a mentor at least two grades senior (the usual one-to-one rule).
    public static let seniorMentor = MatchingPolicy(grouping: .pairs, gradeGap: 2...Int.max, idealGap: 2)
    /// Pairs with a mentor at least two grades junior (reverse mentoring).
    public static let juniorMentor = MatchingPolicy(grouping: .pairs, gradeGap: Int.min...(-2), idealGap: -2)

    /// The grade rule in words, e.g. "the mentor is at least 2 grades senior".
    public var gradeRule: String {
        switch grouping {
        case .peerGroups:
            return "peers in a group are at most \(gradeGap.upperBound) grade\(gradeGap.upperBound == 1 ? "" : "s") apart"
        case .pairs, .circles:
            if gradeGap.lowerBound > 0 {
                let upper = gradeGap.upperBound == Int.max ? "" : " and at most \(gradeGap.upperBound)"
                return "the mentor is at least \(gradeGap.lowerBound) grades senior\(upper)"
            }
            if gradeGap.upperBound < 0 {
                let lower = gradeGap.lowerBound == Int.min ? "" : " and at most \(-gradeGap.lowerBound)"
                return "the mentor is at least \(-gradeGap.upperBound) grades junior\(lower)"
            }
            return "the grade gap is \(gradeGap.lowerBound) to \(gradeGap.upperBound)"
        }
    }
}
