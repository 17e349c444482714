import Assignment
import MentorCore

/// Matches a roster for a program: pairs and circles exactly, peer groups by a heuristic.
public struct Matcher: Sendable {
    /// The program (its type's policy applies; its existing groups are kept as pinned).
    public let program: Program
    /// The matching rules of the program's type.
    public let policy: MatchingPolicy
    /// Everyone who may be matched.
    public let roster: Roster
    /// How many candidate mentors each mentee keeps (the best-scoring eligible ones).
    public var candidatesPerMentee: Int
    /// How many mentors each mentee reads through the skill index per goal word at most; `nil` is 48 times
    /// `candidatesPerMentee`. `Int.max` reads every list in full, which is quadratic in the
    /// roster's size (kept for the benchmark that shows it).
    public var skillIndexReads: Int?

    /// A matcher; `candidatesPerMentee` defaults to 50.
    public init(program: Program, policy: MatchingPolicy, roster: Roster, candidatesPerMentee: Int = 50) {
        self.program = program
        self.policy = policy
        self.roster = roster
        self.candidatesPerMentee = candidatesPerMentee
    }

    /// Proposes groups; throws when a pin breaks a rule.
    public func run() throws(MatchError) -> MatchResult {
        switch policy.grouping {
        case .peerGroups(let size, let target):
            return PeerGrouper(matcher: self, size: size, target: target).run()
        case .pairs, .circles:
            return try MentorAssignment(matcher: self).run()
        }
    }

    /// The hard rules in words, for the result.
    var ruleDescriptions: [String] { policy.ruleDescriptions }

    /// A group id not used in the program yet.
    static func freshID(_ base: String, taken: inout Set<String>) -> String {
        var id = base
        var suffix = 2
        while taken.contains(id) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        taken.insert(id)
        return id
    }
}

/// Why matching can't go ahead.
public enum MatchError: Error, Equatable, CustomStringConvertible {
    /// A roster pin that breaks a hard rule or names someone who can't take that side.
    case badPin(file: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .badPin(let file, let line, let message): return "\(file):\(line): error: \(message)"
        }
    }
}

// MARK: - Pairs and circles

/// Mentors and mentees by an exact minimum-cost assignment with capacities.
struct MentorAssignment {
    let matcher: Matcher
    let rules: MatchRules
    var roster: Roster { matcher.roster }

    init(matcher: Matcher) {
        self.matcher = matcher
        rules = MatchRules(policy: matcher.policy, roster: matcher.roster)
    }

