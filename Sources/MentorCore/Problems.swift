import Diagnostics
import PlanYAML

/// Collects problems while decoding, so one pass reports all of them.
struct Problems {
    var file: String
    var diagnostics: [Diagnostic] = []

    mutating func add(_ error: YAMLError) { diagnostics.append(Diagnostic(file: file, error: error)) }
    mutating func add(_ error: PlanError) {
        diagnostics.append(Diagnostic(file: file, mark: error.mark, message: error.message))
    }

    /// Runs `body`, recording its error and returning `nil` when it throws.
    mutating func attempt<T>(_ body: () throws(YAMLError) -> T) -> T? {
        do { return try body() } catch {
            add(error)
            return nil
        }
    }
}
