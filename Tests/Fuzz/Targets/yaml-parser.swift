// Fuzz target: the YAML parser (PlanYAML over libyaml), as every plan and program file is read.
import Diagnostics
import PlanYAML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = fuzzText(bytes, count) else { return 0 }
    do {
        let node = try Parser.parse(text)
        if let node { _ = node.json }
    } catch {
        // A parse error must render with its source line and caret.
        _ = Diagnostic(file: "fuzz.yaml", error: error).rendered(source: text)
    }
    return 0
}
