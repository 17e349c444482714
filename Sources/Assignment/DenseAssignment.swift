/// Solves the rectangular linear assignment problem on a full cost matrix: every row of the
/// smaller side gets a distinct column, at minimum total cost (what scipy's
/// `linear_sum_assignment` computes).
///
/// Shortest augmenting paths as in Jonker–Volgenant and Crouse (2016), over flat arrays: each
/// search keeps the unvisited columns in a shrinking list and scans it once per step, which beats
/// a heap when every row reaches every column. Square problems start from a column reduction
/// (each column's cheapest row takes it when free), which leaves far fewer rows to search for.
/// Used when a matching is dense (every mentee can meet most mentors) and capacities are one.
public enum DenseAssignment {
    /// The column of each row (or row of each column when there are more rows than columns),
    /// minimising the total; `costs` is row-major with `rows * columns` entries.
    public static func solve(costs: [Int], rows: Int, columns: Int) throws(AssignmentError) -> DenseSolution {
        guard rows >= 0, columns >= 0, costs.count == rows * columns else {
            throw .shapeMismatch(expected: max(0, rows) * max(0, columns), got: costs.count)
        }
        if let bad = costs.firstIndex(where: { abs($0) > AssignmentProblem.maximumCost }) {
            throw .costOutOfRange(row: bad / max(columns, 1), cost: costs[bad])
        }
        if rows <= columns {
            let assigned = solveWide(costs, rows: rows, columns: columns)
            return DenseSolution(pairs: assigned.enumerated().map { ($0, $1) }, costs: costs, columns: columns)
        }
        var transposed = [Int](repeating: 0, count: costs.count)
        for row in 0..<rows {
            for column in 0..<columns { transposed[column * rows + row] = costs[row * columns + column] }
        }
        let assigned = solveWide(transposed, rows: columns, columns: rows)
        let pairs = assigned.enumerated().map { (row: $1, column: $0) }.sorted { $0.row < $1.row }
        return DenseSolution(pairs: pairs.map { ($0.row, $0.column) }, costs: costs, columns: columns)
    }

    /// `rows <= columns`: the column of each row.
    private static func solveWide(_ costs: [Int], rows: Int, columns: Int) -> [Int] {
        guard rows > 0 else { return [] }
        var u = [Int](repeating: 0, count: rows)
        var v = [Int](repeating: 0, count: columns)
        var columnOfRow = [Int](repeating: -1, count: rows)
        var rowOfColumn = [Int](repeating: -1, count: columns)
        var waiting: [Int] = []
        costs.withUnsafeBufferPointer { cost in
            if rows == columns {
                reduceColumns(cost, size: rows, v: &v, columnOfRow: &columnOfRow, rowOfColumn: &rowOfColumn)
                waiting = (0..<rows).filter { columnOfRow[$0] < 0 }
            } else {
                waiting = Array(0..<rows)
            }
            var search = Search(columns: columns)
            for row in waiting {
                search.augment(
                    from: row, cost: cost, columns: columns, u: &u, v: &v,
                    columnOfRow: &columnOfRow, rowOfColumn: &rowOfColumn)
            }
        }
        return columnOfRow
    }

    /// Square start: `v[j]` is column j's minimum, and the row achieving it takes the column if
    /// it has none yet. Reduced costs `c - u - v` are then non-negative with `u = 0`.
    private static func reduceColumns(
        _ cost: UnsafeBufferPointer<Int>, size: Int, v: inout [Int], columnOfRow: inout [Int], rowOfColumn: inout [Int]
    ) {
        for column in 0..<size {
            var best = cost[column]
            var bestRow = 0
            for row in 1..<size where cost[row * size + column] < best {
                best = cost[row * size + column]
                bestRow = row
            }
            v[column] = best
            if columnOfRow[bestRow] < 0 {
                columnOfRow[bestRow] = column
                rowOfColumn[column] = bestRow
            }
        }
    }

    /// Scratch arrays for one shortest-path search, reused across rows.
    private struct Search {
        var shortest: [Int]
        var path: [Int]
        var remaining: [Int]
        var scannedRows: [Int] = []
        var scannedColumns: [Int] = []

        init(columns: Int) {
            shortest = [Int](repeating: .max, count: columns)
            path = [Int](repeating: -1, count: columns)
            remaining = Array(0..<columns)
        }

        mutating func augment(
            from source: Int, cost: UnsafeBufferPointer<Int>, columns: Int,
            u: inout [Int], v: inout [Int], columnOfRow: inout [Int], rowOfColumn: inout [Int]
        ) {
            for column in 0..<columns {
                shortest[column] = .max
                remaining[column] = columns - 1 - column
            }
            scannedRows.removeAll(keepingCapacity: true)
            scannedColumns.removeAll(keepingCapacity: true)
            var left = columns
            var row = source
            var minimum = 0
            var sink = -1
            shortest.withUnsafeMutableBufferPointer { shortest in
                path.withUnsafeMutableBufferPointer { path in
                    remaining.withUnsafeMutableBufferPointer { remaining in
                        v.withUnsafeBufferPointer { v in
                            rowOfColumn.withUnsafeBufferPointer { rowOfColumn in
                                while sink < 0 {
                                    scannedRows.append(row)
                                    let base = minimum - u[row]
                                    let rowCost = cost.baseAddress.map { $0 + row * columns }
                                    guard let rowCost else { return }
                                    var lowest = Int.max
                                    var index = -1
                                    for position in 0..<left {
                                        let column = remaining[position]
                                        let reduced = base + rowCost[column] - v[column]
                                        if reduced < shortest[column] {
                                            path[column] = row
                                            shortest[column] = reduced
                                        }
                                        let label = shortest[column]
                                        if label < lowest || (label == lowest && rowOfColumn[column] < 0) {
                                            lowest = label
                                            index = position
                                        }
                                    }
                                    minimum = lowest
                                    let column = remaining[index]
                                    scannedColumns.append(column)
                                    left -= 1
                                    remaining[index] = remaining[left]
                                    if rowOfColumn[column] < 0 { sink = column } else { row = rowOfColumn[column] }
                                }
                            }
                        }
                    }
                }
            }
            guard sink >= 0 else { return }
            u[source] += minimum
            for scanned in scannedRows where scanned != source {
                u[scanned] += minimum - shortest[columnOfRow[scanned]]
            }
            for column in scannedColumns {
                v[column] -= minimum - shortest[column]
            }
            var column = sink
            while true {
                let row = path[column]
                rowOfColumn[column] = row
                let previous = columnOfRow[row]
                columnOfRow[row] = column
                if row == source { break }
                column = previous
            }
        }
    }
}

/// The result of `DenseAssignment.solve`.
public struct DenseSolution: Sendable, Equatable {
    /// Assigned (row, column) pairs, by row.
    public let pairs: [Pair]
    /// The total cost of the pairs.
    public let totalCost: Int

    /// One assigned pair.
    public struct Pair: Sendable, Equatable {
        /// The row.
        public let row: Int
        /// Its column.
        public let column: Int
    }

    init(pairs: [(Int, Int)], costs: [Int], columns: Int) {
        self.pairs = pairs.map { Pair(row: $0.0, column: $0.1) }
        totalCost = pairs.reduce(0) { $0 + costs[$1.0 * columns + $1.1] }
    }
}
