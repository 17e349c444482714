// Fuzz target: a plan template loaded twice, with topics decoded straight from parser events
// (`TopicEventDecoder`, the default) and with every topic decoded from its tree. The two must give
// the same plans and the same diagnostics, message for message; a difference is reported as a
// crash, with both lists of messages.
import PlanYAML

@testable import MentorCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = fuzzText(bytes, count) else { return 0 }
    let source = PlanSource(path: "Plans/fuzz.yaml", text: text)
    let fallback = text.contains("extends") ? shippedPlans : [] // as plan-loading does
    var treeLoader = PlanLoader()
    treeLoader.decodesTopicsFromEvents = false
    let fromEvents = PlanLoader().load([source], fallback: fallback)
    let fromTrees = treeLoader.load([source], fallback: fallback)
    let messages = (fromEvents.diagnostics.map(\.description), fromTrees.diagnostics.map(\.description))
    guard messages.0 == messages.1, fromEvents.plans == fromTrees.plans else {
        print("from events: \(messages.0)\nfrom trees: \(messages.1)")
        fatalError("topics decoded from events and from trees differ")
    }
    return 0
}
