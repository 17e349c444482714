import ExternalProgramTypes
import Foundation
import MentorCore
import Testing

/// A Python plugin that speaks protocol 2 when MentorKit offers it (1 otherwise). `body` is the
/// body of `def hook(req):`, which answers every request but `describe` and returns the reply
/// (without `protocol`); `STATE` is a folder of the test's own for flags and logs.
func sessionPlugin(body: String) throws -> (path: String, state: URL) {
    let state = FileManager.default.temporaryDirectory.appending(path: "mentorkit-state-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    let script = """
        #!/usr/bin/env python3
        import json, os, sys, time
        V2 = os.environ.get("MENTORKIT_PROTOCOL") == "2"
        STATE = \(String(reflecting: state.path))
        def flag(name):
            path = os.path.join(STATE, name)
            if os.path.exists(path):
                os.remove(path)
                return True
            return False
        def log(name, text):
            with open(os.path.join(STATE, name), "a") as f:
                f.write(text + "\\n")
        def hook(req):
        \(indented)
        def answer(req):
            if req["request"] == "describe":
                return {"protocol": 2 if V2 else 1, "hooks": ["schedule"], "type": {"id": "fake", "name": "Fake",
                        "summary": "A test type.", "roles": ["mentor: one"], "examples": []}}
            reply = hook(req)
            reply["protocol"] = req["protocol"]
            return reply
        if not V2:
            sys.stdout.write(json.dumps(answer(json.load(sys.stdin))))
            sys.exit(0)
        for line in sys.stdin:
            sys.stdout.write(json.dumps(answer(json.loads(line))) + "\\n")
            sys.stdout.flush()
        """
    let path = try scripts(["mentor-program-fake": script]).appending(path: "mentor-program-fake").path
    return (path, state)
}

/// A request the fake plugins answer.
let scheduleRequest = Data(#"{"protocol":2,"request":"schedule"}"#.utf8)

/// The process id a fake plugin put in its reply (`{"meetings": [], "pid": N}` is not a valid
/// schedule, but the pool returns raw replies: these tests look at processes, not at schedules).
func replyPID(_ output: PluginProcess.Output) -> Int? {
    (try? JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])?["pid"] as? Int
}

/// Protocol 2 through `PluginPool`: one process serves many requests; crashes and limits restart
/// it; idle processes stop; no more than N run at once; protocol-1 plugins still work.
@Suite(.serialized)
struct PluginPoolTests {
    let pid = #"return {"meetings": [], "pid": os.getpid()}"#

    /// True once `pid` has ended and been reaped, within 3 s.
    func gone(_ pid: Int32) throws -> Bool {
        for _ in 0..<60 {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test("a protocol-2 plugin answers describe and every later request from one process")
    func oneProcess() throws {
        guard havePython() else { return }
        let (path, _) = try sessionPlugin(body: pid)
        let pool = try PluginPool(path: path, fileID: "fake", configuration: .command(limits: PluginLimits(timeout: 10)))
        #expect(pool.protocolVersion == 2)
        let pids = try (0..<5).map { _ in replyPID(try pool.request(scheduleRequest)) }
        #expect(Set(pids).count == 1 && pids[0] != nil, "\(pids)")
        let statistics = pool.statistics
        #expect(statistics.running == 1 && statistics.idle == 1 && statistics.started == 1, "\(statistics)")
        pool.shutdown()
        #expect(pool.statistics.running == 0)
        let gonePID = try #require(pids[0])
        #expect(try gone(Int32(gonePID)), "the plugin (pid \(gonePID)) outlived shutdown()")
    }

    @Test("the flash example through a command's handle: validate, schedule and agenda in the describing process")
    func flashOneProcess() throws {
        guard havePython() else { return }
        let pool = try PluginPool(path: flashPlugin, fileID: "flash", configuration: .command(limits: PluginLimits()))
        #expect(pool.protocolVersion == 2)
        let type = ExternalProgramType.handle(pool: pool, replies: .all)
        let yaml = try #require(type.description.examples.first?.yaml)
        let agendas = try #require(try ProgramHarness(handle: type, plans: shippedPlans).agendas(yaml)?.values.first)
        #expect(agendas.map(\.phase) == [.orientation, .ongoing, .closing])
        #expect(agendas[1].items.contains { $0.title == "Practice: presenting to council" })
        #expect(pool.statistics.started == 1)
    }

    @Test("a crash mid-request is an error naming the request and quoting stderr; the next request starts a new process")
    func crash() throws {
        guard havePython() else { return }
        let (path, state) = try sessionPlugin(
            body: """
                if flag("crash"):
                    sys.stderr.write("boom: the plugin fell over\\n")
                    sys.stderr.flush()
                    os._exit(3)
                return {"meetings": [], "pid": os.getpid()}
                """)
        let pool = try PluginPool(path: path, fileID: "fake", configuration: .init(processes: 1, idleTimeout: nil))
        let first = replyPID(try pool.request(scheduleRequest))
        _ = FileManager.default.createFile(atPath: state.appending(path: "crash").path, contents: nil)
        let error = #expect(throws: PluginError.self) { try pool.request(scheduleRequest) }
        #expect(
            error?.problem.hasPrefix("exited with status 3 during its request number 3 since it started (it had answered 2)") == true,
            "\(String(describing: error))")
        #expect(error?.problem.contains("boom: the plugin fell over") == true, "\(String(describing: error))")
        let second = replyPID(try pool.request(scheduleRequest))
        #expect(first != nil && second != nil && first != second)
        #expect(pool.statistics.started == 2)
    }

    @Test("a request past the time limit or the size limit kills the process; the next one gets a new process")
    func limits() throws {
        guard havePython() else { return }
        let (path, state) = try sessionPlugin(
            body: """
                if flag("hang"):
                    time.sleep(30)
                if flag("big"):
                    return {"meetings": [], "filler": "x" * 100000}
                return {"meetings": [], "pid": os.getpid()}
                """)
        let limits = PluginLimits(timeout: 3, outputLimit: 64 * 1024)
        let pool = try PluginPool(path: path, fileID: "fake", configuration: .init(processes: 1, idleTimeout: nil, limits: limits))
        let first = try #require(replyPID(try pool.request(scheduleRequest)))

        _ = FileManager.default.createFile(atPath: state.appending(path: "big").path, contents: nil)
        #expect(throws: PluginError.outputTooLarge(limit: 64 * 1024, stderr: "")) { try pool.request(scheduleRequest) }
        #expect(try gone(Int32(first)), "the plugin that wrote too much is still running")
        let second = try #require(replyPID(try pool.request(scheduleRequest)))
        #expect(second != first)

        _ = FileManager.default.createFile(atPath: state.appending(path: "hang").path, contents: nil)
        let started = Date()
        #expect(throws: PluginError.timedOut(seconds: 3, stderr: "")) { try pool.request(scheduleRequest) }
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(try gone(Int32(second)), "the plugin that hung is still running")
        let third = try #require(replyPID(try pool.request(scheduleRequest)))
        #expect(third != second)
        #expect(pool.statistics.started == 3)
    }

    @Test("an idle process is stopped after the idle timeout, and the next request starts another")
    func idleStop() throws {
        guard havePython() else { return }
        let (path, _) = try sessionPlugin(body: pid)
        let pool = try PluginPool(path: path, fileID: "fake", configuration: .init(processes: 2, idleTimeout: 0.3))
        let first = try #require(replyPID(try pool.request(scheduleRequest)))
        #expect(pool.statistics.running == 1)
        let deadline = Date().addingTimeInterval(5)
        while pool.statistics.running > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(pool.statistics.running == 0)
        #expect(try gone(Int32(first)), "the idle plugin (pid \(first)) is still running")
        let second = try #require(replyPID(try pool.request(scheduleRequest)))
        #expect(second != first)
    }

    @Test("no more than N processes run at once, however many requests come together")
    func bound() throws {
        guard havePython() else { return }
        let (path, state) = try sessionPlugin(
            body: """
                log("pids", str(os.getpid()))
                time.sleep(0.2)
                return {"meetings": [], "pid": os.getpid()}
                """)
        let pool = try PluginPool(path: path, fileID: "fake", configuration: .init(processes: 2, idleTimeout: nil))
        let peak = Peak()
        let failures = Peak()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                _ = try pool.request(scheduleRequest)
            } catch {
                failures.record(1)
            }
            peak.record(pool.statistics.running)
        }
        #expect(failures.value == 0)
        #expect(peak.value <= 2)
        let pids = Set(try String(contentsOf: state.appending(path: "pids"), encoding: .utf8).split(separator: "\n"))
        #expect(pids.count <= 2, "\(pids)")
        #expect(pool.statistics.started <= 2)
    }

    @Test("a restart is refused when checkBeforeStart gives a reason (a file changed since trusted)")
    func refusedRestart() throws {
        guard havePython() else { return }
        let (path, state) = try sessionPlugin(
            body: """
                if flag("crash"):
                    os._exit(1)
                return {"meetings": [], "pid": os.getpid()}
                """)
        let refuse = state.appending(path: "refuse").path
        let configuration = PluginPool.Configuration(processes: 1, idleTimeout: nil) { checked in
            FileManager.default.fileExists(atPath: refuse) ? "'\(checked)' changed since it was trusted" : nil
        }
        let pool = try PluginPool(path: path, fileID: "fake", configuration: configuration)
        #expect(replyPID(try pool.request(scheduleRequest)) != nil)
        _ = FileManager.default.createFile(atPath: refuse, contents: nil)
        _ = FileManager.default.createFile(atPath: state.appending(path: "crash").path, contents: nil)
        #expect(throws: PluginError.self) { try pool.request(scheduleRequest) }
        #expect(throws: PluginError.refused(reason: "'\(path)' changed since it was trusted")) { try pool.request(scheduleRequest) }
        try FileManager.default.removeItem(atPath: refuse)
        #expect(replyPID(try pool.request(scheduleRequest)) != nil)
    }

    @Test("a protocol-1 plugin through the pool: one process per request, answers as before")
    func protocolOne() throws {
        let times = FileManager.default.temporaryDirectory.appending(path: "mentorkit-times-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: times) }
        // Writes when it starts reading and when its input ends (the wrapper the describe goes through).
        let path = try scripts([
            "mentor-program-fake": """
            #!/bin/sh
            date +%s.%N >> '\(times)'
            REQ=$(mktemp); cat > "$REQ"
            date +%s.%N >> '\(times)'
            if grep -q '"request":"describe"' "$REQ"; then
              printf '%s' '{"protocol":1,"hooks":["schedule"],"type":{"id":"fake","name":"Fake","summary":"A test type.","roles":["mentor: one"],"examples":[]}}'
            else
              printf '{"protocol":1,"meetings":[],"pid":%s}' $$
            fi
            rm -f "$REQ"
            """
        ]).appending(path: "mentor-program-fake").path
        let pool = try PluginPool(path: path, fileID: "fake", configuration: .init(processes: 2, idleTimeout: 0.3))
        #if os(Linux)
            // Linux sees `cat` waiting for the end of the request and closes it at once, well before
            // the quiet window of a second.
            let stamps = try String(contentsOfFile: times, encoding: .utf8).split(separator: "\n").compactMap { Double($0) }
            #expect(stamps.count == 2 && stamps[1] - stamps[0] < 0.9, "\(stamps)")
        #endif
        #expect(pool.protocolVersion == 1)
        let request = Data(#"{"protocol":1,"request":"schedule"}"#.utf8)
        let pids = try (0..<3).map { _ in replyPID(try pool.request(request)) }
        #expect(Set(pids).count == 3, "\(pids)")
        #expect(pool.statistics.running == 0)
    }

    @Test("a plugin that answers describe in protocol 2 but exits is run one process per request")
    func describedTwoButExits() throws {
        // Answers one request and exits whatever the environment says.
        let describe =
            #"{"protocol":2,"hooks":["schedule"],"type":{"id":"fake","name":"Fake","summary":"A test type.","roles":["mentor: one"],"examples":[]}}"#
        let path = try scripts([
            "mentor-program-fake": """
            #!/bin/sh
            read -r line
            case "$line" in *describe*) printf '%s\\n' '\(describe)';; *) printf '{"protocol":2,"meetings":[],"pid":%s}\\n' $$;; esac
            """
        ]).appending(path: "mentor-program-fake").path
        let pool = try PluginPool(path: path, fileID: "fake", configuration: .command(limits: PluginLimits(timeout: 5)))
        #expect(pool.protocolVersion == 2)
        // Its session ended when it exited: the first request finds it gone and starts another.
        let first = replyPID(try pool.request(scheduleRequest))
        #expect(first != nil)
    }
}

/// The largest value recorded, from several threads.
final class Peak: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    func record(_ value: Int) { lock.withLock { peak = max(peak, value) } }
    var value: Int { lock.withLock { peak } }
}
