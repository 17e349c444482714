/// A minimum-cost assignment problem with capacities, over sparse candidate lists.
///
/// Rows (mentees) are assigned to columns (mentors); column `j` takes at most `capacities[j]`
/// rows. Each row lists its candidate columns with an integer cost, plus the cost of leaving it
/// unmatched, so every problem has a solution. Rows are added one at a time and stored in
/// compressed sparse row form: tens of thousands of rows with fifty candidates each fit in a few
/// flat arrays.
public struct AssignmentProblem: Sendable, Equatable {
    /// How many rows each column takes at most.
    public let capacities: [Int]
    /// `rowStart[i]..<rowStart[i + 1]` indexes row `i`'s candidates in `candidateColumns`.
    public private(set) var rowStart: [Int] = [0]
    /// Candidate columns, row after row.
    public private(set) var candidateColumns: [Int32] = []
    /// Candidate costs, parallel to `candidateColumns`.
    public private(set) var candidateCosts: [Int] = []
    /// The cost of leaving each row unmatched.
    public private(set) var unmatchedCosts: [Int] = []

    /// Costs are bounded so sums along any path fit comfortably in 64 bits.
    public static let maximumCost = 1 << 40

    /// A problem with `capacities.count` columns and no rows yet.
    public init(capacities: [Int]) throws(AssignmentError) {
        if let column = capacities.firstIndex(where: { $0 < 0 }) {
            throw .negativeCapacity(column: column, capacity: capacities[column])
        }
        guard capacities.count < Int(Int32.max) else { throw .tooManyColumns(capacities.count) }
        self.capacities = capacities
    }

    /// Number of rows.
    public var rowCount: Int { unmatchedCosts.count }
    /// Number of columns.
    public var columnCount: Int { capacities.count }
    /// Number of candidate pairs.
    public var candidateCount: Int { candidateColumns.count }

    /// Row `row`'s candidates as (column, cost).
    public func candidates(of row: Int) -> [(column: Int, cost: Int)] {
        (rowStart[row]..<rowStart[row + 1]).map { (Int(candidateColumns[$0]), candidateCosts[$0]) }
    }

    /// Appends a row whose candidates are (column, cost) pairs; returns its index. A column may
    /// appear once per row.
    @discardableResult
    public mutating func addRow(
        candidates: some Sequence<(Int, Int)>, unmatchedCost: Int
    ) throws(AssignmentError) -> Int {
        let row = rowCount
        guard abs(unmatchedCost) <= Self.maximumCost else { throw .costOutOfRange(row: row, cost: unmatchedCost) }
        let start = candidateColumns.count
        for (column, cost) in candidates {
            guard column >= 0, column < columnCount, abs(cost) <= Self.maximumCost,
                !candidateColumns[start...].contains(Int32(column))
            else {
                let error: AssignmentError =
                    column < 0 || column >= columnCount
                    ? .unknownColumn(row: row, column: column)
                    : abs(cost) > Self.maximumCost
                        ? .costOutOfRange(row: row, cost: cost)
                        : .duplicateCandidate(row: row, column: column)
                candidateColumns.removeSubrange(start...)
                candidateCosts.removeSubrange(start...)
                throw error
            }
            candidateColumns.append(Int32(column))
            candidateCosts.append(cost)
        }
        rowStart.append(candidateColumns.count)
        unmatchedCosts.append(unmatchedCost)
        return row
    }

    /// Reserves room for `rows` rows and `candidates` candidate pairs in all.
    public mutating func reserveCapacity(rows: Int, candidates: Int) {
        rowStart.reserveCapacity(rows + 1)
        unmatchedCosts.reserveCapacity(rows)
        candidateColumns.reserveCapacity(candidates)
        candidateCosts.reserveCapacity(candidates)
    }
}

/// Why a problem can't be built or solved.
public enum AssignmentError: Error, Equatable, CustomStringConvertible {
    case negativeCapacity(column: Int, capacity: Int)
    case tooManyColumns(Int)
    case unknownColumn(row: Int, column: Int)
    case duplicateCandidate(row: Int, column: Int)
    case costOutOfRange(row: Int, cost: Int)
    case shapeMismatch(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .negativeCapacity(let column, let capacity): return "column \(column) has a negative capacity (\(capacity))"
        case .tooManyColumns(let count): return "\(count) columns is more than the solver handles"
        case .unknownColumn(let row, let column): return "row \(row) names column \(column), which does not exist"
        case .duplicateCandidate(let row, let column): return "row \(row) lists column \(column) twice"
        case .costOutOfRange(let row, let cost): return "row \(row) has cost \(cost), beyond ±2^40"
        case .shapeMismatch(let expected, let got): return "expected \(expected) costs, got \(got)"
        }
    }
}

/// An optimal assignment and the dual values that prove it optimal.
public struct AssignmentSolution: Sendable, Equatable {
    /// The column each row is assigned to, or `nil` when the row is left unmatched.
    public let columns: [Int?]
    /// The total cost: assigned pairs plus unmatched rows.
    public let totalCost: Int
    /// Dual value of each row.
    public let rowPotentials: [Int]
    /// Dual value of each column (never positive; zero when the column has room left).
    public let columnPotentials: [Int]
    /// Dual value of each row's "unmatched" option (never positive).
    public let unmatchedPotentials: [Int]

    /// A solution with its dual values (the solvers make these; tests and callers may check one
    /// with `certificateViolations(for:)`).
    public init(columns: [Int?], totalCost: Int, rowPotentials: [Int], columnPotentials: [Int], unmatchedPotentials: [Int]) {
        self.columns = columns
        self.totalCost = totalCost
        self.rowPotentials = rowPotentials
        self.columnPotentials = columnPotentials
        self.unmatchedPotentials = unmatchedPotentials
    }

    /// Rows assigned to `column`, in row order.
    public func rows(of column: Int) -> [Int] {
        columns.indices.filter { columns[$0] == column }
    }
}
