/// The reporting lines of a roster, for the chain-of-command rule.
///
/// A depth-first walk numbers each person on entry and exit; `a` is above `b` exactly when `b`'s
/// numbers fall inside `a`'s, so the test is two comparisons however deep the organization is.
public struct OrgTree: Sendable {
    /// Each person's manager (a position in the roster), or -1.
    public let manager: [Int32]
    private var entry: [Int32]
    private var exit: [Int32]

    /// Builds the tree; returns the people of one manager cycle instead when there is one.
    static func make(manager: [Int32]) -> Result<OrgTree, CycleError> {
        let count = manager.count
        // Children in compressed form: reports of person p are children[start[p]..<start[p + 1]].
        var start = [Int32](repeating: 0, count: count + 1)
        for boss in manager where boss >= 0 { start[Int(boss) + 1] += 1 }
        for index in 0..<count { start[index + 1] += start[index] }
        var children = [Int32](repeating: 0, count: Int(start[count]))
        var fill = start
        for (person, boss) in manager.enumerated() where boss >= 0 {
            children[Int(fill[Int(boss)])] = Int32(person)
            fill[Int(boss)] += 1
        }
        var entry = [Int32](repeating: -1, count: count)
        var exit = [Int32](repeating: -1, count: count)
        var clock: Int32 = 0
        var stack: [(person: Int32, next: Int32)] = []
        for root in 0..<count where manager[root] < 0 {
            stack.append((Int32(root), start[root]))
            entry[root] = clock
            clock += 1
            while let top = stack.last {
                let person = Int(top.person)
                if top.next < start[person + 1] {
                    stack[stack.count - 1].next += 1
                    let child = Int(children[Int(top.next)])
                    entry[child] = clock
                    clock += 1
                    stack.append((Int32(child), start[child]))
                } else {
                    exit[person] = clock
                    stack.removeLast()
                }
            }
        }
        // Anyone not reached from a person without a manager sits on (or under) a cycle.
        if let stuck = entry.firstIndex(of: -1) {
            return .failure(CycleError(people: cycle(from: stuck, manager: manager)))
        }
        return .success(OrgTree(manager: manager, entry: entry, exit: exit))
    }

    /// The cycle reached by following managers up from `person`.
    private static func cycle(from person: Int, manager: [Int32]) -> [Int] {
        var seen: [Int: Int] = [:]
        var path: [Int] = []
        var current = person
        while seen[current] == nil, current >= 0 {
            seen[current] = path.count
            path.append(current)
            current = Int(manager[current])
        }
        guard current >= 0, let first = seen[current] else { return path }
        return Array(path[first...])
    }

    /// True when `a` is `b`'s manager, their manager, and so on up.
    public func isAncestor(_ a: Int, of b: Int) -> Bool {
        a != b && entry[a] <= entry[b] && exit[b] <= exit[a]
    }

    /// The numbers of `person`'s entry and exit in the walk: `a` is above `b` exactly when `b`'s
    /// span lies inside `a`'s (for callers that keep them beside other facts).
    func span(of person: Int) -> (entry: Int32, exit: Int32) { (entry[person], exit[person]) }

    /// People whose managers lead round in a circle.
    struct CycleError: Error {
        var people: [Int]
    }
}
