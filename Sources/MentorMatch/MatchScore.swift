import MentorCore

/// The rules and soft terms of matching one mentor to one mentee.
///
/// Hard rules decide whether a pair may be matched at all; soft terms add points, and the
/// assignment maximises the points over everyone (as a minimum cost: `maximum - points`).
public struct MatchRules: Sendable {
    /// The program type's policy.
    public let policy: MatchingPolicy
    /// The roster.
    public let roster: Roster

    /// The rules of `policy` over `roster`.
    public init(policy: MatchingPolicy, roster: Roster) {
        self.policy = policy
        self.roster = roster
    }

    /// Points per goal of the mentee that is a skill of the mentor, for at most `sharedLimit` of them.
    public static let sharedPoints = 10
    /// Shared words beyond this many add nothing.
    public static let sharedLimit = 3
    /// Points when the two work in different departments.
    public static let crossDepartmentPoints = 5
    /// Points when the grade gap is the policy's ideal; one step away earns half.
    public static let idealGapPoints = 4
    /// Points when the mentee asked for the mentor.
    public static let menteePreferencePoints = 12
    /// Points when the mentor asked for the mentee.
    public static let mentorPreferencePoints = 8
    /// The most points a pair can earn.
    public static let maximumPoints = sharedPoints * sharedLimit + crossDepartmentPoints + idealGapPoints
        + menteePreferencePoints + mentorPreferencePoints

    /// Why a pair may not be matched.
    public enum Rejection: Hashable, Sendable {
        case samePerson, noGrade, gradeGap, chainOfCommand, noPlaces
    }

    /// Why `mentor` may not mentor `mentee` (positions in the roster), or `nil` when they may.
    public func rejection(mentor: Int, mentee: Int) -> Rejection? {
        if mentor == mentee { return .samePerson }
        guard let mentorGrade = roster.people[mentor].grade, let menteeGrade = roster.people[mentee].grade else { return .noGrade }
        if !policy.gradeGap.contains(mentorGrade - menteeGrade) { return .gradeGap }
        if roster.inChainOfCommand(mentor, mentee) { return .chainOfCommand }
        return nil
    }

    /// The points a pair earns (no explanation: the fast path for candidate lists).
    public func points(mentor: Int, mentee: Int) -> Int {
        let (m, e) = (roster.people[mentor], roster.people[mentee])
        var points = Self.sharedPoints * min(Self.sharedLimit, sharedCount(m.skills, e.goals))
        if let a = m.department, let b = e.department, a.lowercased() != b.lowercased() { points += Self.crossDepartmentPoints }
        if let a = m.grade, let b = e.grade { points += gapPoints(a - b) }
        if e.prefers.contains(m.id) { points += Self.menteePreferencePoints }
        if m.prefers.contains(e.id) { points += Self.mentorPreferencePoints }
        return points
    }

    /// The soft terms that scored for a pair, in words.
    public func reasons(mentor: Int, mentee: Int) -> [String] {
        let (m, e) = (roster.people[mentor], roster.people[mentee])
        var reasons: [String] = []
        let shared = sharedTerms(m.skills, e.goals)
        if !shared.isEmpty {
            reasons.append("\(m.name) can help with \(e.name)'s \(shared.count == 1 ? "goal" : "goals") "
                + shared.map { "'\(roster.terms[Int($0)])'" }.joined(separator: ", "))
        }
        if let a = m.department, let b = e.department, a.lowercased() != b.lowercased() {
            reasons.append("different departments (\(a), \(b))")
        }
        if let a = m.grade, let b = e.grade, gapPoints(a - b) > 0 {
            reasons.append("\(abs(a - b)) grade\(abs(a - b) == 1 ? "" : "s") apart")
        }
        if e.prefers.contains(m.id) { reasons.append("\(e.name) asked for \(m.name)") }
        if m.prefers.contains(e.id) { reasons.append("\(m.name) asked for \(e.name)") }
        return reasons
    }

    func gapPoints(_ gap: Int) -> Int {
        let distance = abs(gap - policy.idealGap)
        return distance == 0 ? Self.idealGapPoints : distance == 1 ? Self.idealGapPoints / 2 : 0
    }

    /// How many numbers two sorted lists share.
    func sharedCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var (i, j, count) = (0, 0, 0)
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                count += 1
                i += 1
                j += 1
            } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return count
    }

    func sharedTerms(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        a.filter { b.contains($0) }
    }
}
