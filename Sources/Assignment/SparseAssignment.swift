/// Solves an `AssignmentProblem` exactly: a primal-dual method (shortest paths with potentials)
/// that places many rows per search.
///
/// Written by hand because no maintained Swift package solves assignment with capacities over
/// sparse candidate lists (scipy and LEMON do, in Python and C++).
///
/// Each row starts at its cheapest option (a greedy start that is already dual feasible). The
/// rows that can't keep it are placed in phases, as in the Hungarian method, over reduced costs
/// `cost - u[row] - v[column]`, which stay non-negative: one Dijkstra from all of them at once
/// finds the distance to the nearest place, the potentials move so that every shortest path has
/// reduced cost zero, and a depth-first search places as many rows as it can along such paths
/// before the next phase. A column full to capacity passes a search on to every row it holds.
/// Each row's "unmatched" option is a private column of capacity one, so a path always exists.
/// (Searching for one row at a time, the method before, made every mentee who ends up unmatched
/// search every full mentor it could reach; it remains as an option, `searchBudget`, and as a
/// fallback.)
/// Work per search is proportional to what it touches: labels carry an epoch instead of being cleared.
public enum SparseAssignment {
    /// How many full columns a search for a single row may finalize before the row waits for
    /// the phases instead; 0, phases only. Single searches also stop for good once more than a few
    /// have been abandoned and they are more than an eighth as many as the successful ones (see
    /// `Solver.run`). Measured (release, CPU): a 150,000-row roster's match took 13.5 s with
    /// phases only, 17.6 s with a budget of 64 and 39 s with 4,096; the benchmark's sparse 20,000 x
    /// 50 problem (a full matching, long chains of swaps) is the other way round: 1.7-1.9 s in
    /// phases only, 1.6 s with 64, 1.15-1.25 s with 4,096 or one search per row.
    static let defaultSearchBudget = 0

    /// The optimal assignment of `problem`, with dual values that certify it.
    public static func solve(_ problem: AssignmentProblem) -> AssignmentSolution {
        solve(problem, searchBudget: defaultSearchBudget)
    }

    /// The same, with single-row searches capped at `searchBudget` finalized columns (0: every
    /// waiting row goes to the phases; `Int.max`: one search per row, no phases). Every budget
    /// gives an optimal assignment; the budget only changes the time taken.
    static func solve(_ problem: AssignmentProblem, searchBudget: Int) -> AssignmentSolution {
        var solver = Solver(problem)
        solver.run(searchBudget: searchBudget)
        return solver.solution()
    }
}

struct Solver {
    let rows: Int
    let columns: Int
    let rowStart: [Int]
    let edgeColumn: [Int32]
    let edgeCost: [Int]
    let unmatched: [Int]
    let capacity: [Int]

    /// Dual values: rows, then columns `0..<columns` and each row's unmatched option at `columns + row`.
    var u: [Int]
    var v: [Int]
    /// The column (or `columns + row` for unmatched) each row holds; -1 before it is placed.
    var rowColumn: [Int]
    /// Rows held by each column, in slots `slotStart[j]..<slotStart[j] + held[j]`.
    var slotStart: [Int]
    var slots: [Int32]
    var held: [Int]

    // Search state, valid where `labelEpoch == epoch`.
    var distance: [Int]
    var predecessor: [Int32]
    var labelEpoch: [UInt32]
    var doneEpoch: [UInt32]
    var epoch: UInt32 = 0
    var heap = MinHeap()
    var scannedRows: [Int32] = []
    var finalized: [Int32] = []

    // Phase state: columns a depth-first search entered in this phase carry `visitEpoch == phase`.
    var visitEpoch: [UInt32]
    var phase: UInt32 = 0
    var stack: [Frame] = []

