import ExternalProgramTypes
import Foundation
import MentorCore
import Testing

/// Plugins that crash, hang or answer badly give one clear error naming the plugin and the hook,
/// reported at the program file's `type:`; the engine keeps running.
struct PluginFailureTests {
    /// The errors loading a program of type `fake` with the plugin at `path`.
    func loadErrors(_ path: String, limits: PluginLimits = PluginLimits(timeout: 5)) throws -> [String] {
        let handle = try ExternalProgramType.handle(path: path, fileID: "fake", limits: limits)
        let result = ProgramHarness(handle: handle, plans: shippedPlans).load(pairProgram(type: "fake"))
        return result.diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    @Test("a plugin that hangs is killed at the time limit")
    func hang() throws {
        let path = try fakePlugin(body: "exec sleep 30")
        let started = Date()
        let errors = try loadErrors(path, limits: PluginLimits(timeout: 0.5))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(
            errors == [
                "program.yaml:2:7: error: program type plugin 'fake' (\(path)) timed out after 0.5 s during 'validate'; "
                    + "a plugin must read one request from standard input and answer at once; "
                    + "raise the limit with MENTORKIT_PLUGIN_TIMEOUT=SECONDS if it is just slow"
            ])
    }

    @Test("a hanging shell script's children are killed with it")
    func hangWithChild() throws {
        let pidFile = FileManager.default.temporaryDirectory.appending(path: "mentorkit-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let path = try fakePlugin(body: "sleep 30 & echo $! > '\(pidFile)'; wait")
        let started = Date()
        let errors = try loadErrors(path, limits: PluginLimits(timeout: 0.5))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(errors.first?.contains("timed out after 0.5 s during 'validate'") == true, "\(errors)")
        let child = try #require(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try gone(child), "the plugin's child 'sleep 30' (pid \(child)) was left running")
    }

    @Test("a plugin that exits leaving a process holding its output is an error, and the process is killed")
    func leftRunning() throws {
        let pidFile = FileManager.default.temporaryDirectory.appending(path: "mentorkit-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let path = try fakePlugin(body: #"sleep 30 & echo $! > '\#(pidFile)'; printf '{"protocol":1,"issues":[]}'; exit 0"#)
        let started = Date()
        let errors = try loadErrors(path, limits: PluginLimits(timeout: 1))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(
            errors.first?.contains(
                "exited, but a process it started kept standard output open past the time limit of 1 s "
                    + "during 'validate'; a plugin must not leave processes running") == true, "\(errors)")
        let child = try #require(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try gone(child))
    }

    @Test("a background process whose output goes elsewhere doesn't hold the reply up")
    func backgroundElsewhere() throws {
        let path = try fakePlugin(hooks: ["validate"], body: #"sleep 3 > /dev/null 2>&1 & printf '{"protocol":1,"issues":[]}'"#)
        let started = Date()
        #expect(try loadErrors(path, limits: PluginLimits(timeout: 10)) == [])
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    /// True once `pid` has ended (a zombie waiting for its reaper counts as ended), within 3 s.
    func gone(_ pid: Int32) throws -> Bool {
        for _ in 0..<30 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/ps")
            process.arguments = ["-o", "stat=", "-p", "\(pid)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let state = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            process.waitUntilExit()
            if state.isEmpty || state.hasPrefix("Z") { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    @Test("a crash names the exit status and quotes the end of standard error")
    func crash() throws {
        let path = try fakePlugin(body: "echo 'Traceback (most recent call last):' >&2; echo 'KeyError: group' >&2; exit 3")
        let errors = try loadErrors(path)
        #expect(errors.count == 1)
        #expect(
            errors.first?.contains(
                "program type plugin 'fake' (\(path)) exited with status 3 (its standard error ends: "
                    + "\"Traceback (most recent call last): / KeyError: group\") during 'validate'") == true, "\(errors)")
    }

    @Test("a long standard error without line breaks is quoted by its end, not whole")
    func longStandardError() throws {
        let errors = try loadErrors(try fakePlugin(body: "yes x | head -c 3000 | tr -d '\\n' >&2; printf 'THE END' >&2; exit 1"))
        let message = try #require(errors.first)
        #expect(message.contains("(its standard error ends: \"…" + String(repeating: "x", count: 493) + "THE END\")"), "\(message)")
        #expect(message.count < 900, "\(message.count) characters")
    }

    @Test("a plugin file busy for a moment (open for writing) is started once free; one that stays busy is reported")
    func textFileBusy() throws {
        let path = try fakePlugin(body: "exit 0")
        let writer = open(path, O_WRONLY)
        try #require(writer >= 0)
        let release = Thread {
            Thread.sleep(forTimeInterval: 0.08)
            close(writer)
        }
        release.start()
        let described = try ExternalProgramType.describe(path: path, fileID: "fake", limits: PluginLimits(timeout: 5))
        #expect(described.description.id == "fake")

        let busy = open(path, O_WRONLY)
        defer { close(busy) }
        let error = #expect(throws: ProgramTypeError.self) {
            _ = try ExternalProgramType.describe(path: path, fileID: "fake", limits: PluginLimits(timeout: 5))
        }
        #expect(
            error?.description.hasPrefix("program type plugin 'fake' (\(path)) could not be started (Text file busy) during 'describe'")
                == true,
            "\(String(describing: error))")
    }

    @Test("a plugin killed by a signal says which")
    func signal() throws {
        let errors = try loadErrors(try fakePlugin(body: "kill -SEGV $$"))
        #expect(errors.first?.contains("was killed by signal 11 during 'validate'") == true, "\(errors)")
    }

    @Test("output past the cap stops the plugin")
    func hugeOutput() throws {
        let errors = try loadErrors(try fakePlugin(body: "exec yes"), limits: PluginLimits(timeout: 5, outputLimit: 64 * 1024))
        #expect(
            errors.first?.contains(
                "wrote more than 64 KiB to standard output during 'validate'; "
                    + "a reply holds one JSON object; write logs to standard error") == true, "\(errors)")
    }

    @Test(
        "bad replies are rejected with the JSON path, what was expected and what was found",
        arguments: [
            (#"printf 'hello'"#, "answered with something that is not JSON (hello…)"),
            (
                #"printf '{"protocol":2,"issues":[]}'"#,
                "speaks protocol 2, but MentorKit speaks protocol 1 during 'validate'; answer with \"protocol\": 1"
            ),
            (#"printf '{"issues":[]}'"#, "speaks protocol none, but MentorKit speaks protocol 1"),
            (
                #"printf '{"protocol":1,"issues":[{"severity":"fatal","message":"x"}]}'"#,
                "answered badly: at $.issues[0].severity expected one of \"error\", \"warning\", found \"fatal\" during 'validate'; "
                    + "see the reply schema in Plugins/ExternalProtocol/reply.schema.json"
            ),
            (
                #"printf '{"protocol":1,"issues":[{"severity":"error","mesage":"x"}]}'"#,
                "answered badly: at $.issues[0] unexpected key 'mesage' (allowed: severity, message, group, person)"
            ),
            (
                #"printf '{"protocol":1,"issues":[{"severity":"error","message":"x","group":"nope"}]}'"#,
                "answered badly: at $.issues[0].group expected the id of one of the program's groups, found \"nope\""
            ),
            (#"printf '{"protocol":1,"issues":{}}'"#, "answered badly: at $.issues expected an array, found an object"),
            (
                #"printf '{"protocol":1,"error":"no licence for this site"}'"#,
                "reported an error: no licence for this site during 'validate'"
            ),
        ])
    func badReplies(_ body: String, _ message: String) throws {
        let errors = try loadErrors(try fakePlugin(body: body))
        #expect(errors.count == 1)
        #expect(errors.first?.contains(message) == true, "\(errors)")
    }

    @Test("issues a plugin reports are placed at the group they name")
    func issuesAtGroup() throws {
        let path = try fakePlugin(
            hooks: ["validate"], body: #"printf '{"protocol":1,"issues":[{"severity":"warning","message":"check this pair","group":"g"}]}'"#
        )
        let handle = try ExternalProgramType.handle(path: path, fileID: "fake", limits: PluginLimits(timeout: 5))
        let diagnostics = ProgramHarness(handle: handle, plans: shippedPlans).load(pairProgram(type: "fake")).diagnostics
        #expect(diagnostics.map(\.description) == ["program.yaml:10:5: warning: check this pair"])
    }

    @Test("a plugin whose file name and description disagree is refused at describe")
    func idMismatch() throws {
        let path = try fakePlugin(id: "fake", body: "exit 0")
        #expect(
            throws: ProgramTypeError.pluginFailed(
                type: "other", path: path, hook: "describe", problem: "describes itself as 'fake', but its file name says 'other'",
                advice: "name the file 'mentor-program-ID' after the id it describes, or describe the id 'other'")
        ) {
            _ = try ExternalProgramType.handle(path: path, fileID: "other", limits: PluginLimits(timeout: 5))
        }
    }

    @Test("hooks a plugin doesn't list use the defaults without starting it")
    func defaults() throws {
        // Any request but describe would fail loudly: the plugin implements no hooks.
        let path = try fakePlugin(hooks: [], body: "exit 9")
        let handle = try ExternalProgramType.handle(path: path, fileID: "fake", limits: PluginLimits(timeout: 5))
        let agendas = try #require(try ProgramHarness(handle: handle, plans: shippedPlans).agendas(pairProgram(type: "fake"))?["g"])
        #expect(agendas.count == 12)
        #expect(agendas.allSatisfy { $0.items.reduce(0) { $0 + $1.minutes } == 60 })
    }

    @Test("overhead of one plugin call (a shell script answering describe)")
    func overhead() throws {
        let path = try fakePlugin(body: "exit 0")
        let calls = 20
        let started = Date()
        for _ in 0..<calls { _ = try ExternalProgramType.describe(path: path, fileID: "fake", limits: PluginLimits()) }
        let each = Date().timeIntervalSince(started) / Double(calls)
        print("plugin call overhead: \(Int(each * 1000)) ms per call (sh, describe)")
        #expect(each < 1, "a call should take milliseconds, not seconds")
    }
}

/// The engine checks what any type answers, so a bad answer gives an error instead of a broken agenda.
struct EngineCheckTests {
    func program() throws -> (Program, [PlanTemplate]) {
        let result = ProgramHarness(type: Plain.self, plans: shippedPlans).load(pairProgram(type: "plain"))
        return (try #require(result.program), result.plans)
    }

    enum Plain: ProgramType {
        static let description = ProgramTypeDescription(id: "plain", name: "Plain", summary: "s", roles: ["r"], examples: [])
    }

    func handle(_ change: (inout ProgramTypeHandle.Hooks) -> Void) -> ProgramTypeHandle {
        var hooks = ProgramTypeHandle.Hooks.defaults
        change(&hooks)
        return ProgramTypeHandle(description: Plain.description, origin: .external(path: "plugins/mentor-program-plain"), hooks: hooks)
    }

    @Test("fixed items longer than the meeting are an error naming the meeting")
    func tooLong() throws {
        let (program, plans) = try program()
        let type = handle { hooks in
            hooks.shapes = { contexts in
                contexts.map { context in
                    var shape = AgendaShape.standard(for: context)
                    if context.meeting.number == 4 {
                        shape.opening.append(AgendaItem(kind: .skill, title: "Long", minutes: 55, lead: "Ann"))
                    }
                    return shape
                }
            }
        }
        let builder = AgendaBuilder(program: program, plans: plans, type: type)
        #expect(
            throws: ProgramTypeError.unsoundAnswer(
                type: "plain", origin: .external(path: "plugins/mentor-program-plain"), hook: "agenda",
                reason: "group 'g' meeting 4: the type's own items take 65 minutes (each at least 1), but the meeting has 60")
        ) {
            _ = try builder.agendas(for: program.groups[0])
        }
    }

    @Test(
        "a schedule out of order or misnumbered is an error",
        arguments: [
            ([1, 3], "group 'g': meeting 2 is numbered 3; number meetings 1, 2, 3, … in order"),
            ([], "group 'g': the schedule has no meetings"),
        ])
    func badSchedule(_ numbers: [Int], _ reason: String) throws {
        let (program, plans) = try program()
        let type = handle { hooks in
            hooks.schedule = { context in numbers.map { Meeting(number: $0, date: context.program.starts, phase: .ongoing) } }
        }
        let error = #expect(throws: ProgramTypeError.self) {
            _ = try AgendaBuilder(program: program, plans: plans, type: type).agendas(for: program.groups[0])
        }
        #expect(
            error?.description == "program type plugin 'plain' (plugins/mentor-program-plain) gave an unusable answer "
                + "to 'schedule': \(reason)")
    }
}

/// A plugin is started once per distinct request: loading and the command ask for some of the
/// same things, and each start costs a process launch.
struct ReplyReuseTests {
    @Test("an identical request is answered from the first reply; a different one starts the plugin")
    func reuse() throws {
        let log = FileManager.default.temporaryDirectory.appending(path: "mentorkit-calls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let path = try fakePlugin(hooks: ["validate"], body: #"echo call >> '\#(log)'; printf '{"protocol":1,"issues":[]}'"#)
        let handle = try ExternalProgramType.handle(path: path, fileID: "fake", limits: PluginLimits(timeout: 5))
        let result = ProgramHarness(handle: handle, plans: shippedPlans).load(pairProgram(type: "fake"))
        let program = try #require(result.program)
        func calls() -> Int { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count }
        let afterLoad = calls()
        #expect(afterLoad == 1)
        _ = try handle.validate(program)
        #expect(calls() == afterLoad, "the same program is not sent again")
        var changed = program
        changed.name = "Another Program"
        _ = try handle.validate(changed)
        #expect(calls() == afterLoad + 1)
    }

    @Test("loading asks for the first group's shapes as the agenda does, so that group's agendas cost no second call")
    func firstGroupShapes() throws {
        guard havePython() else { return }
        let log = FileManager.default.temporaryDirectory.appending(path: "mentorkit-calls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let standard =
            #"import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps({"protocol":1,"shapes":[m["standard"] for m in r["meetings"]]}))"#
        let path = try fakePlugin(hooks: ["agenda"], body: "echo call >> '\(log)'; python3 -c '\(standard)' \"$REQ\"")
        let handle = try ExternalProgramType.handle(path: path, fileID: "fake", limits: PluginLimits(timeout: 5))
        let agendas = try #require(try ProgramHarness(handle: handle, plans: shippedPlans).agendas(pairProgram(type: "fake"))?["g"])
        #expect(agendas.count == 12)
        let calls = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
        #expect(calls == 1, "one agenda request for loading and building")
    }
}
