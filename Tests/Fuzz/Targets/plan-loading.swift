// Fuzz target: loading one plan template (`mentor plans lint`), with the shipped plans as the
// fallback for `extends`, and rendering every diagnostic as the CLI prints it.
import MentorCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = fuzzText(bytes, count) else { return 0 }
    // The shipped plans matter only to `extends`; reading them costs most of an execution.
    let fallback = text.contains("extends") ? shippedPlans : []
    let result = PlanLoader().load([PlanSource(path: "Plans/fuzz.yaml", text: text)], fallback: fallback)
    renderAll(result.diagnostics.filter { $0.file == "Plans/fuzz.yaml" }, source: text)
    return 0
}
