// Matching solvers against scipy on the same problems (issue 5). Run:
//   swift package --scratch-path .build-bench benchmark --target Matching
//   python3 Tests/Benchmarks/Matching/scipy_baseline.py
// Goals: dense 2000x2000 within 1.2x linear_sum_assignment; 20,000 mentees x 50 candidates,
// capacity 5, within 1.0x min_weight_full_bipartite_matching. Both sides build the problems from
// the same counter-based SplitMix64, so the matrices are identical; the totals must match too.
import Assignment
import Benchmark

/// SplitMix64 of `seed + (index + 1) * gamma`: the generator scipy_baseline.py vectorises.
func splitmix(_ seed: UInt64, _ index: UInt64) -> UInt64 {
    var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

let denseSize = 2000
let denseCosts = (0..<denseSize * denseSize).map { Int(splitmix(1, UInt64($0)) % 100_000) }

/// 20,000 mentees, 4,000 mentors of capacity 5; mentee i's candidates are (a + k*s) mod 4000,
/// a = i / 5 (so everyone can be matched), s an odd stride not divisible by 5.
func sparseProblem(mentees: Int = 20_000, perRow: Int = 50, capacity: Int = 5) -> AssignmentProblem? {
    let mentors = mentees / capacity
    guard var problem = try? AssignmentProblem(capacities: Array(repeating: capacity, count: mentors)) else { return nil }
    problem.reserveCapacity(rows: mentees, candidates: mentees * perRow)
    for i in 0..<mentees {
        let a = i / capacity
        var s = Int(splitmix(2, UInt64(i)) % UInt64(mentors / 2)) * 2 + 1
        if s % 5 == 0 { s += 2 }
        let candidates = (0..<perRow).map { k in
            ((a + k * s) % mentors, Int(splitmix(3, UInt64(i * perRow + k)) % 1000) + 1)
        }
        guard (try? problem.addRow(candidates: candidates, unmatchedCost: 1 << 32)) != nil else { return nil }
    }
    return problem
}

let sparse = sparseProblem()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(30),
        maxIterations: 10
    )

    Benchmark("Dense 2000x2000 (scipy linear_sum_assignment: same matrix)") { benchmark in
        for _ in benchmark.scaledIterations {
            guard let solution = try? DenseAssignment.solve(costs: denseCosts, rows: denseSize, columns: denseSize) else {
                benchmark.error("the dense problem was refused")
                return
            }
            precondition(solution.totalCost == 158_632, "scipy's optimum is 158632, got \(solution.totalCost)")
            blackHole(solution)
        }
    }

    Benchmark("Sparse 20,000 mentees x 50 candidates, capacity 5 (scipy min_weight_full_bipartite_matching)") { benchmark in
        guard let sparse else {
            benchmark.error("the sparse problem was refused")
            return
        }
        for _ in benchmark.scaledIterations {
            let solution = SparseAssignment.solve(sparse)
            precondition(solution.totalCost == 448_277, "scipy's optimum is 448277, got \(solution.totalCost)")
            blackHole(solution)
        }
    }
}
