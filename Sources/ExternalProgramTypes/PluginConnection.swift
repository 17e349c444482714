import CProcessControl
import Foundation

/// A plugin process that stays alive (protocol 2): requests go to its standard input one JSON
/// object a line, and each reply comes back as one line of its standard output.
///
/// One request at a time: `request(_:limits:)` holds a lock for the whole exchange. The same
/// limits apply per request as to a one-shot call (time, size of the reply), and when one is
/// passed, or the plugin dies, the process is killed with its group and the connection is ended:
/// a connection never recovers, its owner starts another (see `PluginPool`).
final class PluginConnection: @unchecked Sendable {
    /// The executable.
    let path: String
    /// The plugin's process id (the leader of its own process group).
    let pid: pid_t
    /// Standard output, cut into lines.
    let output: LineBuffer
    /// The last 8 KiB of standard error, over the whole conversation.
    let errors = TailBuffer(keeping: PluginProcess.stderrTail)
    let watch: ExitWatch
    let reading = Reading()

    private let lock = NSLock()
    /// Our end of the plugin's standard input; -1 once closed.
    private var input: Int32
    /// The pipe's inode, to recognise it in `/proc/PID/fd/0`.
    let inputInode: UInt64
    private var isEnded = false
    /// Requests answered so far.
    private(set) var answered = 0

    private init(path: String, pid: pid_t, input: Int32, inputInode: UInt64, output: LineBuffer, watch: ExitWatch) {
        self.path = path
        self.pid = pid
        self.input = input
        self.inputInode = inputInode
        self.output = output
        self.watch = watch
    }

    deinit { end() }

    /// Starts the plugin with a pipe for standard input, which stays open until `closeInput()`.
    static func start(_ path: String, outputLimit: Int) throws(PluginError) -> PluginConnection {
        let stdin = try PipeEnds()
        let spawned = Result { () throws(PluginError) in
            try PluginProcess.spawnWithOutputPipes(path, stdin: stdin.read, requestFile: "")
        }
        stdin.closeRead()
        let (pid, stdout, stderr): (pid_t, Int32, Int32)
        switch spawned {
        case .success(let started): (pid, stdout, stderr) = started
        case .failure(let error):
            close(stdin.write)
            throw error
        }
        // Writes never block: a plugin that stops reading can't hold MentorKit past the time limit.
        _ = fcntl(stdin.write, F_SETFL, fcntl(stdin.write, F_GETFL) | O_NONBLOCK)
        var status = stat()
        let inode = fstat(stdin.write, &status) == 0 ? UInt64(status.st_ino) : 0
        let lines = LineBuffer(limit: outputLimit)
        let connection = PluginConnection(
            path: path, pid: pid, input: stdin.write, inputInode: inode, output: lines,
            watch: ExitWatch(pid))
        PluginProcess.drain(stdout, connection.reading, ended: { lines.close() }, consume: { lines.append($0) })
        let errors = connection.errors
        PluginProcess.drain(stderr, connection.reading) { errors.append($0) }
        return connection
    }

    /// True while the process runs.
    var isRunning: Bool { watch.ended == nil }

    // MARK: - Requests

    /// Sends `request` and returns the one-line reply (without its newline).
    func request(_ request: Data, limits: PluginLimits) throws(PluginError) -> PluginProcess.Output {
        lock.lock()
        defer { lock.unlock() }
        guard !isEnded else { throw .sessionEnded(how: "had already been stopped", answered: answered, stderr: errors.text) }
        let deadline = Date().addingTimeInterval(limits.timeout)
        output.limit = limits.outputLimit
        guard output.pendingCount == 0 else {
            stopLocked()
            throw .notJSON(reason: "it wrote a line nobody asked for before this request", stderr: errors.text)
        }
        switch write(request + Data([0x0A]), until: deadline) {
        case .written: break
        case .timedOut:
            stopLocked()
            throw .timedOut(seconds: limits.timeout, stderr: errors.text)
        case .closed: throw endedLocked(during: "stopped reading its standard input")
        }
        switch output.line(until: deadline) {
        case .line(let line):
            answered += 1
            return PluginProcess.Output(stdout: line, stderr: errors.text)
        case .overflow:
            stopLocked()
            throw .outputTooLarge(limit: limits.outputLimit, stderr: errors.text)
        case .timedOut:
            stopLocked()
            throw .timedOut(seconds: limits.timeout, stderr: errors.text)
        case .closed: throw endedLocked(during: "closed its standard output")
        }
    }

    /// Bytes of the request the plugin has not read yet; nil when unknown (closed, or the system
    /// can't tell).
    var unreadInput: Int? {
        lock.withLock {
            guard input >= 0 else { return nil }
            let count = mentorkit_unread_bytes(input)
            return count >= 0 ? Int(count) : nil
        }
    }

    /// Counts a reply taken outside `request(_:limits:)` (the `describe` of `negotiate`).
    func countAnswer() { lock.withLock { answered += 1 } }

    /// Writes `bytes` to standard input without waiting for a reply; false when it can't be written.
    func writeOnly(_ bytes: Data, until deadline: Date) -> Bool {
        lock.withLock { !isEnded && write(bytes, until: deadline) == .written }
    }

