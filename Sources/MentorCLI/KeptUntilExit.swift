import Foundation

/// Values a one-shot command keeps until the process ends, instead of freeing them when it returns.
///
/// `mentor plans lint` of a 16 MB template holds ~160,000 strings; freeing them one by one when the
/// command returns costs time nobody waits for, since the process exits right after and the system
/// takes its memory back at once. The values stay reachable from here (never leaked), the command
/// returns as usual, and `MentorCommand.main` still flushes and checks standard output and exits
/// with the command's status.
enum KeptUntilExit {
    private static let kept = Kept()

    /// Keeps `value` alive until the process exits.
    static func keep(_ value: some Sendable) {
        kept.append(value)
    }

    private final class Kept: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [any Sendable] = []

        func append(_ value: any Sendable) {
            lock.withLock { values.append(value) }
        }
    }
}
