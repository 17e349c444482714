import Foundation
import MentorCore

/// Keeps a plugin's processes running between requests, for a command or a server.
///
/// A protocol-2 plugin is started once and then answers request after request; a pool keeps up to
/// `Configuration.processes` of them, so that that many requests run at once, and stops one that
/// has been idle for `Configuration.idleTimeout` seconds. A process that crashes, passes a limit
/// (time, size of a reply) or breaks the protocol is killed; the request gets the error and the
/// next request starts a fresh process. A protocol-1 plugin goes through the pool too, one process
/// per request as ever, at most `processes` at once.
///
/// Thread-safe: any number of threads may call `request(_:)` (it blocks while all processes are
/// busy). `shutdown()` stops every process; so does releasing the last reference to the pool.
///
/// A server keeps one pool per plugin for its lifetime and registers `handle` (its hooks go
/// through the pool, without the per-command reply cache a command uses).
public final class PluginPool: @unchecked Sendable {
    /// How many processes, how long idle ones live, and the limits on each request.
    public struct Configuration: Sendable {
        /// Processes running at most at once (at least 1).
        public var processes: Int
        /// Seconds a process may sit idle before it is stopped; nil keeps it until `shutdown()`.
        public var idleTimeout: Double?
        /// Limits on each request.
        public var limits: PluginLimits
        /// Asked before every process the pool starts after the first (a restart, a second
        /// process, a protocol-1 request): a reason not to run the file, or nil. A server passes
        /// the trust check here, so a plugin file changed since it was trusted is not restarted.
        public var checkBeforeStart: (@Sendable (_ path: String) -> String?)?

        /// Creates a configuration.
        public init(
            processes: Int = 2, idleTimeout: Double? = 60, limits: PluginLimits = .fromEnvironment(),
            checkBeforeStart: (@Sendable (_ path: String) -> String?)? = nil
        ) {
            self.processes = max(1, processes)
            self.idleTimeout = idleTimeout
            self.limits = limits
            self.checkBeforeStart = checkBeforeStart
        }

        /// One process for the length of a command: what `mentor` uses.
        public static func command(limits: PluginLimits) -> Configuration {
            Configuration(processes: 1, idleTimeout: nil, limits: limits)
        }
    }

    /// Counts for tests and monitoring.
    public struct Statistics: Sendable, Equatable {
        /// Processes alive now (busy or idle); always 0 for a protocol-1 plugin between requests.
        public var running: Int
        /// Of those, the idle ones.
        public var idle: Int
        /// Processes started since the pool was made, the one that described the plugin included
        /// (for a protocol-1 plugin only that one: its one-shot processes are not counted).
        public var started: Int
    }

    /// The plugin's path.
    public let path: String
    /// What the plugin said about itself; `protocolVersion` 2 means its processes are kept.
    public let described: PluginProtocol.Described
    /// The configuration.
    public let configuration: Configuration

    private let condition = NSCondition()
    private var idle: [(connection: PluginConnection, since: Date)] = []
    private var busy = 0
    private var started = 1
    private var isShutDown = false

    /// Starts the plugin at `path`, asks it to describe itself (its id must be `fileID`), and keeps
    /// the process when it speaks protocol 2.
    public init(path: String, fileID: String, configuration: Configuration = Configuration()) throws(ProgramTypeError) {
        self.path = path
        self.configuration = configuration
        let negotiated: (output: PluginProcess.Output, session: PluginConnection?)
        let described: PluginProtocol.Described
        do {
            negotiated = try PluginConnection.negotiate(path, request: PluginProtocol.describeRequest(), limits: configuration.limits)
            described = try PluginProtocol.described(negotiated.output.stdout, stderr: negotiated.output.stderr)
        } catch {
            throw error.programTypeError(type: fileID, path: path, hook: "describe")
        }
        guard described.description.id == fileID else {
            negotiated.session?.stop()
            throw PluginError.idMismatch(fileID: fileID, described: described.description.id)
                .programTypeError(type: fileID, path: path, hook: "describe")
        }
        self.described = described
        if let session = negotiated.session {
            idle.append((session, Date()))
            scheduleIdleCheck()
        }
    }

    deinit {
        for entry in idle { entry.connection.end() }
    }

    /// The protocol this plugin's requests speak.
    public var protocolVersion: Int { described.protocolVersion }

