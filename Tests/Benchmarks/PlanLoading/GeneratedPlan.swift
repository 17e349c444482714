// The generator of the plan both benchmarks load: the in-process `PlanLoading` benchmark calls
// it, and process-compare.sh compiles this file alone (with a two-line main) to write the file.

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