    /// The plugin went away mid-conversation: wait a moment for it to exit and say how it ended.
    private func endedLocked(during what: String) -> PluginError {
        _ = watch.group.wait(timeout: .now() + 1)
        _ = reading.group.wait(timeout: .now() + 0.5) // the rest of standard error
        let how: String
        switch watch.ended {
        case .exit(let status)?: how = "exited with status \(status)"
        case .signal(let signal)?: how = "was killed by signal \(signal)"
        case nil: how = what
        }
        let error = PluginError.sessionEnded(how: how, answered: answered, stderr: errors.text)
        stopLocked()
        return error
    }

    private enum Written { case written, timedOut, closed }

    /// Writes all of `bytes` to standard input, waiting for room until `deadline`.
    private func write(_ bytes: Data, until deadline: Date) -> Written {
        guard input >= 0 else { return .closed }
        return bytes.withUnsafeBytes { buffer -> Written in
            var offset = 0
            while offset < buffer.count {
                let count = mentorkit_write_nosigpipe(input, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count > 0 {
                    offset += count
                    continue
                }
                if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    let left = deadline.timeIntervalSinceNow
                    guard left > 0 else { return .timedOut }
                    var poller = pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&poller, 1, Int32(min(left, 0.1) * 1000) + 1)
                    continue
                }
                return .closed // EPIPE: nobody reads any more
            }
            return .written
        }
    }

    // MARK: - Ending

    /// Closes standard input: a protocol-2 plugin then exits; a protocol-1 plugin answers.
    func closeInput() {
        lock.withLock { closeInputLocked() }
    }

    private func closeInputLocked() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// Ends the conversation politely: closes standard input, gives the plugin `grace` seconds to
    /// exit, then kills whatever is left of its group and reaps it.
    func end(grace: Double = 1) {
        lock.withLock {
            guard !isEnded else { return }
            closeInputLocked()
            _ = watch.group.wait(timeout: .now() + grace)
            stopLocked()
        }
    }

    /// Kills the plugin and its group at once, and reaps it.
    func stop() { lock.withLock { stopLocked() } }

    private func stopLocked() {
        guard !isEnded else { return }
        isEnded = true
        closeInputLocked()
        PluginProcess.stop(pid)
        reading.stop()
        _ = reading.group.wait(timeout: .now() + 1)
        _ = watch.group.wait(timeout: .now() + 2)
        PluginSupervisor.live.finish(pid)
        // A signal is ending this process: the plugin it stopped is not an error to report.
        while PluginSupervisor.live.interrupted { sleep(1) }
    }

    /// True when the process exited with status 0: it chose to end (a plugin that answers and
    /// exits), rather than crashing.
    var exitedCleanly: Bool { watch.ended == .exit(0) }

    /// Finishes a call as a one-shot process: standard input closed, then the reply is whatever the
    /// plugin writes before it exits, read with the rules of `PluginProcess.run`.
    func finishAsOneShot(limits: PluginLimits, deadline: Date) -> Result<PluginProcess.Output, PluginError> {
        lock.withLock {
            closeInputLocked()
            let left = max(0, deadline.timeIntervalSinceNow)
            let outcome = PluginProcess.finish(
                pid, watch: watch, reading: reading, output: output, errors: errors, limits: limits,
                deadline: .now() + left)
            stopLocked()
            return outcome
        }
    }
}

// MARK: - Lines

/// A plugin's standard output as it arrives, cut into lines; at most `limit` bytes may wait
/// unread (a reply line longer than that is an overflow).
final class LineBuffer: CollectedOutput, @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var over = false
    private var closed = false
    private var storedLimit: Int

    init(limit: Int) { storedLimit = limit }

    /// The most bytes that may wait unread.
    var limit: Int {
        get { condition.withLock { storedLimit } }
        set { condition.withLock { storedLimit = newValue } }
    }

    /// Adds `chunk`; false (stop reading) once the bytes waiting would pass the limit.
    func append(_ chunk: UnsafeRawBufferPointer) -> Bool {
        condition.withLock {
            defer { condition.broadcast() }
            guard bytes.count + chunk.count <= storedLimit else {
                over = true
                return false
            }
            bytes.append(contentsOf: chunk)
            return true
        }
    }

    /// The plugin closed its standard output.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    /// What waiting for a line gave.
    enum Wait: Equatable {
        case line(Data)
        case overflow
        case closed
        case timedOut
    }

    /// The next line, taken out (or, with `take: false`, left in place), when one arrives by `deadline`.
    func line(until deadline: Date, take: Bool = true) -> Wait {
        condition.withLock {
            while true {
                if let end = bytes.firstIndex(of: 0x0A) {
                    let line = Data(bytes[..<end])
                    if take { bytes.removeSubrange(...end) }
                    return .line(line)
                }
                if over { return .overflow }
                if closed { return .closed }
                guard condition.wait(until: deadline) else { return .timedOut }
            }
        }
    }

    /// Bytes received and not yet taken.
    var pendingCount: Int { condition.withLock { bytes.count } }

    var data: Data { condition.withLock { Data(bytes) } }
    var overflowed: Bool { condition.withLock { over } }
}
