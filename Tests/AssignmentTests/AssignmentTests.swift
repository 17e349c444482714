import Foundation
import TestSupport
import Testing

@testable import Assignment

// MARK: - Against scipy

/// Problems written by `Vectors/generate.py`, with the totals scipy found.
struct ScipyVectors: Decodable {
    struct Dense: Decodable {
        var name: String
        var rows: Int
        var columns: Int
        var costs: [Int]
        var scipyTotal: Int
    }

    struct Sparse: Decodable {
        struct Row: Decodable {
            var candidates: [[Int]]
            var unmatched: Int
        }

        var name: String
        var capacities: [Int]
        var rows: [Row]
        var scipyTotal: Int
        var scipy: String
    }

    var dense: [Dense]
    var sparse: [Sparse]

    static func load() throws -> ScipyVectors {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Vectors/scipy-vectors.json")
        return try JSONDecoder().decode(ScipyVectors.self, from: Data(contentsOf: url))
    }
}

@Suite("Assignment against scipy's totals")
struct ScipyTests {
    static let vectors = (try? ScipyVectors.load()) ?? ScipyVectors(dense: [], sparse: [])

    @Test("the vectors file is there")
    func vectorsLoad() throws {
        let vectors = try ScipyVectors.load()
        #expect(vectors.dense.count == 10)
        #expect(vectors.sparse.count == 6)
    }

    @Test("dense solver matches linear_sum_assignment", arguments: vectors.dense.map(\.name))
    func dense(name: String) throws {
        let vector = try #require(Self.vectors.dense.first { $0.name == name })
        let solution = try DenseAssignment.solve(costs: vector.costs, rows: vector.rows, columns: vector.columns)
        #expect(solution.totalCost == vector.scipyTotal)
        #expect(solution.pairs.count == min(vector.rows, vector.columns))
        #expect(Set(solution.pairs.map(\.row)).count == solution.pairs.count)
        #expect(Set(solution.pairs.map(\.column)).count == solution.pairs.count)
    }

    @Test("sparse solver on a full matrix matches linear_sum_assignment", arguments: vectors.dense.map(\.name))
    func denseThroughSparse(name: String) throws {
        let vector = try #require(Self.vectors.dense.first { $0.name == name })
        let prohibitive = 1 << 36
        var problem = try AssignmentProblem(capacities: Array(repeating: 1, count: vector.columns))
        for row in 0..<vector.rows {
            try problem.addRow(
                candidates: (0..<vector.columns).map { ($0, vector.costs[row * vector.columns + $0]) },
                unmatchedCost: prohibitive)
        }
        let solution = SparseAssignment.solve(problem)
        let unmatched = max(0, vector.rows - vector.columns)
        #expect(solution.totalCost == vector.scipyTotal + unmatched * prohibitive)
        #expect(solution.certificateViolations(for: problem).isEmpty)
    }

    @Test("sparse solver with capacities matches scipy", arguments: vectors.sparse.map(\.name))
    func sparse(name: String) throws {
        let vector = try #require(Self.vectors.sparse.first { $0.name == name })
        var problem = try AssignmentProblem(capacities: vector.capacities)
        for row in vector.rows {
            try problem.addRow(candidates: row.candidates.map { ($0[0], $0[1]) }, unmatchedCost: row.unmatched)
        }
        let solution = SparseAssignment.solve(problem)
        #expect(solution.totalCost == vector.scipyTotal, "scipy (\(vector.scipy)) found \(vector.scipyTotal)")
        #expect(solution.certificateViolations(for: problem) == [])
        for (row, column) in solution.columns.enumerated() {
            guard let column else { continue }
            #expect(vector.rows[row].candidates.contains { $0[0] == column }, "row \(row) got a forbidden column")
        }
    }
}

// MARK: - Against brute force

/// The seeded generator the random assignment tests use (shared from TestSupport).
typealias SplitMix = SplitMix64

/// The cheapest total over every way to give each row one of its candidates or nothing.
func bruteForce(_ problem: AssignmentProblem) -> Int {
    var room = problem.capacities
    func best(from row: Int) -> Int {
        guard row < problem.rowCount else { return 0 }
        var result = problem.unmatchedCosts[row] + best(from: row + 1)
        for (column, cost) in problem.candidates(of: row) where room[column] > 0 {
            room[column] -= 1
            result = min(result, cost + best(from: row + 1))
            room[column] += 1
        }
        return result
    }
    return best(from: 0)
}

