// Shared by every fuzz target: the input as the CLI would see it, and the shipped plans.
import Diagnostics
import Foundation
import MentorCore

/// The fuzz input as text, or nil when it is not UTF-8: the CLI refuses such files before
/// parsing (`PlanFiles.read`), so they are not worth the fuzzer's time.
func fuzzText(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String? {
    String(validating: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
}

/// The fuzz input as bytes.
func fuzzData(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Data {
    Data(bytes: bytes, count: count)
}

/// The package's shipped templates (`Plans/*.yaml`), read once from `MENTORKIT_ROOT` (set by
/// Tests/Fuzz/run.sh) or the current folder: the fallback for `extends` and for plans a program uses.
let shippedPlans: [PlanSource] = {
    let root = ProcessInfo.processInfo.environment["MENTORKIT_ROOT"] ?? FileManager.default.currentDirectoryPath
    let folder = root + "/Plans"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    let sources = names.compactMap { name -> PlanSource? in
        guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { return nil }
        return PlanSource(path: "Plans/" + name, text: text)
    }
    if sources.isEmpty { FileHandle.standardError.write(Data("fuzz: no shipped plans found in \(folder)\n".utf8)) }
    return sources
}()

/// Renders each diagnostic with its source line and caret, as the CLI prints them: a mark past
/// the end of a line or of the file must not crash the renderer.
func renderAll(_ diagnostics: [Diagnostic], source: String) {
    for diagnostic in diagnostics { _ = diagnostic.rendered(source: source) }
}
