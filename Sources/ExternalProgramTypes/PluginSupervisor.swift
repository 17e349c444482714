import CProcessControl
import Foundation

/// Keeps track of the plugin processes running now, so that none outlives the command.
///
/// Every plugin is started as the leader of a process group of its own, so `kill(-pid)` reaches
/// what it starts. For a process that leaves the group (`setsid`), and for Ctrl-C, a command-line
/// tool calls `superviseThisProcess()` once: on Linux MentorKit becomes a child subreaper, so such
/// a process is re-parented to it when the plugin exits, and is ended after each call and at exit;
/// SIGINT, SIGTERM and SIGHUP (unless ignored) are caught and forwarded to every running plugin's group, which is killed if it
/// hasn't ended within a second, before MentorKit exits with 128 + the signal's number.
public enum PluginSupervisor {
    /// Becomes the supervisor of this process's plugins: subreaper (Linux), signal forwarding, and
    /// a sweep at exit. For a process whose only child processes are plugins, such as `mentor`;
    /// calling it again does nothing.
    public static func superviseThisProcess() {
        live.startSupervising()
    }

    /// Grace given to plugins after a forwarded signal before they are killed.
    static let grace = 1.0

    /// The running plugins.
    static let live = LivePlugins()
}

/// The running plugins' process ids, and what to remove when the process is interrupted.
final class LivePlugins: @unchecked Sendable {
    private let lock = NSLock()
    private var pids: [pid_t: String] = [:] // pid → its request file ("" for a plugin spoken to over a pipe)
    private var supervising = false
    private var interruptedBy: Int32?

    /// Runs `spawn` under the lock and records the pid it returns, so that a sweep never takes a
    /// plugin that has just started for a stray process.
    func spawn(requestFile: String, _ spawn: () -> (pid: pid_t, error: Int32)) -> (pid: pid_t, error: Int32) {
        lock.withLock {
            let result = spawn()
            if result.error == 0 { pids[result.pid] = requestFile }
            return result
        }
    }

    /// Ends what the plugin `pid` left in its group, reaps it and forgets it; then, when supervising,
    /// ends processes that escaped its group and were re-parented to this one.
    func finish(_ pid: pid_t) {
        lock.withLock {
            kill(-pid, SIGKILL) // the leader has exited (or is killed): its group is what it left behind
            kill(pid, SIGKILL)
            pids[pid] = nil
            Self.reap(pid, within: 2)
            if supervising { sweepStrays() }
        }
    }

    /// True once a signal has asked this process to stop: a plugin that then ends is not an error
    /// to report, the process is about to exit with the signal's status.
    var interrupted: Bool { lock.withLock { interruptedBy != nil } }

    func startSupervising() {
        lock.withLock {
            guard !supervising else { return }
            supervising = true
            #if os(Linux)
                _ = mentorkit_become_child_subreaper()
            #endif
            let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
            let pipe = signals.withUnsafeBufferPointer { mentorkit_signal_pipe($0.baseAddress, Int32($0.count)) }
            if pipe >= 0 {
                Thread { [self] in
                    var number: UInt8 = 0
                    while true {
                        let count = read(pipe, &number, 1)
                        if count == 1 { interrupt(Int32(number)) }
                        if count == 0 || (count < 0 && errno != EINTR) { return }
                    }
                }.start()
            }
            atexit { PluginSupervisor.live.sweepAtExit() }
        }
    }

    /// Forwards `number` to every plugin's group, kills them after the grace period, removes their
    /// request files and exits with 128 + `number`.
    private func interrupt(_ number: Int32) {
        let running: [pid_t] = lock.withLock {
            interruptedBy = interruptedBy ?? number
            for pid in pids.keys {
                kill(-pid, number)
                kill(pid, number)
            }
            return Array(pids.keys)
        }
        let deadline = Date().addingTimeInterval(PluginSupervisor.grace)
        while Date() < deadline, running.contains(where: { PluginProcess.isRunning($0) }) { usleep(20_000) }
        sweepAtExit()
        exit(128 + number)
    }

    /// Kills every plugin still running and every stray process, and removes the request files.
    func sweepAtExit() {
        lock.withLock {
            for (pid, requestFile) in pids {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                if !requestFile.isEmpty { unlink(requestFile) }
            }
            if supervising { sweepStrays() }
        }
    }

    /// Kills and reaps this process's children that are not running plugins: processes that left
    /// a plugin's group and were re-parented here after the plugin exited (Linux, as a subreaper).
    /// Each one killed may leave children of its own, re-parented here too: hence the rounds.
    /// The caller holds the lock.
    private func sweepStrays() {
        #if os(Linux)
            for _ in 0..<8 {
                let strays = Self.children().filter { pids[$0.pid] == nil }
                guard !strays.isEmpty else { return }
                for stray in strays {
                    if stray.group == stray.pid { kill(-stray.pid, SIGKILL) }
                    kill(stray.pid, SIGKILL)
                }
                for stray in strays { Self.reap(stray.pid, within: 1) }
            }
        #endif
    }

    /// Waits up to `seconds` for the killed child `pid` to end, and reaps it.
    private static func reap(_ pid: pid_t, within seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) || Date() >= deadline { return }
            usleep(2_000)
        }
    }

    /// This process's children, from `/proc/*/stat`: pid and process group.
    static func children() -> [(pid: pid_t, group: pid_t)] {
        let me = getpid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { name -> (pid: pid_t, group: pid_t)? in
            guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return nil }
            // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            guard fields.count > 2, pid_t(fields[1]) == me, let group = pid_t(fields[2]) else { return nil }
            return (pid, group)
        }
    }
}
