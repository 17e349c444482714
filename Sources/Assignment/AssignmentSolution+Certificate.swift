extension AssignmentSolution {
    /// Checks that the solution is feasible for `problem` and that its dual values prove it
    /// optimal; returns what is wrong, or nothing.
    ///
    /// The dual of the problem maximises `Σ u[row] + Σ capacity[j]·v[j] + Σ w[row]` subject to
    /// `u[row] + v[j] ≤ cost` for every candidate, `u[row] + w[row] ≤ unmatched cost`, and
    /// `v, w ≤ 0`. Any feasible dual bounds every assignment's cost from below, so a dual whose
    /// value equals this solution's cost shows that no assignment is cheaper.
    public func certificateViolations(for problem: AssignmentProblem) -> [String] {
        var problems: [String] = []
        let rows = problem.rowCount
        guard columns.count == rows, rowPotentials.count == rows, unmatchedPotentials.count == rows,
            columnPotentials.count == problem.columnCount
        else {
            return ["solution has the wrong shape for the problem"]
        }
        var held = [Int](repeating: 0, count: problem.columnCount)
        var primal = 0
        for row in 0..<rows {
            let u = rowPotentials[row]
            var found = columns[row] == nil
            for (column, cost) in problem.candidates(of: row) {
                let reduced = cost - u - columnPotentials[column]
                if reduced < 0 { problems.append("row \(row), column \(column): reduced cost \(reduced) < 0") }
                if columns[row] == column {
                    found = true
                    primal += cost
                    if reduced != 0 { problems.append("row \(row) holds column \(column) at reduced cost \(reduced) ≠ 0") }
                }
            }
            let unmatchedReduced = problem.unmatchedCosts[row] - u - unmatchedPotentials[row]
            if unmatchedReduced < 0 { problems.append("row \(row): unmatched reduced cost \(unmatchedReduced) < 0") }
            if unmatchedPotentials[row] > 0 { problems.append("row \(row): unmatched potential is positive") }
            if let column = columns[row] {
                held[column] += 1
                if !found { problems.append("row \(row) holds column \(column), which is not its candidate") }
            } else {
                primal += problem.unmatchedCosts[row]
            }
        }
        var dual = rowPotentials.reduce(0, +) + unmatchedPotentials.reduce(0, +)
        for column in 0..<problem.columnCount {
            if held[column] > problem.capacities[column] {
                problems.append("column \(column) holds \(held[column]) rows, over its capacity \(problem.capacities[column])")
            }
            if columnPotentials[column] > 0 { problems.append("column \(column): potential is positive") }
            dual += problem.capacities[column] * columnPotentials[column]
        }
        if primal != totalCost { problems.append("reported total \(totalCost) but the pairs cost \(primal)") }
        if dual != primal { problems.append("dual value \(dual) differs from the cost \(primal)") }
        return problems
    }
}