@Suite("Assignment against brute force")
struct BruteForceTests {
    @Test("random problems up to 8 rows: optimal, certified, feasible")
    func random() throws {
        var random = SplitMix(state: 42)
        for round in 0..<400 {
            let rows = random.int(1...8)
            let columns = random.int(1...5)
            var problem = try AssignmentProblem(capacities: (0..<columns).map { _ in random.int(0...3) })
            for _ in 0..<rows {
                let candidates = (0..<columns).filter { _ in random.int(0...2) > 0 }.map { ($0, random.int(-5...30)) }
                try problem.addRow(candidates: candidates, unmatchedCost: random.int(0...40))
            }
            let solution = SparseAssignment.solve(problem)
            #expect(solution.totalCost == bruteForce(problem), "round \(round)")
            #expect(solution.certificateViolations(for: problem) == [], "round \(round)")
        }
    }

    @Test("dense problems up to 7x7 equal the best permutation")
    func denseRandom() throws {
        var random = SplitMix(state: 7)
        for round in 0..<200 {
            let rows = random.int(1...7)
            let columns = random.int(1...7)
            let costs = (0..<rows * columns).map { _ in random.int(0...20) }
            let solution = try DenseAssignment.solve(costs: costs, rows: rows, columns: columns)
            // Brute force as a capacity-one problem where leaving a row out costs too much to pay.
            var problem = try AssignmentProblem(capacities: Array(repeating: 1, count: columns))
            for row in 0..<rows {
                try problem.addRow(candidates: (0..<columns).map { ($0, costs[row * columns + $0]) }, unmatchedCost: 10_000)
            }
            #expect(solution.totalCost + max(0, rows - columns) * 10_000 == bruteForce(problem), "round \(round)")
        }
    }

    @Test("a certificate catches a suboptimal answer")
    func certificateRejects() throws {
        var problem = try AssignmentProblem(capacities: [1, 1])
        try problem.addRow(candidates: [(0, 1), (1, 5)], unmatchedCost: 100)
        try problem.addRow(candidates: [(0, 2), (1, 9)], unmatchedCost: 100)
        let good = SparseAssignment.solve(problem)
        #expect(good.columns == [1, 0])
        #expect(good.totalCost == 7)
        #expect(good.certificateViolations(for: problem) == [])
        let swapped = AssignmentSolution(
            columns: [0, 1], totalCost: 10, rowPotentials: good.rowPotentials,
            columnPotentials: good.columnPotentials, unmatchedPotentials: good.unmatchedPotentials)
        #expect(!swapped.certificateViolations(for: problem).isEmpty)
    }
}

// MARK: - Shape and errors

@Suite("Assignment problems")
struct ProblemTests {
    @Test("bad input is refused with a reason")
    func errors() throws {
        #expect(throws: AssignmentError.negativeCapacity(column: 1, capacity: -1)) {
            try AssignmentProblem(capacities: [1, -1])
        }
        var problem = try AssignmentProblem(capacities: [1, 1])
        #expect(throws: AssignmentError.unknownColumn(row: 0, column: 2)) {
            try problem.addRow(candidates: [(2, 1)], unmatchedCost: 0)
        }
        #expect(throws: AssignmentError.duplicateCandidate(row: 0, column: 1)) {
            try problem.addRow(candidates: [(1, 1), (1, 2)], unmatchedCost: 0)
        }
        #expect(problem.rowCount == 0 && problem.candidateCount == 0, "a refused row leaves nothing behind")
        #expect(throws: AssignmentError.shapeMismatch(expected: 4, got: 3)) {
            try DenseAssignment.solve(costs: [1, 2, 3], rows: 2, columns: 2)
        }
    }

    @Test("rows with no candidates, or columns with no room, stay unmatched")
    func unmatched() throws {
        var problem = try AssignmentProblem(capacities: [0, 2])
        try problem.addRow(candidates: [], unmatchedCost: 7)
        try problem.addRow(candidates: [(0, 1)], unmatchedCost: 9)
        try problem.addRow(candidates: [(1, 3)], unmatchedCost: 9)
        try problem.addRow(candidates: [(1, 4)], unmatchedCost: 9)
        try problem.addRow(candidates: [(1, 1)], unmatchedCost: 9)
        let solution = SparseAssignment.solve(problem)
        #expect(solution.columns == [nil, nil, 1, nil, 1])
        #expect(solution.totalCost == 7 + 9 + 3 + 9 + 1)
        #expect(solution.rows(of: 1) == [2, 4])
        #expect(solution.certificateViolations(for: problem) == [])
    }
}