    /// Sends one request (encoded by `PluginProtocol`) and returns the raw reply, blocking while
    /// every process is busy. Errors are the plugin's; the process that failed is gone afterwards.
    public func request(_ request: Data) throws(PluginError) -> PluginProcess.Output {
        guard described.protocolVersion == 2 else {
            try acquireSlot()
            defer { releaseSlot() }
            try checkStart()
            return try PluginProcess.run(path, input: request, limits: configuration.limits)
        }
        var retried = false
        while true {
            let (connection, reused) = try acquire()
            do {
                let output = try connection.request(request, limits: configuration.limits)
                release(connection, healthy: true)
                return output
            } catch {
                release(connection, healthy: false)
                // A kept process that exited 0 between requests (it answers one and leaves, though
                // it said protocol 2) is replaced once; a crash is the request's error.
                guard reused, !retried, case .sessionEnded = error, connection.exitedCleanly else { throw error }
                retried = true
            }
        }
    }

    /// Stops every process now; later requests fail.
    public func shutdown() {
        let stopping: [PluginConnection] = condition.withLock {
            isShutDown = true
            defer { idle = [] }
            condition.broadcast()
            return idle.map(\.connection)
        }
        for connection in stopping { connection.end() }
    }

    /// True once `shutdown()` has been called.
    public var hasShutDown: Bool { condition.withLock { isShutDown } }

    /// Processes running, idle and started so far.
    public var statistics: Statistics {
        condition.withLock {
            Statistics(running: busy + idle.count, idle: idle.count, started: started)
        }
    }

    // MARK: - Processes

    /// An idle process, or a new one when fewer than `processes` run; waits otherwise.
    private func acquire() throws(PluginError) -> (connection: PluginConnection, reused: Bool) {
        var dead: [PluginConnection] = []
        defer { for connection in dead { connection.stop() } }
        let reused = try acquireSlot {
            while let last = idle.popLast() {
                if last.connection.isRunning { return last.connection }
                dead.append(last.connection) // it crashed while idle: a new one replaces it
            }
            return nil
        }
        if let reused { return (reused, true) }
        do {
            try checkStart()
            return (try PluginConnection.start(path, outputLimit: configuration.limits.outputLimit), false)
        } catch {
            releaseSlot()
            throw error
        }
    }

    /// Throws when `checkBeforeStart` gives a reason not to start the plugin.
    private func checkStart() throws(PluginError) {
        if let reason = configuration.checkBeforeStart?(path) { throw .refused(reason: reason) }
    }

    /// Waits until a request may run (fewer than `processes` busy), takes the slot, and returns
    /// what `reuse` finds under the lock (an idle process still running); nil means start one.
    @discardableResult
    private func acquireSlot(reuse: () -> PluginConnection? = { nil }) throws(PluginError) -> PluginConnection? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            guard !isShutDown else { throw .launchFailed(reason: "the plugin pool was shut down") }
            if let connection = reuse() {
                busy += 1
                return connection
            }
            // `reuse` emptied the idle list of stopped processes, so `busy` counts every one alive.
            if busy + idle.count < configuration.processes {
                busy += 1
                if described.protocolVersion == 2 { started += 1 }
                return nil
            }
            condition.wait()
        }
    }

    private func releaseSlot() {
        condition.withLock {
            busy -= 1
            condition.signal()
        }
    }

    /// Gives a process back: kept when `healthy` (and the pool still runs), else stopped.
    private func release(_ connection: PluginConnection, healthy: Bool) {
        let keep = condition.withLock {
            busy -= 1
            defer { condition.signal() }
            guard healthy, !isShutDown, connection.isRunning else { return false }
            idle.append((connection, Date()))
            return true
        }
        if keep { scheduleIdleCheck() } else { connection.stop() }
    }

    // MARK: - Idle processes

    /// After the idle timeout, stops the processes idle since then.
    private func scheduleIdleCheck() {
        guard let timeout = configuration.idleTimeout else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in self?.stopIdle() }
    }

    /// Stops processes idle for the timeout or longer (and any that died while idle).
    func stopIdle() {
        guard let timeout = configuration.idleTimeout else { return }
        let now = Date()
        let stopping: [PluginConnection] = condition.withLock {
            let old = idle.filter { now.timeIntervalSince($0.since) >= timeout * 0.999 || !$0.connection.isRunning }
            idle.removeAll { now.timeIntervalSince($0.since) >= timeout * 0.999 || !$0.connection.isRunning }
            if !old.isEmpty { condition.broadcast() }
            return old.map(\.connection)
        }
        for connection in stopping { connection.end() }
    }
}
