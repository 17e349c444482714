/// Peer groups by a heuristic (not proven optimal; labelled so in the result).
///
/// Splitting people into groups to maximise a score is NP-hard in general, so peers are grouped
/// in two steps:
/// 1. **Bands.** Peers sorted by grade are cut into bands whose grades differ by at most the
///    policy's spread, and each band into groups of sizes as even as the size range allows.
///    A band too small for one group leaves its peers unmatched, with the reason.
/// 2. **Swaps.** Within a band, two peers in nearby groups trade places whenever that lowers the
///    number of pairs where one is in the other's chain of command, or keeps it and raises the
///    score: +3 per department a group has beyond the first, +2 per goal shared by two members.
///    Passes repeat until none improves (at most 20), so the result is a local optimum.
/// 3. **The rule, enforced.** No one may share a group with someone in their chain of command.
///    A member still tied to another is moved to a nearby group of the band with room and no tie;
///    failing that, they are left unmatched with the reason. A group that falls below the minimum
///    takes members from larger groups, or is dissolved the same way.
struct PeerGrouper {
    let matcher: Matcher
    let size: ClosedRange<Int>
    let target: Int
    let rules: MatchRules

    init(matcher: Matcher, size: ClosedRange<Int>, target: Int) {
        self.matcher = matcher
        self.size = size
        self.target = target
        rules = MatchRules(policy: matcher.policy, roster: matcher.roster)
    }

    static let departmentPoints = 3
    static let sharedGoalPoints = 2
    static let maximumPasses = 20
    /// Swaps are tried between a group and the next few in its band, so a band of thousands of
    /// peers costs time in proportion to its size, not its square.
    static let swapWindow = 8

    var roster: Roster { matcher.roster }

    func run() -> MatchResult {
        let people = roster.people
        let kept = inProgram
        let peers = people.indices.filter { people[$0].role == .peer && !kept.contains(people[$0].id) }
        var unmatched: [Unmatched] = peers.filter { people[$0].grade == nil }.map {
            Unmatched(id: people[$0].id, name: people[$0].name, side: "peer", reason: "no grade in the roster; add their grade")
        }
        let graded = peers.filter { people[$0].grade != nil }
            .sorted {
                (people[$0].grade ?? 0, people[$0].department ?? "", people[$0].id) < (
                    people[$1].grade ?? 0, people[$1].department ?? "", people[$1].id
                )
            }
        var groups: [[Int]] = []
        var left: [(peer: Int, reason: String)] = []
        for band in bands(graded) {
            guard band.count >= size.lowerBound else {
                unmatched += band.map {
                    Unmatched(
                        id: people[$0].id, name: people[$0].name, side: "peer",
                        reason: "only \(band.count) peer\(band.count == 1 ? "" : "s") within \(matcher.policy.gradeGap.upperBound) grades; "
                            + "a group needs \(size.lowerBound)")
                }
                continue
            }
            var repair = ChainRepair(grouper: self, groups: improve(split(band)))
            repair.run()
            groups += repair.groups.filter { !$0.isEmpty }
            left += repair.left
        }
        unmatched += left.sorted { people[$0.peer].id < people[$1.peer].id }
            .map { Unmatched(id: people[$0.peer].id, name: people[$0.peer].name, side: "peer", reason: $0.reason) }
        var taken = Set(matcher.program.groups.map(\.id))
        var total = 0
        var notes: [String] = []
        var result: [MatchedGroup] = matcher.program.groups.map { group in
            MatchedGroup(
                id: group.id, mentor: nil, mentorName: nil,
                members: group.peers.map {
                    .init(id: $0, name: matcher.program.name(of: $0), points: 0, reasons: ["in the program file already"])
                },
                pinned: true)
        }
        notes += matcher.keptGroupProblems(rules: rules)
        if !left.isEmpty {
            notes.append(
                "\(left.count) peer\(left.count == 1 ? " was" : "s were") left out to keep everyone out of their "
                    + "group's chain of command; see Unmatched")
        }
        for (number, group) in groups.enumerated() {
            let points = score(group)
            total += points
            let members = group.map { member in
                MatchedGroup.Member(id: people[member].id, name: people[member].name, points: points, reasons: reasons(member, in: group))
            }
            result.append(
                MatchedGroup(
                    id: Matcher.freshID("peers-\(number + 1)", taken: &taken), mentor: nil, mentorName: nil,
                    members: members, pinned: false))
        }
        if people.contains(where: { $0.pin != nil }) { notes.append("pins are not used for peer groups") }
        return MatchResult(
            program: matcher.program.name, type: matcher.program.type,
            method: "heuristic: peers sorted by grade are cut into bands and even groups, then improved by swapping members "
                + "between groups until no swap helps (a local optimum, not proven best)",
            rules: matcher.ruleDescriptions, groups: result, unmatched: unmatched, totalPoints: total, notes: notes,
            peerGroups: true)
    }

