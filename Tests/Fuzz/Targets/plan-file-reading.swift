// Fuzz target: a plan template as `mentor plans lint` now reads it (from disk a piece at a time,
// `PlanSource.open` and `Parser(file:)`, checked with `PlanLoader.check`, excerpts read again from
// the file) against the way it was read before (the whole file as text, `PlanLoader.load`,
// excerpts from the text). The input's bytes need not be UTF-8. The diagnostics, their rendered
// excerpts and the plans must be the same; a difference is reported as a crash, with both.
import Diagnostics
import Foundation
import MentorCore

/// One scratch file per fuzzing process, rewritten for each input.
let scratchFile = NSTemporaryDirectory() + "/mentorkit-fuzz-\(ProcessInfo.processInfo.processIdentifier).yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = fuzzData(bytes, count)
    guard FileManager.default.createFile(atPath: scratchFile, contents: data) else { return 0 }
    let path = "Plans/fuzz.yaml"
    let fallback = data.range(of: Data("extends".utf8)) != nil ? shippedPlans : [] // as plan-loading does
    let text = PlanSource(path: path, bytes: Array(data))
    let loaded = PlanLoader().load([text], fallback: fallback)
    let shownBefore = loaded.diagnostics.map { $0.rendered(source: text.text.isEmpty ? nil : text.text) }

    guard var file = try? PlanSource.open(path: scratchFile) else { fatalError("the scratch file can't be opened") }
    file.path = path
    let checked = PlanLoader().check([file], fallback: fallback)
    let lines = file.fileLines(Set(checked.diagnostics.map(\.mark.line)))
    let shownNow = checked.diagnostics.map { $0.rendered(line: lines[$0.mark.line]) }
    guard shownBefore == shownNow, loaded.plans.map(\.id) == checked.planIDs else {
        print("as text: \(shownBefore)\nfrom the file: \(shownNow)")
        fatalError("a template read from its file and from its text differ")
    }
    return 0
}
