/// Makes one grade band's peer groups keep the chain-of-command rule: no one shares a group with
/// someone above or below them in the reporting line.
///
/// The swaps before it only prefer groups without such ties; this step enforces the rule. A member
/// still tied to another (the one with the most ties first) is moved to a nearby group of the band
/// that has room and no tie for them, or left out with the reason. A group that falls below the
/// minimum size takes members from nearby larger groups, or is dissolved the same way.
struct ChainRepair {
    let grouper: PeerGrouper
    /// The band's groups; a dissolved group is left empty.
    private(set) var groups: [[Int]]
    /// Peers left out, with why.
    private(set) var left: [(peer: Int, reason: String)] = []
    /// Groups looked at on each side when moving someone, so a large band costs time in proportion to its size.
    static let reach = 32

    init(grouper: PeerGrouper, groups: [[Int]]) {
        self.grouper = grouper
        self.groups = groups
    }

    private var roster: Roster { grouper.roster }
    private var size: ClosedRange<Int> { grouper.size }
    private var spread: Int { grouper.matcher.policy.gradeGap.upperBound }

    mutating func run() {
        for group in groups.indices { untie(group) }
        for group in groups.indices where !groups[group].isEmpty && groups[group].count < size.lowerBound { refill(group) }
    }

    /// Takes members out of group `index` until no two are tied.
    private mutating func untie(_ index: Int) {
        while let (member, other) = mostTied(in: groups[index]) {
            groups[index].removeAll { $0 == member }
            place(
                member, from: index,
                because: "\(relation(member, other)), so they can't share a group; "
                    + "no group within \(spread) grades had room without someone in their chain of command")
        }
    }

    /// The member with the most ties in `group` (the later one on a draw), and one they are tied to.
    private func mostTied(in group: [Int]) -> (member: Int, other: Int)? {
        var best: (member: Int, ties: Int, other: Int)?
        for a in group {
            var ties = 0
            var other = a
            for b in group where b != a && roster.inChainOfCommand(a, b) {
                ties += 1
                other = b
            }
            if ties > 0, ties >= best?.ties ?? 0 { best = (a, ties, other) }
        }
        return best.map { ($0.member, $0.other) }
    }

    /// Puts `peer` in the nearby group with room, no tie and the best gain; else leaves them out.
    private mutating func place(_ peer: Int, from index: Int, because reason: String) {
        var best: (group: Int, gain: Int)?
        for other in nearby(index)
        where !groups[other].isEmpty && groups[other].count < size.upperBound
            && !groups[other].contains(where: { roster.inChainOfCommand(peer, $0) })
        {
            let gain = grouper.score(groups[other] + [peer]) - grouper.score(groups[other])
            if gain > best?.gain ?? Int.min { best = (other, gain) }
        }
        if let best {
            groups[best.group].append(peer)
        } else {
            left.append((peer, reason))
        }
    }

    /// Fills group `index` up to the minimum from nearby larger groups, or dissolves it.
    private mutating func refill(_ index: Int) {
        for other in nearby(index) {
            while groups[index].count < size.lowerBound, groups[other].count > size.lowerBound,
                let pick = groups[other].lastIndex(where: { member in !groups[index].contains { roster.inChainOfCommand(member, $0) } })
            {
                groups[index].append(groups[other].remove(at: pick))
            }
            if groups[index].count >= size.lowerBound { return }
        }
        let members = groups[index]
        groups[index] = []
        for member in members {
            place(
                member, from: index,
                because: "their group fell below \(size.lowerBound) once people in one another's chain of "
                    + "command were separated, and no group within \(spread) grades had room for them")
        }
    }

    /// Indices of the groups near `index`, itself left out.
    private func nearby(_ index: Int) -> [Int] {
        (max(0, index - Self.reach)..<min(groups.count, index + Self.reach + 1)).filter { $0 != index }
    }

    /// How `other` stands to `person` in the reporting line, in words.
    private func relation(_ person: Int, _ other: Int) -> String {
        let name = "\(roster.people[other].name) (\(roster.people[other].id))"
        if let levels = levels(from: person, upTo: other) {
            return levels == 1
                ? "\(name) is their manager"
                : levels == 2
                    ? "\(name) is their manager's manager"
                    : "\(name) is \(levels) levels above them in the reporting line"
        }
        if let levels = levels(from: other, upTo: person) {
            return levels == 1 ? "\(name) reports to them" : "\(name) is \(levels) levels below them in the reporting line"
        }
        return "\(name) is in their chain of command"
    }

    /// How many managers up from `person` `boss` is, if above them.
    private func levels(from person: Int, upTo boss: Int) -> Int? {
        var current = Int(roster.org.manager[person])
        var levels = 1
        // The org tree has no cycles; the bound only guards the loop.
        while current >= 0, levels <= roster.people.count {
            if current == boss { return levels }
            current = Int(roster.org.manager[current])
            levels += 1
        }
        return nil
    }
}
