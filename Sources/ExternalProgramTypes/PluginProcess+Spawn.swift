import CProcessControl
import Foundation

// MARK: - Starting

extension PluginProcess {
    /// Starts the plugin with `posix_spawn`: standard input, output and error from the descriptors
    /// given and no other descriptor of ours; no signal blocked and every signal's handling at its
    /// default (a plugin must be stoppable whatever state the starting thread was in); the leader
    /// of a new process group; `MENTORKIT_PROTOCOL` in its environment.
    ///
    /// "Text file busy" (ETXTBSY) is retried a few times: exec fails while any process holds the
    /// file open for writing, which happens for a moment when a plugin was just written and
    /// another thread started a process meanwhile, as in the tests, or while an editor saves it.
    static func spawn(_ path: String, stdin: Int32, stdout: Int32, stderr: Int32, requestFile: String) -> Result<pid_t, PluginError> {
        let environment = ProcessInfo.processInfo.environment
            .merging(["MENTORKIT_PROTOCOL": String(PluginProtocol.version)]) { _, new in new }
            .map { "\($0.key)=\($0.value)" }.sorted()
        var attempt = 0
        while true {
            attempt += 1
            // A descriptor below 3 (this process started with one of its own closed) would be
            // overwritten by an earlier dup2 onto 0-2: use a copy above them.
            let descriptors = [stdin, stdout, stderr].map { $0 < 3 ? fcntl($0, F_DUPFD_CLOEXEC, 3) : $0 }
            defer { for (copy, original) in zip(descriptors, [stdin, stdout, stderr]) where copy != original { close(copy) } }
            guard !descriptors.contains(-1) else {
                return .failure(.launchFailed(reason: "can't copy a descriptor (\(String(cString: strerror(errno))))"))
            }
            let started = PluginSupervisor.live.spawn(requestFile: requestFile) {
                spawnOnce(path, descriptors: descriptors, environment: environment)
            }
            if started.error == 0 { return .success(started.pid) }
            if started.error == ETXTBSY, attempt < 6 {
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
                continue
            }
            return .failure(.launchFailed(reason: String(cString: strerror(started.error))))
        }
    }

    /// One `posix_spawn`; the pid, or the error number.
    private static func spawnOnce(_ path: String, descriptors: [Int32], environment: [String]) -> (pid: pid_t, error: Int32) {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, descriptor) in descriptors.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, descriptor, Int32(target))
        }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP
        #if canImport(Darwin)
            flags |= POSIX_SPAWN_CLOEXEC_DEFAULT // only the descriptors dup'ed above are inherited
        #else
            _ = mentorkit_spawn_close_from(&actions, 3) // glibc 2.34: the same
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let arguments = [strdup(path)] + [nil]
        let variables = environment.map { strdup($0) } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, path, &actions, &attributes, arguments, variables)
        return (pid, error)
    }
}

// MARK: - Waiting

/// Watches one child for its exit without reaping it (`waitid` with WNOWAIT), so that its pid
/// stays its own until `LivePlugins.finish` reaps it.
final class ExitWatch: @unchecked Sendable {
    /// Left when the child has exited.
    let group = DispatchGroup()
    private let lock = NSLock()
    private var termination: PluginProcess.Termination?

    init(_ pid: pid_t) {
        group.enter()
        Thread { [self] in
            var info = siginfo_t()
            var result: Int32
            repeat { result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) } while result != 0 && errno == EINTR
            let ended = result == 0 ? Self.termination(info, of: pid) : nil
            lock.withLock { termination = ended ?? .exit(-1) }
            group.leave()
        }.start()
    }

    /// How the child ended, or nil while it runs.
    var ended: PluginProcess.Termination? { lock.withLock { termination } }

    /// The termination `info` reports for `pid`, or nil when it reports none (WNOHANG, still running).
    static func termination(_ info: siginfo_t, of pid: pid_t) -> PluginProcess.Termination? {
        #if os(Linux)
            let (child, status) = (info._sifields._sigchld.si_pid, info._sifields._sigchld.si_status)
        #else
            let (child, status) = (info.si_pid, info.si_status)
        #endif
        guard child == pid else { return nil }
        return info.si_code == CLD_EXITED ? .exit(status) : .signal(status)
    }
}

// MARK: - Reading

extension PluginProcess {
    /// Reads `descriptor` to its end on a thread of its own, passing each chunk to `consume` until
    /// it returns false or `reading` is stopped; then closes the descriptor.
    ///
    /// A thread of its own, not Dispatch's global pool: a reader waits for as long as its plugin
    /// runs, and with several plugins described at once (some hanging) the pool's few threads were
    /// all taken by waiting readers, so a healthy plugin's long reply sat unread in its pipe until
    /// it too timed out. `poll` with a short timeout lets a reader give up on a pipe that a process
    /// outside the plugin's group still holds open.
    /// `ended`, when given, runs once the descriptor is closed.
    static func drain(
        _ descriptor: Int32, _ reading: Reading, ended: (@Sendable () -> Void)? = nil,
        consume: @escaping @Sendable (UnsafeRawBufferPointer) -> Bool
    ) {
        reading.group.enter()
        Thread {
            defer {
                close(descriptor)
                ended?()
                reading.group.leave()
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
            defer { buffer.deallocate() }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while !reading.stopped {
                let ready = poll(&poller, 1, 100)
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
                guard ready > 0 else { return }
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                guard count > 0, consume(UnsafeRawBufferPointer(rebasing: buffer[..<count])) else { return }
            }
        }.start()
    }
}

/// The readers of one call: left when both have stopped; `stop()` asks them to stop.
final class Reading: @unchecked Sendable {
    let group = DispatchGroup()
    private let lock = NSLock()
    private var stopRequested = false

