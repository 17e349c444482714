import Foundation
import MentorCore

/// Events handed from a check to a bulk append while the check goes on, so that an import's
/// inserts start before the whole file is checked (``ProgressStore/append(checked:record:)``).
///
/// The checker calls ``put(_:)`` with each run of events that passed, in order, then
/// ``finish()`` when every event passed, or ``fail()`` as soon as one did not. The append takes
/// the runs in one transaction and rolls it back when the feed fails, so a refused import still
/// writes nothing. At most ``capacity`` runs wait between the two; ``put(_:)`` waits for room.
public final class CheckedFeed: @unchecked Sendable {
    /// How the check ended, so far.
    public enum Outcome: Sendable, Equatable {
        /// Still checking.
        case checking
        /// Every event passed: nothing after this can be refused.
        case passed
        /// An event broke a rule: whatever was appended is rolled back.
        case failed
    }

    /// Runs of events that may wait between the checker and the append, at most.
    public let capacity: Int
    private let condition = NSCondition()
    private var runs: [[ProgressEvent]] = []
    private var head = 0
    private var outcome = Outcome.checking
    /// Set by the append when it stops (it failed, or it is done): later runs are dropped.
    private var closed = false
    /// Set while the append waits for the check to end: ``put(_:)`` no longer waits for room then.
    private var awaiting = false

    /// A feed holding at most `capacity` runs of events at a time.
    public init(capacity: Int = 16) { self.capacity = max(1, capacity) }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    // MARK: The checker's side

    /// Hands over `events`, which passed their checks (the next ones in the file's order). Waits
    /// while ``capacity`` runs are waiting (unless the append waits for the check to end). Returns false once the append has stopped (then the
    /// events are dropped: the check can go on to list every problem).
    @discardableResult
    public func put(_ events: [ProgressEvent]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed && !awaiting && runs.count - head >= capacity { condition.wait() }
        guard !closed else { return false }
        if !events.isEmpty { runs.append(events) }
        condition.broadcast()
        return true
    }

    /// Says that every event was checked and passed: the append commits after the last run.
    public func finish() { settle(.passed) }

    /// Says that an event broke a rule: the append stops and rolls back.
    public func fail() { settle(.failed) }

    private func settle(_ result: Outcome) {
        locked {
            if outcome == .checking { outcome = result }
            condition.broadcast()
        }
    }

    // MARK: The append's side

    /// How the check ended, so far.
    public var state: Outcome { locked { outcome } }

    /// How many runs were handed over and not taken yet.
    public var waiting: Int { locked { runs.count - head } }

    /// The next run of events, waiting for it; nil when every run was taken and the check passed.
    /// Throws ``Refused`` when the check failed.
    func next() throws(Refused) -> [ProgressEvent]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if closed { return nil }
            if outcome == .failed { throw Refused() }
            if head < runs.count {
                let run = runs[head]
                runs[head] = []
                head += 1
                if head > 64, head * 2 > runs.count { // drop the taken slots now and then
                    runs.removeFirst(head)
                    head = 0
                }
                condition.broadcast()
                return run
            }
            if outcome == .passed { return nil }
            condition.wait()
        }
    }

    /// Waits until the check has ended; true when every event passed.
    func settled() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        awaiting = true
        condition.broadcast()
        while outcome == .checking { condition.wait() }
        return outcome == .passed
    }

    /// Stops taking runs: a checker waiting in ``put(_:)`` goes on, later runs are dropped, and
    /// ``next()`` returns nil.
    func close() {
        locked {
            closed = true
            runs = []
            head = 0
            condition.broadcast()
        }
    }

    /// The check failed: the append was rolled back.
    struct Refused: Error {}
}
