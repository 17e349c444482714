// Template loading against the floor: libyaml's bare event loop over the same 20 MB file.
// Run: swift package benchmark --target PlanLoading
import Benchmark
import MentorCore
import PlanYAML

let twentyMegabytes = generatedPlan(bytes: 20 << 20)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    Benchmark("libyaml event loop (floor), 20 MB") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Parser(twentyMegabytes).countEvents())
        }
    }

    Benchmark("Parse into Node tree, 20 MB") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Parser.parse(twentyMegabytes))
        }
    }

    Benchmark("Load template (parse, decode, validate), 20 MB") { benchmark in
        for _ in benchmark.scaledIterations {
            let result = PlanLoader().load([PlanSource(path: "generated.yaml", text: twentyMegabytes)])
            precondition(!result.hasErrors, "the generated plan must load cleanly")
            blackHole(result)
        }
    }
}