    init(_ problem: AssignmentProblem) {
        rows = problem.rowCount
        columns = problem.columnCount
        rowStart = problem.rowStart
        edgeColumn = problem.candidateColumns
        edgeCost = problem.candidateCosts
        unmatched = problem.unmatchedCosts
        capacity = problem.capacities
        let nodes = columns + rows
        u = Array(repeating: 0, count: rows)
        v = Array(repeating: 0, count: nodes)
        rowColumn = Array(repeating: -1, count: rows)
        var start = 0
        slotStart = capacity.map { cap in
            defer { start += min(cap, problem.rowCount) }
            return start
        }
        slots = Array(repeating: -1, count: start)
        held = Array(repeating: 0, count: columns)
        distance = Array(repeating: 0, count: nodes)
        predecessor = Array(repeating: -1, count: nodes)
        labelEpoch = Array(repeating: 0, count: nodes)
        doneEpoch = Array(repeating: 0, count: nodes)
        visitEpoch = Array(repeating: 0, count: columns)
    }

    mutating func run(searchBudget: Int) {
        var waiting: [Int] = []
        for row in 0..<rows where !placeGreedily(row) { waiting.append(row) }
        // Single searches are cheap while paths are short, or long but few (a full matching
        // with long chains of swaps, where the phases would need a phase per unit of distance);
        // rows that end up unmatched make them expensive (measured: a 150,000-row roster took
        // 39 s with single searches first, 13.5 s in phases only), so they stop for good once
        // abandoned searches are more than a few and more than an eighth of the successful ones.
        var deferred: [Int] = []
        var (successes, failures) = (0, 0)
        for row in waiting {
            guard searchBudget > 0, failures <= 16 || failures * 8 <= successes else {
                deferred.append(row)
                continue
            }
            if augment(from: row, budget: searchBudget).placed {
                successes += 1
            } else {
                failures += 1
                deferred.append(row)
            }
        }
        runPhases(deferred)
    }

    /// Gives `row` its cheapest option if that option has room; sets `u[row]` to that cost either way.
    mutating func placeGreedily(_ row: Int) -> Bool {
        var best = unmatched[row]
        var bestColumn = columns + row
        for edge in rowStart[row]..<rowStart[row + 1] {
            let column = Int(edgeColumn[edge])
            // Prefer a real column on ties, and among those the one with the most room left.
            if edgeCost[edge] < best
                || (edgeCost[edge] == best
                    && (bestColumn >= columns
                        || capacity[column] - held[column] > capacity[bestColumn] - held[bestColumn]))
            {
                best = edgeCost[edge]
                bestColumn = column
            }
        }
        u[row] = best
        if bestColumn >= columns {
            rowColumn[row] = bestColumn
            return true
        }
        guard held[bestColumn] < capacity[bestColumn] else { return false }
        hold(row, in: bestColumn)
        return true
    }

    /// Whether `column` (a real column or an unmatched option) can take one more row.
    @inline(__always)
    func hasRoom(_ column: Int) -> Bool {
        column >= columns || held[column] < capacity[column]
    }

    mutating func hold(_ row: Int, in column: Int) {
        rowColumn[row] = column
        guard column < columns else { return }
        slots[slotStart[column] + held[column]] = Int32(row)
        held[column] += 1
    }

    mutating func release(_ row: Int, from column: Int) {
        guard column < columns else { return }
        let first = slotStart[column]
        let last = first + held[column] - 1
        var slot = first
        while slots[slot] != Int32(row) { slot += 1 }
        slots[slot] = slots[last]
        held[column] -= 1
    }

    /// Labels every option of `row` reached at distance `base`.
    mutating func scan(_ row: Int, base: Int) {
        let ur = u[row]
        for edge in rowStart[row]..<rowStart[row + 1] {
            relax(Int(edgeColumn[edge]), to: base + edgeCost[edge] - ur, from: row)
        }
        relax(columns + row, to: base + unmatched[row] - ur, from: row)
    }

    mutating func relax(_ column: Int, to reducedBase: Int, from row: Int) {
        guard doneEpoch[column] != epoch else { return }
        let label = reducedBase - v[column]
        if labelEpoch[column] != epoch || label < distance[column] {
            labelEpoch[column] = epoch
            distance[column] = label
            predecessor[column] = Int32(row)
            heap.push(label, Int32(column))
        }
    }

