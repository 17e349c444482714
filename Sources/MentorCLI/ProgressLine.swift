import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres

/// A progress line on standard error for long copies (every 100,000 events), when it is a terminal
/// or when the copy is large.
final class ProgressLine {
    private let total: Int
    private var shown = 0
    private let started = Date()

    init(total: Int) { self.total = total }

    func show(_ done: Int, doing: String, force: Bool = false) {
        guard total >= 100_000, force || done - shown >= 100_000 else { return }
        shown = done
        let seconds = Date().timeIntervalSince(started)
        let percent = 100 * done / max(total, 1)
        warn("  \(doing): \(done) of \(total) events (\(percent)%, " + String(format: "%.1f s)", seconds))
    }

    func finish() {
        guard total >= 100_000 else { return }
        warn(String(format: "  written; verifying the copy (%.1f s so far)", Date().timeIntervalSince(started)))
    }
}