    func run() throws(MatchError) -> MatchResult {
        let people = roster.people
        let circles: ClosedRange<Int>?
        let defaultCapacity: Int
        if case .circles(let mentees, let capacity) = matcher.policy.grouping {
            (circles, defaultCapacity) = (mentees, capacity)
        } else {
            (circles, defaultCapacity) = (nil, 1)
        }
        // Places per mentor, less what the program's groups already use.
        var places = people.map { person -> Int in
            guard person.role?.canMentor == true else { return 0 }
            let wanted = person.capacity ?? defaultCapacity
            return circles.map { min(wanted, $0.upperBound) } ?? wanted
        }
        var placed = Set<Int>() // roster positions already in a group
        var groups = keptGroups(places: &places, placed: &placed, circles: circles != nil)
        let pins = try pinnedPairs(places: &places, placed: &placed)
        var taken = Set(matcher.program.groups.map(\.id))
        let mentees = people.indices.filter { people[$0].role?.canBeMentored == true && !placed.contains($0) }
        var (assigned, options, dissolved, notes) = solve(
            mentees: mentees, places: places, minimum: circles?.lowerBound ?? 1,
            pinned: Dictionary(pins.map { ($0.0, 1) }, uniquingKeysWith: +))
        for (mentor, mentee) in pins { assigned[mentee] = mentor }
        notes = matcher.keptGroupProblems(rules: rules) + notes

        // Groups: pairs one per mentee, circles one per mentor; pinned ones first.
        let byMentor = Dictionary(grouping: assigned.keys.sorted(), by: { assigned[$0] ?? -1 })
        var total = groups.flatMap(\.members).reduce(0) { $0 + $1.points }
        let pinnedMentees = Set(pins.map(\.1))
        for mentor in byMentor.keys.sorted(by: { people[$0].id < people[$1].id }) {
            let mentees = byMentor[mentor] ?? []
            let members = mentees.map { mentee -> MatchedGroup.Member in
                let points = rules.points(mentor: mentor, mentee: mentee)
                total += points
                return .init(
                    id: people[mentee].id, name: people[mentee].name, points: points,
                    reasons: (pinnedMentees.contains(mentee) ? ["pinned in the roster"] : [])
                        + rules.reasons(mentor: mentor, mentee: mentee))
            }
            if let circles {
                groups.append(
                    MatchedGroup(
                        id: Matcher.freshID("\(people[mentor].id)-circle", taken: &taken), mentor: people[mentor].id,
                        mentorName: people[mentor].name, members: members,
                        pinned: mentees.contains(where: pinnedMentees.contains)))
                if members.count < circles.lowerBound {
                    notes.append("\(people[mentor].name)'s circle has only its pinned mentee(s); a circle needs \(circles.lowerBound)")
                }
            } else {
                for (mentee, member) in zip(mentees, members) {
                    groups.append(
                        MatchedGroup(
                            id: Matcher.freshID("\(people[mentor].id)-\(member.id)", taken: &taken), mentor: people[mentor].id,
                            mentorName: people[mentor].name, members: [member], pinned: pinnedMentees.contains(mentee)))
                }
            }
        }
        groups.sort { ($0.pinned ? 0 : 1, $0.mentor ?? "", $0.id) < ($1.pinned ? 0 : 1, $1.mentor ?? "", $1.id) }
        // Mentors whose circle was dissolved have no places left for the explanations either.
        for mentor in dissolved { places[mentor] = 0 }
        let unmatched = explain(
            mentees: mentees.filter { assigned[$0] == nil }, options: options, places: places,
            usedMentors: Set(assigned.values), placed: placed, dissolved: dissolved)
        let reads = max(matcher.candidatesPerMentee, matcher.skillIndexReads ?? Candidates.scanFactor * matcher.candidatesPerMentee)
        notes +=
            unmatched.isEmpty
            ? []
            : [
                "\(unmatched.filter { $0.side == "mentee" }.count) mentee(s) and "
                    + "\(unmatched.filter { $0.side == "mentor" }.count) mentor(s) left unmatched; each has a reason under Unmatched"
            ]
        return MatchResult(
            program: matcher.program.name, type: matcher.program.type,
            method: "exact minimum-cost assignment with capacities (successive shortest paths), over each mentee's "
                + "\(matcher.candidatesPerMentee) best eligible mentors (found through their goals, reading at most \(reads) "
                + "mentors per goal, then nearby grades); as many mentees as possible are matched, then the most points",
            rules: matcher.ruleDescriptions, groups: groups, unmatched: unmatched, totalPoints: total, notes: notes)
    }

    /// The program file's groups, kept as they are; their people are placed and their mentors'
    /// places used up (a circle mentor's all of them: new mentees don't join an existing circle).
    func keptGroups(places: inout [Int], placed: inout Set<Int>, circles: Bool) -> [MatchedGroup] {
        var groups: [MatchedGroup] = []
        for group in matcher.program.groups {
            let members = group.mentees + group.peers
            for id in members + [group.mentor].compactMap({ $0 }) { if let position = roster.position(of: id) { placed.insert(position) } }
            if let mentor = group.mentor, let position = roster.position(of: mentor) {
                places[position] = circles ? 0 : max(0, places[position] - members.count)
            }
            let mentorPosition = group.mentor.flatMap { roster.position(of: $0) }
            let kept = members.map { id -> MatchedGroup.Member in
                guard let mentorPosition, let position = roster.position(of: id) else {
                    return .init(id: id, name: matcher.program.name(of: id), points: 0, reasons: ["in the program file already"])
                }
                return .init(
                    id: id, name: matcher.program.name(of: id), points: rules.points(mentor: mentorPosition, mentee: position),
                    reasons: ["in the program file already"] + rules.reasons(mentor: mentorPosition, mentee: position))
            }
            groups.append(
                MatchedGroup(
                    id: group.id, mentor: group.mentor, mentorName: group.mentor.map { matcher.program.name(of: $0) },
                    members: kept, pinned: true))
        }
        return groups
    }