    /// Starts a new search: fresh labels, an empty heap.
    mutating func startSearch() {
        epoch &+= 1
        heap.removeAll()
        scannedRows.removeAll(keepingCapacity: true)
        finalized.removeAll(keepingCapacity: true)
    }

    /// Runs Dijkstra from what `startSearch` and the scans pushed until a column with room comes
    /// off the heap; returns it and its distance, or nil after `budget` full columns (each
    /// counted in `finalized`).
    mutating func nearestRoom(budget: Int) -> (column: Int, distance: Int)? {
        while let (label, node) = heap.pop() {
            let column = Int(node)
            guard doneEpoch[column] != epoch, label == distance[column] else { continue }
            if hasRoom(column) { return (column, label) }
            guard finalized.count < budget else { return nil }
            doneEpoch[column] = epoch
            finalized.append(node)
            let first = slotStart[column]
            for slot in first..<first + held[column] {
                let row = Int(slots[slot])
                scannedRows.append(Int32(row))
                scan(row, base: label)
            }
        }
        return nil
    }

    /// Moves the potentials of everything the search finalized so that reduced costs stay
    /// non-negative and every shortest path, `shortest` long, has reduced cost zero.
    mutating func updatePotentials(shortest: Int) {
        for row in scannedRows {
            u[Int(row)] += shortest - distance[rowColumn[Int(row)]]
        }
        for column in finalized {
            v[Int(column)] -= shortest - distance[Int(column)]
        }
    }

    /// Places `source` by a shortest augmenting path, then updates the duals so reduced costs
    /// stay non-negative and the new path is tight. Returns false, changing nothing, when the
    /// search would finalize more than `budget` full columns; `work` is the count it finalized.
    @discardableResult
    mutating func augment(from source: Int, budget: Int) -> (placed: Bool, work: Int) {
        startSearch()
        scan(source, base: 0)
        // The source's own unmatched option always has room, so only the budget stops the search.
        guard let (sink, shortest) = nearestRoom(budget: budget) else { return (false, finalized.count) }
        u[source] += shortest
        updatePotentials(shortest: shortest)
        var column = sink
        while true {
            let row = Int(predecessor[column])
            let previous = rowColumn[row]
            if row != source { release(row, from: previous) }
            hold(row, in: column)
            if row == source { break }
            column = previous
        }
        return (true, finalized.count)
    }

    func solution() -> AssignmentSolution {
        var total = 0
        var assigned: [Int?] = Array(repeating: nil, count: rows)
        for row in 0..<rows {
            let column = rowColumn[row]
            if column < columns {
                assigned[row] = column
                for edge in rowStart[row]..<rowStart[row + 1] where Int(edgeColumn[edge]) == column {
                    total += edgeCost[edge]
                }
            } else {
                total += unmatched[row]
            }
        }
        return AssignmentSolution(
            columns: assigned, totalCost: total, rowPotentials: u,
            columnPotentials: Array(v[0..<columns]), unmatchedPotentials: Array(v[columns...])
        )
    }
}

/// A binary min-heap of (label, node), ties broken by node so results are deterministic.
struct MinHeap {
    private var labels: [Int] = []
    private var nodes: [Int32] = []

    mutating func removeAll() {
        labels.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        labels[a] < labels[b] || (labels[a] == labels[b] && nodes[a] < nodes[b])
    }

    mutating func push(_ label: Int, _ node: Int32) {
        labels.append(label)
        nodes.append(node)
        var child = labels.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            labels.swapAt(child, parent)
            nodes.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Int, Int32)? {
        guard let label = labels.first, let node = nodes.first else { return nil }
        let last = labels.count - 1
        labels.swapAt(0, last)
        nodes.swapAt(0, last)
        labels.removeLast()
        nodes.removeLast()
        var parent = 0
        let count = labels.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let child = right < count && less(right, left) ? right : left
            guard less(child, parent) else { break }
            labels.swapAt(child, parent)
            nodes.swapAt(child, parent)
            parent = child
        }
        return (label, node)
    }
}
