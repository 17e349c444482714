/// Solves an `AssignmentProblem` exactly: successive shortest augmenting paths with potentials.
///
/// Written by hand because no maintained Swift package solves assignment with capacities over
/// sparse candidate lists (scipy and LEMON do, in Python and C++).
///
/// Each row starts at its cheapest option (a greedy start that is already dual feasible); every
/// row that can't keep it is then placed by Dijkstra's algorithm on reduced costs
/// `cost - u[row] - v[column]`, which stay non-negative, so the search stops at the first column
/// with room. A column full to capacity passes the search on to every row it holds. Each row's
/// "unmatched" option is a private column of capacity one, so a path always exists. Work per
/// search is proportional to what it touches: labels carry an epoch instead of being cleared.
public enum SparseAssignment {
    /// The optimal assignment of `problem`, with dual values that certify it.
    public static func solve(_ problem: AssignmentProblem) -> AssignmentSolution {
        var solver = Solver(problem)
        solver.run()
        return solver.solution()
    }
}

private struct Solver {
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
        slotStart = capacity.map { cap in defer { start += min(cap, problem.rowCount) }; return start }
        slots = Array(repeating: -1, count: start)
        held = Array(repeating: 0, count: columns)
        distance = Array(repeating: 0, count: nodes)
        predecessor = Array(repeating: -1, count: nodes)
        labelEpoch = Array(repeating: 0, count: nodes)
        doneEpoch = Array(repeating: 0, count: nodes)
    }

    mutating func run() {
        var waiting: [Int] = []
        for row in 0..<rows where !placeGreedily(row) { waiting.append(row) }
        for row in waiting { augment(from: row) }
    }

    /// Gives `row` its cheapest option if that option has room; sets `u[row]` to that cost either way.
    mutating func placeGreedily(_ row: Int) -> Bool {
        var best = unmatched[row]
        var bestColumn = columns + row
        for edge in rowStart[row]..<rowStart[row + 1] {
            let column = Int(edgeColumn[edge])
            // Prefer a real column on ties, and among those the one with the most room left.
            if edgeCost[edge] < best || (edgeCost[edge] == best && (bestColumn >= columns
                || capacity[column] - held[column] > capacity[bestColumn] - held[bestColumn])) {
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

    mutating func hold(_ row: Int, in column: Int) {
        rowColumn[row] = column
        guard column < columns else { return }
        slots[slotStart[column] + held[column]] = Int32(row)
        held[column] += 1
    }

    mutating func release(_ row: Int, from column: Int) {
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

    /// Places `source` by a shortest augmenting path, then updates the duals so reduced costs
    /// stay non-negative and the new path is tight.
    mutating func augment(from source: Int) {
        epoch &+= 1
        heap.removeAll()
        scannedRows.removeAll(keepingCapacity: true)
        finalized.removeAll(keepingCapacity: true)
        scan(source, base: 0)
        var sink = -1
        var shortest = 0
        while let (label, node) = heap.pop() {
            let column = Int(node)
            guard doneEpoch[column] != epoch, label == distance[column] else { continue }
            if column >= columns || held[column] < capacity[column] {
                sink = column
                shortest = label
                break
            }
            doneEpoch[column] = epoch
            finalized.append(node)
            let first = slotStart[column]
            for slot in first..<first + held[column] {
                let row = Int(slots[slot])
                scannedRows.append(Int32(row))
                scan(row, base: label)
            }
        }
        // The source's own unmatched option is always free, so a sink is always found.
        guard sink >= 0 else { return }

        u[source] += shortest
        for row in scannedRows {
            u[Int(row)] += shortest - distance[rowColumn[Int(row)]]
        }
        for column in finalized {
            v[Int(column)] -= shortest - distance[Int(column)]
        }

        var column = sink
        while true {
            let row = Int(predecessor[column])
            let previous = rowColumn[row]
            hold(row, in: column)
            if row == source { break }
            release(row, from: previous)
            column = previous
        }
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
