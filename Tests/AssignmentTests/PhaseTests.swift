import Testing

@testable import Assignment

/// The phases (one Dijkstra from every waiting row, then a depth-first search over tight edges)
/// against the single-row searches and the dense solver. `searchBudget: 0` sends every row that
/// can't keep its cheapest option to the phases; `Int.max` is one search per row, no phases.
@Suite("Sparse assignment in phases")
struct PhaseTests {
    static let budgets = [0, 1, 3, SparseAssignment.defaultSearchBudget, Int.max]

    /// Rows with a few random candidates among `columns`, like a roster's mentees: costs small,
    /// leaving a row out far dearer than any chain of swaps (or, with `cheapUnmatched`, sometimes cheaper).
    static func randomProblem(
        _ random: inout SplitMix, rows: Int, columns: Int, perRow: ClosedRange<Int>,
        capacities: ClosedRange<Int>, cheapUnmatched: Bool
    ) throws -> AssignmentProblem {
        var problem = try AssignmentProblem(capacities: (0..<columns).map { _ in random.int(capacities) })
        for _ in 0..<rows {
            var chosen: [Int] = []
            for _ in 0..<random.int(perRow) {
                let column = random.int(0...(columns - 1))
                if !chosen.contains(column) { chosen.append(column) }
            }
            let unmatched = cheapUnmatched ? random.int(0...60) : 100 * (rows + 1)
            try problem.addRow(candidates: chosen.map { ($0, random.int(0...40)) }, unmatchedCost: unmatched)
        }
        return problem
    }

    @Test("small problems: every budget finds the brute-force optimum, with a valid certificate")
    func smallAgainstBruteForce() throws {
        var random = SplitMix(state: 2026)
        for round in 0..<300 {
            let problem = try Self.randomProblem(
                &random, rows: random.int(1...8), columns: random.int(1...4), perRow: 0...4,
                capacities: 0...2, cheapUnmatched: round % 2 == 0)
            let best = bruteForce(problem)
            for budget in Self.budgets {
                let solution = SparseAssignment.solve(problem, searchBudget: budget)
                #expect(solution.totalCost == best, "round \(round), budget \(budget)")
                #expect(solution.certificateViolations(for: problem) == [], "round \(round), budget \(budget)")
            }
        }
    }

    @Test("full matrices, capacity one: phases equal DenseAssignment")
    func againstDense() throws {
        var random = SplitMix(state: 99)
        for round in 0..<100 {
            let rows = random.int(1...30)
            let columns = random.int(1...30)
            let costs = (0..<rows * columns).map { _ in random.int(0...50) }
            let dense = try DenseAssignment.solve(costs: costs, rows: rows, columns: columns)
            let prohibitive = 1 << 30
            var problem = try AssignmentProblem(capacities: Array(repeating: 1, count: columns))
            for row in 0..<rows {
                try problem.addRow(candidates: (0..<columns).map { ($0, costs[row * columns + $0]) }, unmatchedCost: prohibitive)
            }
            for budget in [0, 2, Int.max] {
                let solution = SparseAssignment.solve(problem, searchBudget: budget)
                #expect(solution.totalCost == dense.totalCost + max(0, rows - columns) * prohibitive, "round \(round), budget \(budget)")
                #expect(solution.certificateViolations(for: problem) == [], "round \(round), budget \(budget)")
            }
        }
    }

    @Test("larger sparse problems with scarce places: every budget gives the same optimum")
    func largerAgree() throws {
        var random = SplitMix(state: 5)
        for round in 0..<40 {
            let rows = random.int(50...400)
            let problem = try Self.randomProblem(
                &random, rows: rows, columns: random.int(5...(rows / 3)), perRow: 0...8,
                capacities: 0...3, cheapUnmatched: round % 4 == 0)
            let reference = SparseAssignment.solve(problem, searchBudget: Int.max)
            #expect(reference.certificateViolations(for: problem) == [], "round \(round)")
            for budget in [0, 1, SparseAssignment.defaultSearchBudget] {
                let solution = SparseAssignment.solve(problem, searchBudget: budget)
                #expect(solution.totalCost == reference.totalCost, "round \(round), budget \(budget)")
                #expect(
                    solution.columns.compactMap { $0 }.count == reference.columns.compactMap { $0 }.count,
                    "round \(round), budget \(budget): as many rows placed")
                #expect(solution.certificateViolations(for: problem) == [], "round \(round), budget \(budget)")
            }
        }
    }
}