    /// Ids already in one of the program file's groups.
    var inProgram: Set<String> {
        Set(matcher.program.groups.flatMap { $0.peers + $0.mentees + [$0.mentor].compactMap { $0 } })
    }

    /// Runs of grade-sorted peers whose grades span at most the policy's spread.
    func bands(_ sorted: [Int]) -> [[Int]] {
        var bands: [[Int]] = []
        for peer in sorted {
            let grade = roster.people[peer].grade ?? 0
            if let first = bands.last?.first, grade - (roster.people[first].grade ?? 0) <= matcher.policy.gradeGap.upperBound {
                bands[bands.count - 1].append(peer)
            } else {
                bands.append([peer])
            }
        }
        return bands
    }

    /// `band` in groups as close to `target` as the size range allows, dealt round-robin so each
    /// group starts with a mix of departments.
    func split(_ band: [Int]) -> [[Int]] {
        var count = max(1, Int((Double(band.count) / Double(target)).rounded()))
        while count > 1, band.count / count < size.lowerBound { count -= 1 }
        while (band.count + count - 1) / count > size.upperBound { count += 1 }
        var groups = [[Int]](repeating: [], count: count)
        for (index, peer) in band.enumerated() { groups[index % count].append(peer) }
        return groups
    }

    /// Swaps members between nearby groups while that removes chain-of-command ties, or keeps
    /// their number and raises the score.
    func improve(_ groups: [[Int]]) -> [[Int]] {
        var groups = groups
        guard groups.count > 1 else { return groups }
        func better(_ new: (ties: Int, points: Int), than old: (ties: Int, points: Int)) -> Bool {
            new.ties < old.ties || (new.ties == old.ties && new.points > old.points)
        }
        for _ in 0..<Self.maximumPasses {
            var improved = false
            for a in groups.indices {
                for b in (a + 1)..<min(groups.count, a + 1 + Self.swapWindow) {
                    var (oldA, oldB) = (quality(groups[a]), quality(groups[b]))
                    for i in groups[a].indices {
                        for j in groups[b].indices {
                            var (x, y) = (groups[a], groups[b])
                            swap(&x[i], &y[j])
                            let (newA, newB) = (quality(x), quality(y))
                            if better(
                                (newA.ties + newB.ties, newA.points + newB.points), than: (oldA.ties + oldB.ties, oldA.points + oldB.points)
                            ) {
                                (groups[a], groups[b]) = (x, y)
                                (oldA, oldB) = (newA, newB)
                                improved = true
                            }
                        }
                    }
                }
            }
            if !improved { break }
        }
        return groups
    }

    /// A group's chain-of-command ties and its points without them.
    func quality(_ group: [Int]) -> (ties: Int, points: Int) {
        (conflicts(group), score(group))
    }

    /// Points of a group: mixed departments and shared goals.
    func score(_ group: [Int]) -> Int {
        let people = roster.people
        let departments = Set(group.compactMap { people[$0].department?.lowercased() })
        var points = Self.departmentPoints * max(0, departments.count - 1)
        for (index, a) in group.enumerated() {
            for b in group[(index + 1)...] {
                points += Self.sharedGoalPoints * rules.sharedCount(people[a].goals, people[b].goals)
            }
        }
        return points
    }

    /// Pairs in `group` where one is in the other's chain of command.
    func conflicts(_ group: [Int]) -> Int {
        var count = 0
        for (index, a) in group.enumerated() {
            for b in group[(index + 1)...] where roster.inChainOfCommand(a, b) { count += 1 }
        }
        return count
    }

    func reasons(_ member: Int, in group: [Int]) -> [String] {
        let people = roster.people
        var reasons: [String] = []
        let others = group.filter { $0 != member }
        let shared = Set(others.flatMap { people[$0].goals }).intersection(people[member].goals).sorted()
        if !shared.isEmpty {
            reasons.append("shares goals " + shared.map { "'\(roster.terms[Int($0)])'" }.joined(separator: ", "))
        }
        let departments = Set(group.compactMap { people[$0].department })
        if departments.count > 1 { reasons.append("\(departments.count) departments in the group") }
        let grades = group.compactMap { people[$0].grade }
        if let low = grades.min(), let high = grades.max() { reasons.append(low == high ? "all grade \(low)" : "grades \(low) to \(high)") }
        return reasons
    }
}
