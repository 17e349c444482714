import CProcessControl
import Foundation

// MARK: - Which protocol a plugin speaks

extension PluginConnection {
    /// Sends the first request (`describe`) to a new process and learns which protocol it speaks.
    ///
    /// The request is written as one line and standard input is left open. A protocol-2 plugin
    /// (it finds `MENTORKIT_PROTOCOL=2` in its environment) answers with one line saying
    /// `"protocol": 2` and waits for the next request: the connection is returned, alive. A
    /// protocol-1 plugin reads standard input to its end before it answers, so it must be told that
    /// the request is complete: once it is seen waiting for more input with nothing written, its
    /// standard input is closed and the call ends as a one-shot call (`session` is nil). Seen how:
    /// on Linux, a process of its group blocked in `read` on the request pipe (`/proc`); anywhere,
    /// no output for `quietWindow` seconds after the request has been read whole (`FIONREAD`). Guessing wrong costs time, never correctness: a
    /// protocol-2 plugin whose input closed answers and exits, and is then run one process per
    /// request.
    static func negotiate(_ path: String, request: Data, limits: PluginLimits)
        throws(PluginError) -> (output: PluginProcess.Output, session: PluginConnection?)
    {
        let connection = try start(path, outputLimit: limits.outputLimit)
        let deadline = Date().addingTimeInterval(limits.timeout)
        let window = quietWindow(limits)
        var quietSince: Date? // when the request was seen read whole with nothing written since
        guard connection.writeOnly(request + Data([0x0A]), until: deadline) else {
            // It exited (or closed its input) without reading: report it as a one-shot call would.
            return (try connection.finishAsOneShot(limits: limits, deadline: deadline).get(), nil)
        }
        var blockedProbes = 0
        while true {
            let step = min(deadline, Date().addingTimeInterval(0.004))
            switch connection.output.line(until: step, take: false) {
            case .line(let line):
                guard Self.protocolVersion(of: line) == 2 else { break }
                _ = connection.output.line(until: deadline) // take it
                connection.countAnswer()
                return (PluginProcess.Output(stdout: line, stderr: connection.errors.text), connection)
            case .overflow:
                connection.stop()
                throw .outputTooLarge(limit: limits.outputLimit, stderr: connection.errors.text)
            case .closed: break
            case .timedOut:
                if Date() >= deadline {
                    connection.stop()
                    throw .timedOut(seconds: limits.timeout, stderr: connection.errors.text)
                }
                guard connection.output.pendingCount == 0 else { continue } // a reply is on its way
                // The quiet window counts from when the request has been read (a slow start, such as
                // an interpreter on a loaded machine, leaves it in the pipe), where that can be seen.
                guard (connection.unreadInput ?? 0) == 0 else { continue }
                quietSince = quietSince ?? Date()
                blockedProbes = connection.waitsForInput() ? blockedProbes + 1 : 0
                if blockedProbes < 2 && Date().timeIntervalSince(quietSince ?? Date()) < window { continue }
            }
            // A protocol-1 plugin (or one that answered and exits): finish as a one-shot call.
            return (try connection.finishAsOneShot(limits: limits, deadline: deadline).get(), nil)
        }
    }

    /// Seconds without output after which a plugin is taken to be waiting for the end of its input:
    /// 1 s on Linux (where `/proc` usually tells sooner), 0.3 s elsewhere, and at most a third of
    /// the time limit.
    static func quietWindow(_ limits: PluginLimits) -> Double {
        #if os(Linux)
            let window = 1.0
        #else
            let window = 0.3
        #endif
        return min(window, limits.timeout / 3)
    }

    /// The `protocol` of a reply line, when it is a JSON object that has a whole number there.
    static func protocolVersion(of line: Data) -> Int? {
        guard let root = try? Field.parse(line), case .object(let members) = root.value,
            case .int(let version)? = members["protocol"]
        else { return nil }
        return version
    }

    /// True when a process of the plugin's (on Linux) is blocked in `read` on the request pipe,
    /// the plugin's standard input: it waits for the end of its input, as a protocol-1 plugin does.
    /// The plugin's process and its descendants are looked at (a shell script's `cat` is a child).
    func waitsForInput() -> Bool {
        #if os(Linux)
            let readCall = mentorkit_read_syscall()
            guard readCall >= 0, inputInode != 0 else { return false }
            let pipeName = "pipe:[\(inputInode)]"
            var queue: [pid_t] = [pid]
            var looked = 0
            while let process = queue.popLast(), looked < 64 {
                looked += 1
                let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process)/task")) ?? []
                for task in tasks {
                    let base = "/proc/\(process)/task/\(task)"
                    if let call = try? String(contentsOfFile: base + "/syscall", encoding: .utf8) {
                        let fields = call.split(separator: " ")
                        if fields.count > 1, Int(fields[0]) == readCall, fields[1] == "0x0",
                            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process)/fd/0")) == pipeName
                        {
                            return true
                        }
                    }
                    if let children = try? String(contentsOfFile: base + "/children", encoding: .utf8) {
                        queue += children.split(separator: " ").compactMap { pid_t($0) }
                    }
                }
            }
            return false
        #else
            return false
        #endif
    }
}
