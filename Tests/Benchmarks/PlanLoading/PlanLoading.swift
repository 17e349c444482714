// Template loading against the floor: libyaml's bare event loop over the same 20 MB file.
// Run: swift package benchmark --target PlanLoading
import Benchmark
import MentorCore
import PlanYAML

/// A valid plan template of at least `bytes` bytes: topics with several prompts each, written
/// the way people write templates (block mappings, plain and quoted scalars, flow lists).
func generatedPlan(bytes: Int) -> String {
    var text = "plan: generated\ntitle: Generated plan\nsummary: A large template for measuring load time.\ntopics:\n"
    text.reserveCapacity(bytes + 4096)
    var index = 0
    while text.utf8.count < bytes {
        text += """
              - id: topic-\(index)
                title: "Topic \(index): what the next level asks of you"
                minutes: \(5 + index % 40)
                phase: \(["orientation", "ongoing", "check-in", "closing"][index % 4])
                lead: \(["mentor", "mentee", "any"][index % 3])
                confidential: \(index % 5 == 0)
                guidance: Let the mentee speak first and keep notes on the goals that come up.
                prompts:
                  - Which duties of the next role do you already carry out, and which are new to you?
                  - What would make the next six months a success for you, and how would we see it?
                  - 'Who in the organization could you learn this from, and how will you ask them?'

            """
        index += 1
    }
    return text
}

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
