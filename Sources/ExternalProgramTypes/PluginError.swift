import MentorCore

/// How running an external program type plugin went wrong. Each case says what happened
/// (`problem`) and what to do (`advice`); `ProgramTypeError.pluginFailed` carries both to the user.
public enum PluginError: Error, Equatable, CustomStringConvertible {
    /// The executable could not be started.
    case launchFailed(reason: String)
    /// No reply within the time limit; the process was killed.
    case timedOut(seconds: Double, stderr: String)
    /// The plugin exited, but a process it started kept its output open past the time limit;
    /// that process was killed.
    case leftRunning(seconds: Double, stderr: String)
    /// The reply grew past the output cap; the process was killed.
    case outputTooLarge(limit: Int, stderr: String)
    /// The process exited with a non-zero status.
    case exited(status: Int32, stderr: String)
    /// The process died of a signal it was not sent by MentorKit.
    case killed(signal: Int32, stderr: String)
    /// The reply is not JSON.
    case notJSON(reason: String, stderr: String)
    /// The reply speaks another protocol version (or none) than the `expected` one.
    case wrongProtocol(found: String, expected: Int)
    /// A value in the reply is not what the protocol expects; `path` is a JSON path like `$.shapes[0].minutes`.
    case badReply(path: String, expected: String, found: String)
    /// The reply has a key the protocol doesn't define.
    case unexpectedKey(path: String, key: String, allowed: [String])
    /// A protocol-2 plugin ended (exited, was killed, closed its output or input) in the middle of
    /// a conversation; `answered` requests had been answered before the one that failed.
    case sessionEnded(how: String, answered: Int, stderr: String)
    /// MentorKit refused to start the plugin (e.g. its file changed since it was trusted).
    case refused(reason: String)
    /// The plugin answered `{"protocol": 1, "error": "..."}`.
    case reportedError(message: String)
    /// `describe` gave an id that doesn't match the file name `mentor-program-ID`.
    case idMismatch(fileID: String, described: String)

    /// What happened, as it reads after the plugin's name: "timed out after 10 s".
    public var problem: String {
        switch self {
        case .launchFailed(let reason): return "could not be started (\(reason))"
        case .timedOut(let seconds, let stderr): return "timed out after \(Self.seconds(seconds))" + Self.quote(stderr)
        case .leftRunning(let seconds, let stderr):
            return "exited, but a process it started kept standard output open past the time limit of \(Self.seconds(seconds))"
                + Self.quote(stderr)
        case .outputTooLarge(let limit, let stderr):
            return "wrote more than \(limit / 1024) KiB to standard output" + Self.quote(stderr)
        case .exited(let status, let stderr): return "exited with status \(status)" + Self.quote(stderr)
        case .killed(let signal, let stderr): return "was killed by signal \(signal)" + Self.quote(stderr)
        case .notJSON(let reason, let stderr): return "answered with something that is not JSON (\(reason))" + Self.quote(stderr)
        case .sessionEnded(let how, let answered, let stderr):
            return "\(how) during its request number \(answered + 1) since it started (it had answered \(answered))"
                + Self.quote(stderr)
        case .wrongProtocol(let found, let expected): return "speaks protocol \(found), but MentorKit speaks protocol \(expected)"
        case .badReply(let path, let expected, let found): return "answered badly: at \(path) expected \(expected), found \(found)"
        case .unexpectedKey(let path, let key, let allowed):
            return "answered badly: at \(path) unexpected key '\(key)' (allowed: \(allowed.joined(separator: ", ")))"
        case .reportedError(let message): return "reported an error: \(message)"
        case .refused(let reason): return "was not started: \(reason)"
        case .idMismatch(let fileID, let described):
            return "describes itself as '\(described)', but its file name says '\(fileID)'"
        }
    }

    /// What to do about it.
    public var advice: String {
        switch self {
        case .launchFailed:
            return
                "check that the file is a program this machine can run (its first line names an interpreter, e.g. '#!/usr/bin/env python3') and that nothing is still writing it"
        case .timedOut:
            return
                "a plugin must read one request from standard input and answer at once; raise the limit with MENTORKIT_PLUGIN_TIMEOUT=SECONDS if it is just slow"
        case .leftRunning:
            return "a plugin must not leave processes running; wait for them, or send their output elsewhere ('cmd > /dev/null 2>&1 &')"
        case .outputTooLarge: return "a reply holds one JSON object; write logs to standard error"
        case .exited, .killed: return "its standard error is quoted above; run it by hand with the request on standard input to see more"
        case .sessionEnded:
            return "its standard error is quoted above; a protocol-2 plugin answers each request with one line "
                + "and keeps reading until its standard input closes; run it by hand with MENTORKIT_PROTOCOL=2 to see more"
        case .notJSON: return "write exactly one JSON object to standard output and logs to standard error"
        case .wrongProtocol(_, let expected): return "answer with \"protocol\": \(expected) (see Plugins/ExternalProtocol/)"
        case .badReply, .unexpectedKey: return "see the reply schema in Plugins/ExternalProtocol/reply.schema.json"
        case .reportedError, .refused: return ""
        case .idMismatch(let fileID, _):
            return "name the file 'mentor-program-ID' after the id it describes, or describe the id '\(fileID)'"
        }
    }

    public var description: String { advice.isEmpty ? problem : problem + "; " + advice }

    /// The error as the engine reports it, naming the plugin and the hook.
    public func programTypeError(type: String, path: String, hook: String) -> ProgramTypeError {
        .pluginFailed(type: type, path: path, hook: hook, problem: problem, advice: advice)
    }

    // MARK: - Formatting

    /// "10 s", "0.5 s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// Characters of standard error quoted at most.
    static let quoteLimit = 500

    /// The last lines of standard error, quoted: `; it said: "Traceback …"`; empty when there were none.
    static func quote(_ stderr: String) -> String {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true).suffix(5)
        guard !lines.isEmpty else { return "" }
        let text = lines.joined(separator: " / ")
        // A log without line breaks would otherwise be quoted whole (up to the 8 KiB kept).
        let tail = text.count > quoteLimit ? "…" + text.suffix(quoteLimit) : text
        return " (its standard error ends: \"\(tail)\")"
    }
}
