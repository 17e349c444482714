import Foundation

/// Limits on one plugin call.
public struct PluginLimits: Sendable, Equatable {
    /// Seconds a call may take before the process is killed.
    public var timeout: Double
    /// Bytes of standard output accepted before the process is killed.
    public var outputLimit: Int

    /// Creates limits.
    public init(timeout: Double = 10, outputLimit: Int = 4 << 20) {
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// The defaults (10 s, 4 MiB), with the timeout from `MENTORKIT_PLUGIN_TIMEOUT` when it is a positive number.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PluginLimits {
        var limits = PluginLimits()
        if let text = environment["MENTORKIT_PLUGIN_TIMEOUT"], let seconds = Double(text), seconds > 0 { limits.timeout = seconds }
        return limits
    }
}

/// Runs a plugin executable once: the request on standard input, the reply from standard output.
///
/// Foundation's `Process` rather than swift-subprocess: every program-type hook is synchronous
/// (agenda building is a benchmarked synchronous path, and so are the loader, the report and the
/// commands), while Subprocess 1.0 is async-only. Waiting for async work from synchronous code
/// means blocking a thread, and when that thread belongs to Swift's cooperative pool (two threads
/// on a two-core machine, e.g. under Swift Testing) the work it waits for may never get to run.
/// `Process` plus two Dispatch readers stays synchronous without touching that pool.
public enum PluginProcess {
    /// Standard error kept for messages: the last this many bytes.
    static let stderrTail = 8 * 1024

    /// What a plugin wrote: its reply, and the end of its standard error.
    public struct Output: Sendable {
        /// Standard output.
        public var stdout: Data
        /// The last 8 KiB of standard error.
        public var stderr: String
    }

    /// Runs `path` with `input` on standard input and returns what it wrote.
    /// Kills the process when it runs past `limits.timeout` or writes more than `limits.outputLimit`.
    public static func run(_ path: String, input: Data, limits: PluginLimits) throws(PluginError) -> Output {
        // The request goes through a file, not a pipe: a plugin that exits without reading it
        // can't leave MentorKit writing into a closed pipe (SIGPIPE), and no writer thread is needed.
        let requestFile = FileManager.default.temporaryDirectory.appendingPathComponent("mentorkit-request-\(UUID().uuidString).json")
        guard FileManager.default.createFile(atPath: requestFile.path, contents: input),
              let stdin = FileHandle(forReadingAtPath: requestFile.path) else {
            throw .launchFailed(reason: "can't write the request to '\(requestFile.path)'")
        }
        defer {
            try? stdin.close()
            try? FileManager.default.removeItem(at: requestFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["MENTORKIT_PROTOCOL": String(PluginProtocol.version)], uniquingKeysWith: { _, new in new })
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = DispatchGroup()
        finished.enter()
        process.terminationHandler = { _ in finished.leave() }
        do { try process.run() } catch { throw .launchFailed(reason: "\(error.localizedDescription)") }

        let output = Collected(limit: limits.outputLimit)
        let pid = process.processIdentifier
        read(stdout.fileHandleForReading, into: finished) { chunk in
            guard output.append(chunk) else {
                kill(pid, SIGKILL)  // past the cap: stop the plugin, not just the reading
                return false
            }
            return true
        }
        let errors = Collected(limit: Int.max, keepTail: stderrTail)
        read(stderr.fileHandleForReading, into: finished) { errors.append($0) }

        if finished.wait(timeout: .now() + limits.timeout) == .timedOut {
            kill(pid, SIGKILL)
            // Give the readers a moment to drain; a grandchild still holding the pipes is abandoned.
            _ = finished.wait(timeout: .now() + 1)
            throw .timedOut(seconds: limits.timeout, stderr: errors.text)
        }
        if output.overflowed { throw .outputTooLarge(limit: limits.outputLimit, stderr: errors.text) }
        switch process.terminationReason {
        case .exit where process.terminationStatus != 0:
            throw .exited(status: process.terminationStatus, stderr: errors.text)
        case .uncaughtSignal:
            throw .killed(signal: process.terminationStatus, stderr: errors.text)
        default:
            return Output(stdout: output.data, stderr: errors.text)
        }
    }

    /// Reads `handle` to its end on a Dispatch thread, passing each chunk to `consume` until it
    /// returns false; `group` is entered now and left when reading stops.
    private static func read(_ handle: FileHandle, into group: DispatchGroup, consume: @escaping @Sendable (Data) -> Bool) {
        group.enter()
        DispatchQueue.global().async {
            defer { group.leave() }
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty || !consume(chunk) { return }
            }
        }
    }
}

/// Bytes read from a pipe, shared between the reading thread and the caller.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()
    private var over = false
    private let limit: Int
    private let keepTail: Int?

    init(limit: Int, keepTail: Int? = nil) {
        self.limit = limit
        self.keepTail = keepTail
    }

    /// Adds `chunk`; false once the total passes the limit.
    func append(_ chunk: Data) -> Bool {
        lock.withLock {
            bytes.append(chunk)
            if let keepTail, bytes.count > keepTail { bytes = bytes.suffix(keepTail) }
            if bytes.count > limit { over = true }
            return !over
        }
    }

    var data: Data { lock.withLock { bytes } }
    var overflowed: Bool { lock.withLock { over } }
    var text: String { String(decoding: data, as: UTF8.self) }
}