    /// Roster pins as (mentor, mentee) positions, checked against the hard rules and capacities.
    func pinnedPairs(places: inout [Int], placed: inout Set<Int>) throws(MatchError) -> [(Int, Int)] {
        var pins: [(Int, Int)] = []
        for (position, person) in roster.people.enumerated() {
            guard let pin = person.pin, let other = roster.position(of: pin) else { continue }
            let (a, b) = (roster.people[position], roster.people[other])
            // Either may be the mentor when roles allow; when both ways do, the grade rule decides.
            let ways = [(mentor: position, mentee: other), (mentor: other, mentee: position)].filter {
                roster.people[$0.mentor].role?.canMentor == true && roster.people[$0.mentee].role?.canBeMentored == true
            }
            guard let pair = ways.first(where: { rules.rejection(mentor: $0.mentor, mentee: $0.mentee) == nil }) ?? ways.first else {
                throw .badPin(
                    file: roster.file, line: person.line,
                    message: "'\(a.id)' is pinned to '\(b.id)', but one of them must be a mentor and the other a mentee (see their roles)")
            }
            let (mentorID, menteeID) = (roster.people[pair.mentor].id, roster.people[pair.mentee].id)
            let alreadyGrouped = matcher.program.groups.contains { $0.mentor == mentorID && $0.mentees.contains(menteeID) }
            if pins.contains(where: { $0 == pair }) || alreadyGrouped { continue }
            if placed.contains(pair.mentee) {
                throw .badPin(
                    file: roster.file, line: person.line,
                    message: "'\(roster.people[pair.mentee].id)' is pinned twice or already in a group")
            }
            if let rejection = rules.rejection(mentor: pair.mentor, mentee: pair.mentee) {
                throw .badPin(
                    file: roster.file, line: person.line,
                    message:
                        "the pin of '\(a.id)' and '\(b.id)' breaks a rule: \(Self.words(rejection, policy: matcher.policy)); remove the pin"
                )
            }
            guard places[pair.mentor] > 0 else {
                throw .badPin(
                    file: roster.file, line: person.line,
                    message:
                        "'\(roster.people[pair.mentor].id)' has no place left for the pinned mentee '\(roster.people[pair.mentee].id)'; raise their capacity"
                )
            }
            places[pair.mentor] -= 1
            placed.insert(pair.mentee)
            pins.append(pair)
        }
        return pins
    }

    /// The optimal assignment of `mentees`; circles below `minimum` (counting the `pinned` mentees
    /// each mentor already has) are dissolved and the rest solved again.
    /// Also returns how many candidate mentors each mentee had, and the mentors whose circles were dissolved.
    func solve(mentees: [Int], places: [Int], minimum: Int, pinned: [Int: Int])
        -> (assigned: [Int: Int], options: [Int: Int], dissolved: Set<Int>, notes: [String])
    {
        var places = places
        var notes: [String] = []
        var dissolved: Set<Int> = []
        while true {
            let mentors = places.indices.filter { places[$0] > 0 }
            let candidates = Candidates(
                rules: rules, mentors: mentors, limit: matcher.candidatesPerMentee,
                scanLimit: matcher.skillIndexReads)
            var scratch = Candidates.Scratch(mentors: mentors.count)
            // Leaving a mentee out must cost more than any chain of swaps could save, so that as
            // many mentees as possible are matched first.
            let unmatchedCost = (MatchRules.maximumPoints + 1) * (mentees.count + 1)
            guard var problem = try? AssignmentProblem(capacities: mentors.map { places[$0] }) else { return ([:], [:], dissolved, notes) }
            var options: [Int: Int] = [:]
            problem.reserveCapacity(rows: mentees.count, candidates: mentees.count * min(mentors.count, matcher.candidatesPerMentee))
            for mentee in mentees {
                let list = candidates.list(for: mentee, scratch: &scratch)
                options[mentee] = list.count
                // Columns are distinct and costs small by construction, so this can't throw.
                _ = try? problem.addRow(
                    candidates: list.map { ($0.mentor, MatchRules.maximumPoints - $0.points) },
                    unmatchedCost: unmatchedCost)
            }
            let solution = SparseAssignment.solve(problem)
            var assigned: [Int: Int] = [:]
            var counts: [Int: Int] = [:]
            for (row, column) in solution.columns.enumerated() {
                guard let column else { continue }
                assigned[mentees[row]] = mentors[column]
                counts[mentors[column], default: 0] += 1
            }
            let small = counts.filter { $0.value + (pinned[$0.key] ?? 0) < minimum }.keys.sorted()
            if small.isEmpty { return (assigned, options, dissolved, notes) }
            for mentor in small {
                places[mentor] = 0
                dissolved.insert(mentor)
                notes.append(
                    "\(roster.people[mentor].name) would have had \((counts[mentor] ?? 0) + (pinned[mentor] ?? 0)) mentee(s), fewer than a circle's "
                        + "\(minimum); their mentees were matched again without them")
            }
        }
    }