    func stop() { lock.withLock { stopRequested = true } }
    var stopped: Bool { lock.withLock { stopRequested } }
}

/// What a call collected from standard output, as `PluginProcess.finish` reads it.
protocol CollectedOutput: AnyObject, Sendable {
    /// Everything kept.
    var data: Data { get }
    /// True once the output passed its limit.
    var overflowed: Bool { get }
}

/// Standard output, up to a limit.
final class Collected: CollectedOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()
    private var over = false
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Adds `chunk`; false (and the chunk left out) once the total would pass the limit.
    func append(_ chunk: UnsafeRawBufferPointer) -> Bool {
        lock.withLock {
            guard bytes.count + chunk.count <= limit else {
                over = true
                return false
            }
            bytes.append(contentsOf: chunk)
            return true
        }
    }

    var data: Data { lock.withLock { bytes } }
    var overflowed: Bool { lock.withLock { over } }
}

/// The last bytes of standard error: a plugin may log gigabytes, MentorKit keeps a fixed tail.
///
/// The tail used to be kept with `bytes.append(chunk); bytes = bytes.suffix(8192)`: a `Data`
/// slice keeps the whole buffer it came from, and appending to it grows that buffer, so all of
/// standard error stayed in memory (1 GB of it took `mentor` to 1 GB). An array of at most
/// `keeping` bytes, shifted as it fills, can't grow.
final class TailBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private let keeping: Int

    init(keeping: Int) {
        self.keeping = keeping
        bytes.reserveCapacity(keeping)
    }

    /// Adds `chunk`, dropping the oldest bytes past the tail's size; always true (keep reading).
    func append(_ chunk: UnsafeRawBufferPointer) -> Bool {
        lock.withLock {
            if chunk.count >= keeping {
                bytes = Array(chunk.suffix(keeping))
            } else {
                let excess = bytes.count + chunk.count - keeping
                if excess > 0 { bytes.removeFirst(excess) }
                bytes.append(contentsOf: chunk)
            }
            return true
        }
    }

    /// The bytes kept.
    var count: Int { lock.withLock { bytes.count } }
    /// The tail as text (invalid UTF-8 replaced).
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}

// MARK: - Descriptors

/// The request, in a temporary file opened for reading (close-on-exec: only the plugin it is
/// given to as standard input gets it).
struct RequestFile {
    let path: String
    let descriptor: Int32

    init(_ input: Data) throws(PluginError) {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("mentorkit-request-\(UUID().uuidString).json").path
        guard FileManager.default.createFile(atPath: path, contents: input, attributes: [.posixPermissions: 0o600]) else {
            throw .launchFailed(reason: "can't write the request to '\(path)'")
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            unlink(path)
            throw .launchFailed(reason: "can't read the request back from '\(path)'")
        }
    }

    func remove() {
        close(descriptor)
        unlink(path)
    }
}

/// A pipe whose ends are close-on-exec, so that no other plugin started meanwhile inherits one
/// (and holds this plugin's output open).
extension PluginProcess {
    /// Starts `path` with `stdin` as its standard input and a fresh pipe for each of standard output
    /// and error; returns its process id and our read ends of the two pipes. The plugin's write ends
    /// are closed here once it has its own, and on failure the read ends too. What a one-shot run
    /// (`run`) and a kept conversation (`PluginConnection.start`) share; `stdin` stays the caller's.
    static func spawnWithOutputPipes(_ path: String, stdin: Int32, requestFile: String)
        throws(PluginError) -> (pid: pid_t, stdout: Int32, stderr: Int32)
    {
        let stdout = try PipeEnds()
        let stderr = try PipeEnds()
        let spawned = spawn(path, stdin: stdin, stdout: stdout.write, stderr: stderr.write, requestFile: requestFile)
        stdout.closeWrite()
        stderr.closeWrite()
        switch spawned {
        case .success(let pid): return (pid, stdout.read, stderr.read)
        case .failure(let error):
            stdout.closeRead()
            stderr.closeRead()
            throw error
        }
    }
}

final class PipeEnds {
    let read: Int32
    private(set) var write: Int32

    init() throws(PluginError) {
        var ends: [Int32] = [-1, -1]
        let made = mentorkit_pipe_cloexec(&ends)
        guard made == 0 else { throw .launchFailed(reason: "can't make a pipe (\(String(cString: strerror(errno))))") }
        (read, write) = (ends[0], ends[1])
    }

    /// Closes our copy of the write end once the plugin has its own.
    func closeWrite() {
        if write >= 0 { close(write) }
        write = -1
    }

    /// Closes the read end when no reader took it.
    func closeRead() { close(read) }
}
