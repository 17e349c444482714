// Matching solvers against scipy on the same problems (issue 5). Run:
//   swift package --scratch-path .build-bench benchmark --target Matching
//   python3 Tests/Benchmarks/Matching/scipy_baseline.py
// Goals: dense 2000x2000 within 1.2x linear_sum_assignment; 20,000 mentees x 50 candidates,
// capacity 5, within 1.0x min_weight_full_bipartite_matching. Both sides build the problems from
// the same counter-based SplitMix64, so the matrices are identical; the totals must match too.
// Issue 10: whole organizations of 50,000, 150,000 and 500,000 employees (goal: 500,000 in
// under 60 s and 2 GB), and 150,000 with the skill index read in full, the quadratic step before.
import Assignment
import Benchmark
import BuiltInProgramTypes
import MentorCore
import MentorMatch
import ShippedPlans

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

    organizationBenchmarks()
}

// MARK: - A whole organization

/// A roster of `people` employees: a management tree (each reports to someone earlier in the
/// file), grades 5 to 16, 12 departments, 60 skill words; a quarter mentors (capacity 1 to 3),
/// two fifths mentees, one in twenty both.
func generatedRoster(people: Int) -> String {
    let words = (0..<60).map { "skill \($0)" }
    var csv = "id,name,grade,department,manager,role,capacity,skills,goals\n"
    csv.reserveCapacity(people * 90)
    for index in 0..<people {
        let r = splitmix(4, UInt64(index))
        // Person i reports to someone with a smaller index: a tree whose upper levels are small.
        let manager = index == 0 ? "" : "e\(Int(r % UInt64(max(1, index / 8 + 1))))"
        let grade = 5 + Int((r >> 8) % 12)
        let kind = Int((r >> 16) % 20)
        let role = kind < 5 ? "mentor" : kind < 13 ? "mentee" : kind == 13 ? "both" : ""
        let capacity = role == "mentor" || role == "both" ? String(1 + Int((r >> 24) % 3)) : ""
        func list(_ salt: UInt64) -> String {
            (0..<(2 + Int((r >> salt) % 3))).map { words[Int(splitmix(salt, UInt64(index * 7 + $0)) % 60)] }.joined(separator: ";")
        }
        csv += "e\(index),Employee \(index),\(grade),Dept \(Int((r >> 32) % 12)),\(manager),\(role),\(capacity),\(list(40)),\(list(48))\n"
    }
    return csv
}

let rosterText = generatedRoster(people: 50_000)
let matchProgram = ProgramLoader(registry: BuiltInProgramTypes.registry).load(
    PlanSource(path: "citywide.yaml", text: "program: Citywide\ntype: one-to-one\nstarts: 2027-01-11\npeople: []\ngroups: []\n"),
    shippedPlans: ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
).program

/// Reads `text` as a roster and matches it one-to-one, rendering the Markdown; `reads` caps the
/// mentors each mentee reads through the skill index (`Int.max`: every list in full, as before issue 10).
func matchOrganization(_ text: String, benchmark: Benchmark, reads: Int? = nil) {
    guard let program = matchProgram, let policy = BuiltInProgramTypes.registry.type("one-to-one")?.description.matching else {
        benchmark.error("the program did not load")
        return
    }
    for _ in benchmark.scaledIterations {
        guard let roster = RosterReader.read(text, file: "roster.csv").roster else {
            benchmark.error("the roster did not read")
            return
        }
        var matcher = Matcher(program: program, policy: policy, roster: roster)
        matcher.skillIndexReads = reads
        guard let result = try? matcher.run() else {
            benchmark.error("the roster did not match")
            return
        }
        blackHole(MatchRenderer.markdown(result))
    }
}

let roster150k = generatedRoster(people: 150_000)
let roster500k = generatedRoster(people: 500_000)

let organizationBenchmarks: @Sendable () -> Void = {
    Benchmark("50,000 employees: read the roster, find candidates, match one-to-one, explain") { benchmark in
        matchOrganization(rosterText, benchmark: benchmark)
    }

    // Issue 10: the skill index read in full made candidate search quadratic. The same roster,
    // before (every list read) and after (at most 48 x 50 mentors read per mentee).
    let large = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
        warmupIterations: 0, maxDuration: .seconds(600), maxIterations: 3)
    Benchmark("150,000 employees, skill index read in full (before issue 10)", configuration: large) { benchmark in
        matchOrganization(roster150k, benchmark: benchmark, reads: Int.max)
    }
    Benchmark("150,000 employees: read, match one-to-one, explain, render", configuration: large) { benchmark in
        matchOrganization(roster150k, benchmark: benchmark)
    }
    Benchmark("500,000 employees: read, match one-to-one, explain, render (goal < 60 s, < 2 GB)", configuration: large) { benchmark in
        matchOrganization(roster500k, benchmark: benchmark)
    }
}
