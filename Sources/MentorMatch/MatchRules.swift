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

    // Per-person facts in flat arrays: candidate search scores millions of pairs, and reading
    // these is far cheaper than copying people or folding department names each time.
    let grade: [Int?]
    let department: [Int32]
    private let skills: [[Int32]]
    private let goals: [[Int32]]
    let prefers: [[Int32]]
    /// For each person, the position of the key holder they are to succeed, or -1.
    private let succeeds: [Int32]
    /// Whether each person holds a key position and has a retirement date: whose knowledge must move on.
    let retiringKeyHolder: [Bool]

    /// The rules of `policy` over `roster`.
    public init(policy: MatchingPolicy, roster: Roster) {
        self.policy = policy
        self.roster = roster
        var departments: [String: Int32] = [:]
        department = roster.people.map { person in
            guard let name = person.department?.lowercased() else { return -1 }
            if let id = departments[name] { return id }
            let id = Int32(departments.count)
            departments[name] = id
            return id
        }
        grade = roster.people.map(\.grade)
        skills = roster.people.map(\.skills)
        goals = roster.people.map(\.goals)
        prefers = roster.people.map { person in person.prefers.compactMap { roster.position(of: $0).map(Int32.init) }.sorted() }
        succeeds = roster.people.map { person in person.successorFor.flatMap { roster.position(of: $0) }.map(Int32.init) ?? -1 }
        retiringKeyHolder = roster.people.map { $0.keyPosition && $0.retires != nil }
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
    /// Points when a retiring key holder mentors the person named to succeed them.
    public static let successorPoints = 15
    /// Points when a retiring key holder mentors someone in their own department (their line of work).
    public static let sameLineOfWorkPoints = 6
    /// The most points a pair can earn.
    public static let maximumPoints =
        sharedPoints * sharedLimit + crossDepartmentPoints + idealGapPoints
        + menteePreferencePoints + mentorPreferencePoints + successorPoints

    /// Why a pair may not be matched.
    public enum Rejection: Hashable, Sendable {
        case samePerson, noGrade, gradeGap, chainOfCommand, noPlaces
    }

    /// Why `mentor` may not mentor `mentee` (positions in the roster), or `nil` when they may.
    public func rejection(mentor: Int, mentee: Int) -> Rejection? {
        if mentor == mentee { return .samePerson }
        guard let mentorGrade = grade[mentor], let menteeGrade = grade[mentee] else { return .noGrade }
        if !policy.gradeGap.contains(mentorGrade - menteeGrade) { return .gradeGap }
        if roster.inChainOfCommand(mentor, mentee) { return .chainOfCommand }
        return nil
    }

    /// The points a pair earns (no explanation: the fast path for candidate lists).
    public func points(mentor: Int, mentee: Int) -> Int {
        points(mentor: mentor, mentee: mentee, shared: sharedCount(skills[mentor], goals[mentee]))
    }

    /// The points of a pair whose shared goal-and-skill words are already counted.
    func points(mentor: Int, mentee: Int, shared: Int) -> Int {
        var points = Self.sharedPoints * min(Self.sharedLimit, shared)
        if department[mentor] >= 0, department[mentee] >= 0, department[mentor] != department[mentee] {
            points += Self.crossDepartmentPoints
        }
        if let a = grade[mentor], let b = grade[mentee] { points += gapPoints(a - b) }
        if !prefers[mentee].isEmpty, prefers[mentee].contains(Int32(mentor)) { points += Self.menteePreferencePoints }
        if !prefers[mentor].isEmpty, prefers[mentor].contains(Int32(mentee)) { points += Self.mentorPreferencePoints }
        if retiringKeyHolder[mentor] {
            if succeeds[mentee] == Int32(mentor) {
                points += Self.successorPoints
            } else if department[mentor] >= 0, department[mentor] == department[mentee] {
                points += Self.sameLineOfWorkPoints
            }
        }
        return points
    }

    /// The soft terms that scored for a pair, in words.
    public func reasons(mentor: Int, mentee: Int) -> [String] {
        let (m, e) = (roster.people[mentor], roster.people[mentee])
        var reasons: [String] = []
        let shared = sharedTerms(m.skills, e.goals)
        if !shared.isEmpty {
            reasons.append(
                "\(m.name) can help with \(e.name)'s \(shared.count == 1 ? "goal" : "goals") "
                    + shared.map { "'\(roster.terms[Int($0)])'" }.joined(separator: ", "))
        }
        if let a = m.department, let b = e.department, department[mentor] != department[mentee] {
            reasons.append("different departments (\(a), \(b))")
        }
        if let a = m.grade, let b = e.grade, gapPoints(a - b) > 0 {
            reasons.append("\(abs(a - b)) grade\(abs(a - b) == 1 ? "" : "s") apart")
        }
        if e.prefers.contains(m.id) { reasons.append("\(e.name) asked for \(m.name)") }
        if m.prefers.contains(e.id) { reasons.append("\(m.name) asked for \(e.name)") }
        if retiringKeyHolder[mentor], let retires = m.retires {
            if succeeds[mentee] == Int32(mentor) {
                reasons.append(
                    "knowledge transfer: \(m.name) holds a key position, may retire on \(retires), and \(e.name) is to succeed them")
            } else if department[mentor] >= 0, department[mentor] == department[mentee] {
                reasons.append(
                    "knowledge transfer: \(m.name) holds a key position and may retire on \(retires); "
                        + "\(e.name) works in the same department (\(m.department ?? ""))")
            }
        }
        return reasons
    }

    func gapPoints(_ gap: Int) -> Int {
        let distance = abs(gap - policy.idealGap)
        return distance == 0 ? Self.idealGapPoints : distance == 1 ? Self.idealGapPoints / 2 : 0
    }

    /// How many numbers two sorted lists share.
    func sharedCount(_ a: [Int32], _ b: [Int32]) -> Int { Self.sharedCount(a[...], b) }

    /// How many numbers two sorted lists share, the first a slice (candidate search reads a
    /// mentor's words out of one flat array).
    static func sharedCount(_ a: ArraySlice<Int32>, _ b: [Int32]) -> Int {
        var (i, j, count) = (a.startIndex, 0, 0)
        while i < a.endIndex, j < b.count {
            if a[i] == b[j] {
                count += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return count
    }

    func sharedTerms(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        a.filter { b.contains($0) }
    }
}
