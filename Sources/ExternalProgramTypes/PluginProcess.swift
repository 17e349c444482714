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

    /// The defaults (10 s, 4 MiB), with the timeout from `MENTORKIT_PLUGIN_TIMEOUT` when it is usable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PluginLimits {
        var limits = PluginLimits()
        if let seconds = environment[timeoutVariable].flatMap(usableTimeout) { limits.timeout = seconds }
        return limits
    }

    /// A warning when `MENTORKIT_PLUGIN_TIMEOUT` is set but unusable, and so ignored.
    public static func environmentProblem(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let text = environment[timeoutVariable], usableTimeout(text) == nil else { return nil }
        return "\(timeoutVariable)='\(text)' is not a number of seconds above 0 and at most \(Int(longestTimeout)); "
            + "plugins get the default \(PluginError.seconds(PluginLimits().timeout))"
    }

    /// Seconds written in `text`, when above 0 and at most `longestTimeout`.
    private static func usableTimeout(_ text: String) -> Double? {
        guard let seconds = Double(text), seconds > 0, seconds <= longestTimeout else { return nil }
        return seconds
    }

    /// The environment variable that sets the timeout.
    public static let timeoutVariable = "MENTORKIT_PLUGIN_TIMEOUT"
    /// The longest timeout accepted: an hour (DispatchTime arithmetic overflows on huge values).
    static let longestTimeout = 3_600.0
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
        let stdout = Pipe(), stderr = Pipe()
        let (process, exited) = try launch(path, stdin: stdin, stdout: stdout, stderr: stderr)

        let pid = process.processIdentifier
        let drained = DispatchGroup()
        let output = Collected(limit: limits.outputLimit)
        read(stdout.fileHandleForReading, into: drained) { chunk in
            guard output.append(chunk) else {
                stop(pid)  // past the cap: stop the plugin, not just the reading
                return false
            }
            return true
        }
        let errors = Collected(limit: Int.max, keepTail: stderrTail)
        read(stderr.fileHandleForReading, into: drained) { errors.append($0) }

        return try finish(process, exited: exited, drained: drained, output: output, errors: errors, limits: limits)
    }

    /// Starts the plugin; `exited` is left when `Process` sees it end.
    ///
    /// "Text file busy" (ETXTBSY) is retried a few times: exec fails while any process holds the
    /// file open for writing, which happens for a moment when a plugin was just written and
    /// another thread forked meanwhile (the child inherits the descriptor until it execs), as
    /// in the tests, or while an editor saves it. Other failures are reported at once.
    private static func launch(_ path: String, stdin: FileHandle, stdout: Pipe, stderr: Pipe)
        throws(PluginError) -> (process: Process, exited: DispatchGroup) {
        var attempt = 0
        while true {
            attempt += 1
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["MENTORKIT_PROTOCOL": String(PluginProtocol.version)], uniquingKeysWith: { _, new in new })
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            let exited = DispatchGroup()
            exited.enter()
            process.terminationHandler = { _ in exited.leave() }
            do {
                try process.run()
                return (process, exited)
            } catch {
                // Linux Foundation wraps the errno in a CocoaError; keep the POSIX one for the message.
                let cocoa = error as NSError
                let posix = cocoa.domain == NSPOSIXErrorDomain ? cocoa : cocoa.userInfo[NSUnderlyingErrorKey] as? NSError
                if posix?.domain == NSPOSIXErrorDomain, posix?.code == Int(ETXTBSY), attempt < 6 {
                    Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
                    continue
                }
                throw .launchFailed(reason: posix.map { String(cString: strerror(Int32($0.code))) } ?? cocoa.localizedDescription)
            }
        }
    }

    /// Waits for the reply and the exit within the time limit, and says how the call went.
    private static func finish(_ process: Process, exited: DispatchGroup, drained: DispatchGroup, output: Collected,
                               errors: Collected, limits: PluginLimits) throws(PluginError) -> Output {
        let pid = process.processIdentifier
        // The reply is complete when both pipes are closed, normally when the plugin exits.
        let deadline = DispatchTime.now() + limits.timeout
        if drained.wait(timeout: deadline) == .timedOut {
            // Still open at the deadline: the plugin hangs, or it exited and a process it started
            // (`cmd &` in a shell script) holds the pipes. Either way the whole group is killed.
            let exitedEarlier = termination(of: process, exited: exited) != nil
            stop(pid)
            _ = drained.wait(timeout: .now() + 1)
            throw exitedEarlier ? .leftRunning(seconds: limits.timeout, stderr: errors.text)
                : .timedOut(seconds: limits.timeout, stderr: errors.text)
        }
        if output.overflowed { throw .outputTooLarge(limit: limits.outputLimit, stderr: errors.text) }
        var ended = termination(of: process, exited: exited)
        while ended == nil {  // pipes closed a moment before the exit, or closed early on purpose
            guard DispatchTime.now() < deadline else {
                stop(pid)
                throw .timedOut(seconds: limits.timeout, stderr: errors.text)
            }
            _ = exited.wait(timeout: .now() + .milliseconds(1))
            ended = termination(of: process, exited: exited)
        }
        switch ended {
        case .exit(let status) where status != 0: throw .exited(status: status, stderr: errors.text)
        case .signal(let signal): throw .killed(signal: signal, stderr: errors.text)
        default: return Output(stdout: output.data, stderr: errors.text)
        }
    }

    /// How a plugin ended.
    enum Termination: Equatable {
        case exit(Int32)
        case signal(Int32)
    }

    /// How the plugin ended, or nil while it runs.
    ///
    /// Foundation's `Process` on Linux reports the exit (terminationHandler, terminationStatus)
    /// only once every holder of an internal socket it gives the child has closed it, and a
    /// process the plugin leaves behind (`sleep 30 > /dev/null &`) inherits that socket. So once
    /// the pipes are closed this also asks the kernel directly with `waitid(WNOWAIT)`, which reads
    /// the status without reaping the child: `Process` still reaps it later, as it expects.
    private static func termination(of process: Process, exited: DispatchGroup) -> Termination? {
        if exited.wait(timeout: .now()) == .success {
            return process.terminationReason == .uncaughtSignal ? .signal(process.terminationStatus) : .exit(process.terminationStatus)
        }
        let pid = process.processIdentifier
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return nil }
        #if os(Linux)
        let (child, status) = (info._sifields._sigchld.si_pid, info._sifields._sigchld.si_status)
        #else
        let (child, status) = (info.si_pid, info.si_status)
        #endif
        guard child == pid else { return nil }  // WNOHANG and still running: nothing filled in
        return info.si_code == CLD_EXITED ? .exit(status) : .signal(status)
    }

    /// Kills the plugin and everything it started. Foundation's `Process` starts the child as the
    /// leader of a new process group (pgid = pid), so `kill(-pid)` reaches a shell script's
    /// children too (`sleep 30` without `exec`), which would otherwise outlive the plugin holding
    /// its pipes. `kill(pid)` covers a platform where the child shares our group.
    private static func stop(_ pid: Int32) {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }

    /// Reads `handle` to its end on a thread of its own, passing each chunk to `consume` until it
    /// returns false; `group` is entered now and left when reading stops.
    ///
    /// A thread of its own, not Dispatch's global pool: a reader blocks in `read` for as long as
    /// its plugin runs, and with several plugins described at once (some hanging) the pool's few
    /// threads were all taken by blocked readers, so a healthy plugin's long reply sat unread in
    /// its pipe until it too timed out. A thread costs tens of microseconds; a plugin call, milliseconds.
    private static func read(_ handle: FileHandle, into group: DispatchGroup, consume: @escaping @Sendable (Data) -> Bool) {
        group.enter()
        Thread {
            defer { group.leave() }
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty || !consume(chunk) { return }
            }
        }.start()
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
