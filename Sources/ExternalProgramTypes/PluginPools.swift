import Foundation
import MentorCore

/// The plugin processes a server keeps for its lifetime: one `PluginPool` per plugin file, shared
/// by every program of that type, and kept when a program file is read again.
///
/// A command starts a plugin once and stops it when it ends (`ExternalProgramType.handle(path:...)`).
/// A server answers requests for hours, so it asks this object for a type's handle instead: the
/// first program of a type starts its pool (the `describe` request), and every later load (another
/// program file of the same type, or the same file read again after a change) gets a handle on the
/// same pool, without starting anything. A plugin file whose content changed gets a new pool;
/// the old one stops its processes once the last program using it is replaced.
///
/// Thread-safe.
public final class PluginPools: @unchecked Sendable {
    /// What a pool for `candidate` is configured with (processes, idle time, limits, and the
    /// trust check to pass before every process it starts).
    public typealias Configure = @Sendable (_ candidate: PluginDiscovery.Candidate) -> PluginPool.Configuration

    private let configure: Configure
    private let lock = NSLock()
    /// By the plugin's path as found: the pool and the SHA-256 of the file it was started from.
    private var pools: [String: (pool: PluginPool, sha256: String)] = [:]

    /// Replies each handle keeps (see `handle(for:)`).
    public let recentReplies: Int

    /// Pools made with `configure`; each handle keeps up to `recentReplies` replies (0: none).
    /// Agenda replies run to a few kilobytes, so the default keeps a few megabytes per program.
    public init(recentReplies: Int = 1000, configure: @escaping Configure) {
        self.recentReplies = recentReplies
        self.configure = configure
    }

    /// A handle whose hooks go through the pool for `candidate`'s file, started now when there is
    /// none yet for this content. It keeps the `recentReplies` most recent replies: a page viewed
    /// again asks the same requests, answered then without a round trip to the plugin.
    public func handle(for candidate: PluginDiscovery.Candidate) throws(ProgramTypeError) -> ProgramTypeHandle {
        ExternalProgramType.handle(pool: try pool(for: candidate), replies: .recent(recentReplies))
    }

    /// The pool for `candidate`'s file as it is now.
    public func pool(for candidate: PluginDiscovery.Candidate) throws(ProgramTypeError) -> PluginPool {
        let hash: String
        switch SHA256.hex(ofFile: candidate.path) {
        case .success(let value): hash = value
        case .failure(let error):
            throw PluginError.launchFailed(reason: "can't read the plugin file: \(error.reason)")
                .programTypeError(type: candidate.id, path: candidate.path, hook: "describe")
        }
        if let kept = lock.withLock({ pools[candidate.path] }), kept.sha256 == hash, !kept.pool.hasShutDown { return kept.pool }
        // Started outside the lock: describing may take up to the plugin's time limit, and other
        // plugins' programs shouldn't wait for it. Two loads racing both start one; the first kept wins.
        let started = try PluginPool(path: candidate.path, fileID: candidate.id, configuration: configure(candidate))
        return lock.withLock {
            if let kept = pools[candidate.path], kept.sha256 == hash, !kept.pool.hasShutDown { return kept.pool }
            pools[candidate.path] = (started, hash)
            return started
        }
    }

    /// Every pool's counts, by plugin path.
    public var statistics: [String: PluginPool.Statistics] {
        lock.withLock { pools.mapValues(\.pool.statistics) }
    }

    /// Stops every pool's processes (when the server stops); later requests fail.
    public func shutdown() {
        let all = lock.withLock {
            defer { pools = [:] }
            return pools.values.map(\.pool)
        }
        for pool in all { pool.shutdown() }
    }
}
