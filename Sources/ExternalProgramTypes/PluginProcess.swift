import Foundation

/// Runs a plugin executable once: the request on standard input, the reply from standard output.
///
/// `posix_spawn` rather than Foundation's `Process`: the plugin must start with no signal blocked
/// and default signal handling (a `Process` child inherits the mask of whichever thread started
/// it, and a plugin with SIGTERM blocked can't be stopped politely), in a process group of its own,
/// and with no descriptor of MentorKit's but the three it is given. And synchronous rather than
/// swift-subprocess: every program-type hook is synchronous (agenda building is a benchmarked
/// synchronous path), while Subprocess 1.0 is async-only, and blocking a thread of Swift's
/// cooperative pool to wait for async work can starve it (two threads on a two-core machine).
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
    /// Kills the process when it runs past `limits.timeout` or writes more than `limits.outputLimit`;
    /// when the call ends, whatever the plugin left running in its process group is killed too.
    public static func run(_ path: String, input: Data, limits: PluginLimits) throws(PluginError) -> Output {
        // The request goes through a file, not a pipe: a plugin that exits without reading it
        // can't leave MentorKit writing into a closed pipe (SIGPIPE), and no writer thread is needed.
        let request = try RequestFile(input)
        defer { request.remove() }
        let (pid, stdout, stderr) = try spawnWithOutputPipes(path, stdin: request.descriptor, requestFile: request.path)
        let watch = ExitWatch(pid)
        let reading = Reading()
        let output = Collected(limit: limits.outputLimit)
        drain(stdout, reading) { chunk in
            guard output.append(chunk) else {
                stop(pid) // past the cap: stop the plugin, not just the reading
                return false
            }
            return true
        }
        let errors = TailBuffer(keeping: stderrTail)
        drain(stderr, reading) { errors.append($0) }

        let outcome = finish(pid, watch: watch, reading: reading, output: output, errors: errors, limits: limits)
        if watch.ended == nil { // ended early (a time limit): make sure the plugin is gone before it is reaped
            stop(pid)
            _ = watch.group.wait(timeout: .now() + 5)
        }
        reading.stop()
        PluginSupervisor.live.finish(pid)
        // A signal is ending this process: the plugin it stopped is not an error to report.
        while PluginSupervisor.live.interrupted { sleep(1) }
        return try outcome.get()
    }

    /// Waits for the reply and the exit within the time limit, and says how the call went.
    /// `deadline` defaults to the time limit from now.
    static func finish(
        _ pid: pid_t, watch: ExitWatch, reading: Reading, output: some CollectedOutput, errors: TailBuffer,
        limits: PluginLimits, deadline: DispatchTime? = nil
    ) -> Result<Output, PluginError> {
        // The reply is complete when both pipes are closed, normally when the plugin exits.
        let deadline = deadline ?? DispatchTime.now() + limits.timeout
        if reading.group.wait(timeout: deadline) == .timedOut {
            // Still open at the deadline: the plugin hangs, or it exited and a process it started
            // (`cmd &` in a shell script) holds the pipes. Either way the whole group is killed.
            let exitedEarlier = watch.ended != nil
            stop(pid)
            reading.stop()
            _ = reading.group.wait(timeout: .now() + 1)
            return .failure(
                exitedEarlier
                    ? .leftRunning(seconds: limits.timeout, stderr: errors.text)
                    : .timedOut(seconds: limits.timeout, stderr: errors.text))
        }
        if output.overflowed { return .failure(.outputTooLarge(limit: limits.outputLimit, stderr: errors.text)) }
        // The pipes closed a moment before the exit, or were closed early on purpose.
        guard watch.group.wait(timeout: deadline) == .success, let ended = watch.ended else {
            stop(pid)
            return .failure(.timedOut(seconds: limits.timeout, stderr: errors.text))
        }
        switch ended {
        case .exit(let status) where status != 0: return .failure(.exited(status: status, stderr: errors.text))
        case .signal(let signal): return .failure(.killed(signal: signal, stderr: errors.text))
        default: return .success(Output(stdout: output.data, stderr: errors.text))
        }
    }

    /// Kills the plugin and everything in its process group (it leads one of its own, so
    /// `kill(-pid)` reaches a shell script's children, e.g. `sleep 30` without `exec`). Safe until
    /// `LivePlugins.finish` reaps it: until then its pid can't name another process.
    static func stop(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }

    /// How a plugin ended.
    enum Termination: Equatable {
        case exit(Int32)
        case signal(Int32)
    }

    /// True while the child `pid` runs (not yet exited; an exited, unreaped child is not running).
    static func isRunning(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return false }
        return ExitWatch.termination(info, of: pid) == nil
    }
}