    /// Why each unmatched person stayed so.
    /// Mentees with candidates lost them to others; the rest are checked against every mentor
    /// with places, to say which rule stood in the way.
    func explain(
        mentees: [Int], options: [Int: Int], places: [Int], usedMentors: Set<Int>, placed: Set<Int>,
        dissolved: Set<Int>
    ) -> [Unmatched] {
        let people = roster.people
        var result: [Unmatched] = []
        let mentorsWithPlaces = places.indices.filter { places[$0] > 0 }
        struct GradeTally {
            var noGrade = 0
            var gradeGap = 0
            var gradeEligible: [Int] = []
        }
        var byGrade: [Int: GradeTally] = [:]
        for mentee in mentees {
            let reason: String
            let eligible = options[mentee] ?? 0
            if people[mentee].grade == nil {
                reason = "no grade in the roster, so the grade rule can't be checked; add their grade"
            } else if eligible > 0 {
                let count =
                    eligible >= matcher.candidatesPerMentee
                    ? "at least \(eligible) mentors were"
                    : "\(eligible) mentor\(eligible == 1 ? " was" : "s were")"
                reason =
                    "\(count) eligible, but their places went to mentees "
                    + "they suit better or who had fewer options; add mentors or raise a capacity"
            } else {
                // The grade rule rejects the same mentors for everyone of a grade: count once per grade.
                let grade = people[mentee].grade ?? 0
                if byGrade[grade] == nil {
                    var tally = GradeTally()
                    for mentor in mentorsWithPlaces {
                        switch rules.rejection(mentor: mentor, mentee: mentee) {
                        case .noGrade: tally.noGrade += 1
                        case .gradeGap: tally.gradeGap += 1
                        default: tally.gradeEligible.append(mentor)
                        }
                    }
                    byGrade[grade] = tally
                }
                let tally = byGrade[grade] ?? GradeTally()
                let chain = tally.gradeEligible.filter { rules.rejection(mentor: $0, mentee: mentee) == .chainOfCommand }.count
                let parts = [
                    (tally.gradeGap, "do not meet the grade rule (\(matcher.policy.gradeRule))"),
                    (chain, "are in the same reporting line"), (tally.noGrade, "have no grade"),
                ]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
                reason =
                    mentorsWithPlaces.isEmpty
                    ? "no mentor has a place left"
                    : "no mentor fits: of \(mentorsWithPlaces.count) with places, " + parts.joined(separator: ", ")
            }
            result.append(Unmatched(id: people[mentee].id, name: people[mentee].name, side: "mentee", reason: reason))
        }
        for mentor in people.indices where people[mentor].role == .mentor && !usedMentors.contains(mentor) && !placed.contains(mentor) {
            let reason =
                dissolved.contains(mentor)
                ? "too few mentees suited them to fill a circle; see Notes"
                : places[mentor] == 0
                    ? "capacity 0 (or their circle is already in the program file)"
                    : "no mentee was better served by them; they could take a mentee added later"
            result.append(Unmatched(id: people[mentor].id, name: people[mentor].name, side: "mentor", reason: reason))
        }
        return result
    }

    static func words(_ rejection: MatchRules.Rejection, policy: MatchingPolicy) -> String {
        switch rejection {
        case .samePerson: return "they are the same person"
        case .noGrade: return "a grade is missing, so the grade rule can't be checked"
        case .gradeGap: return policy.gradeRule + " is not met"
        case .chainOfCommand: return "one is in the other's chain of command"
        case .noPlaces: return "the mentor has no place left"
        }
    }
}

extension MatchingPolicy {
    /// The hard rules in words: what `mentor match` prints and the server's matching page shows.
    public var ruleDescriptions: [String] {
        switch grouping {
        case .pairs:
            return [
                gradeRule, "the mentor is outside the mentee's chain of command, and the mentee outside the mentor's",
                "a mentor takes at most 'capacity' mentees (1 when the cell is empty)", "only people who opted in (role) are matched",
            ]
        case .circles(let mentees, let defaultCapacity):
            return [
                gradeRule, "the mentor is outside each mentee's chain of command, and each mentee outside the mentor's",
                "a circle has \(mentees.lowerBound) to \(mentees.upperBound) mentees ('capacity', \(defaultCapacity) when the cell is empty)",
                "only people who opted in (role) are matched",
            ]
        case .peerGroups(let size, _):
            return [
                gradeRule, "no one is in another group member's chain of command",
                "a group has \(size.lowerBound) to \(size.upperBound) peers", "only people with role 'peer' are grouped",
            ]
        }
    }
}
