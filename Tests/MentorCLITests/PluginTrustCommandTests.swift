import Foundation
import Testing

extension Mentor {
    /// An environment whose list of trusted plugins is a fresh, empty one.
    static func untrusting() throws -> [String: String] {
        ["MENTORKIT_CONFIG_HOME": try folder([:]).path]
    }

    /// An environment whose list of trusted plugins holds `paths` (relative to `directory`),
    /// trusted with `mentor plugin trust`.
    static func trusting(_ paths: [String], in directory: URL = packageRoot) throws -> [String: String] {
        let environment = try untrusting()
        let trust = try run(["plugin", "trust"] + paths, in: directory, environment: environment)
        #expect(trust.status == 0, "\(trust.stderr)")
        return environment
    }
}

/// Opening a folder runs none of its code: only trusted plugins run, with the content they were
/// trusted with; built-in ids can't be shadowed; a mistyped type runs nothing. And a plugin
/// can't outlive the command: Ctrl-C reaches it, and so does the end of the call after `setsid`.
struct PluginTrustCommandTests {
    /// A plugin that leaves a mark beside itself whenever it runs, then answers like `odd`.
    static func marking(_ id: String = "odd") -> String {
        """
        #!/bin/sh
        touch "$0.ran"
        REQ=$(cat)
        case "$REQ" in *'"request":"describe"'*)
          printf '{"protocol":1,"hooks":[],"type":{"id":"\(id)","name":"Odd","summary":"s","roles":["r"],"examples":[]}}'; exit 0;;
        esac
        """
    }

    static let oddProgram = """
        program: Odd
        type: odd
        starts: 2027-01-11
        people:
          - { id: a, name: Ann, grade: 12 }
          - { id: b, name: Bo, grade: 9 }
        groups:
          - { id: g, mentor: a, mentees: [b] }
        """

    /// A folder with `program.yaml` and the executable plugin files `plugins` (id → script).
    func project(_ program: String = Self.oddProgram, plugins: [String: String]) throws -> URL {
        var files = ["program.yaml": program]
        for (id, script) in plugins { files["plugins/mentor-program-\(id)"] = script }
        let folder = try Mentor.folder(files)
        for id in plugins.keys {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "plugins/mentor-program-\(id)").path)
        }
        return folder
    }

    /// The plugin files in `folder/plugins` that have run.
    func ran(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.appending(path: "plugins").path)) ?? [])
            .filter { $0.hasSuffix(".ran") }.sorted()
    }

    @Test("an untrusted plugin beside the program is never run: not for the agenda, the listing, describe or plugin list")
    func untrustedNeverRuns() throws {
        let folder = try project(plugins: ["odd": Self.marking()])
        let environment = try Mentor.untrusting()
        let agenda = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(agenda.status != 0)
        #expect(
            agenda.stderr.contains(
                "warning: program type plugin 'odd' (plugins/mentor-program-odd) is not trusted, so it was not "
                    + "run: it is in a project folder, not on your PATH; if you trust its code, run 'mentor plugin trust plugins'"),
            "\(agenda.stderr)")
        let list = try Mentor.run(["programs"], in: folder, environment: environment)
        #expect(list.status == 0)
        #expect(list.stdout.contains("odd         (not trusted)"), "\(list.stdout)")
        #expect(list.stdout.contains("not trusted: program type plugin 'odd'"), "\(list.stdout)")
        let describe = try Mentor.run(["programs", "describe", "odd"], in: folder, environment: environment)
        #expect(describe.status != 0)
        #expect(describe.stderr.contains("is not trusted, so it was not run"), "\(describe.stderr)")
        let plugins = try Mentor.run(["plugin", "list"], in: folder, environment: environment)
        #expect(plugins.status == 0, "\(plugins.stderr)")
        #expect(
            plugins.stdout.contains("odd  no, not trusted: run 'mentor plugin trust plugins'  plugins/mentor-program-odd"),
            "\(plugins.stdout)")
        #expect(ran(folder) == [], "an untrusted plugin ran")
    }

    @Test("trust records the path and SHA-256; a change stops the plugin until trusted again; untrust stops it")
    func trustChangeUntrust() throws {
        let folder = try project(plugins: ["odd": Self.marking()])
        let environment = try Mentor.untrusting()
        let plugin = folder.appending(path: "plugins/mentor-program-odd")
        let trust = try Mentor.run(["plugin", "trust", "plugins"], in: folder, environment: environment)
        #expect(trust.status == 0, "\(trust.stderr)")
        let hash = try sha256sum(plugin.path)
        let real = try #require(realPath(plugin.path))
        #expect(trust.stdout.hasPrefix("trusted: \(real)\n  SHA-256 \(hash)\nrecorded in "), "\(trust.stdout)")
        let store = try String(
            contentsOfFile: try #require(environment["MENTORKIT_CONFIG_HOME"]) + "/trusted-plugins.json", encoding: .utf8)
        #expect(store.contains(#""path" : "\#(real)""#) && store.contains(#""sha256" : "\#(hash)""#), "\(store)")

        let agenda = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(ran(folder) == ["mentor-program-odd.ran"])
        try FileManager.default.removeItem(at: folder.appending(path: "plugins/mentor-program-odd.ran"))

        try (Self.marking() + "\n# edited\n").write(to: plugin, atomically: false, encoding: .utf8)
        let changed = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(changed.status != 0)
        #expect(
            changed.stderr.contains(
                "program type plugin 'odd' (plugins/mentor-program-odd) has changed since it was trusted "
                    + "(SHA-256 \(hash.prefix(12))… then, "), "\(changed.stderr)")
        #expect(changed.stderr.contains("so it was not run; read the change, then run 'mentor plugin trust plugins' again"))
        let listed = try Mentor.run(["plugin", "list"], in: folder, environment: environment)
        #expect(listed.stdout.contains("no, changed since trusted"), "\(listed.stdout)")
        #expect(ran(folder) == [])

        let again = try Mentor.run(["plugin", "trust", "plugins/mentor-program-odd"], in: folder, environment: environment)
        #expect(again.stdout.hasPrefix("trusted again (changed): \(real)\n  SHA-256 \(try sha256sum(plugin.path))"), "\(again.stdout)")
        #expect(try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment).status == 0)
        #expect(ran(folder) == ["mentor-program-odd.ran"])
        try FileManager.default.removeItem(at: folder.appending(path: "plugins/mentor-program-odd.ran"))

        let untrust = try Mentor.run(["plugin", "untrust", "plugins"], in: folder, environment: environment)
        #expect(untrust.stdout.hasPrefix("no longer trusted: \(real)\n"), "\(untrust.stdout)\(untrust.stderr)")
        let refused = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(refused.stderr.contains("is not trusted, so it was not run"), "\(refused.stderr)")
        #expect(ran(folder) == [])
        let twice = try Mentor.run(["plugin", "untrust", "plugins"], in: folder, environment: environment)
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("nothing at or under 'plugins' is trusted"), "\(twice.stderr)")
    }

    @Test("commands trusting at the same time all count: the list is changed under a lock")
    func concurrentTrust() throws {
        let environment = try Mentor.untrusting()
        let folders = try (0..<6).map { _ in try project(plugins: ["odd": Self.marking()]) }
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: folders.count) { index in
            let status = (try? Mentor.run(["plugin", "trust", "plugins"], in: folders[index], environment: environment))?.status
            statuses.add(status ?? -1)
        }
        #expect(statuses.all == Array(repeating: 0, count: folders.count))
        let list = try Mentor.run(["plugin", "list"], in: folders[0], environment: environment)
        #expect(list.stdout.contains("\n6 trusted files in "), "\(list.stdout)")
    }

    /// Exit statuses gathered from several threads.
    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int32] = []
        func add(_ value: Int32) { lock.withLock { values.append(value) } }
        var all: [Int32] { lock.withLock { values } }
    }

    @Test("trust refuses what isn't a plugin, and a damaged trust list is reported and left alone")
    func trustRefusals() throws {
        let folder = try project(plugins: ["circle": Self.marking("circle")])
        try "x".write(to: folder.appending(path: "notes.txt"), atomically: true, encoding: .utf8)
        let environment = try Mentor.untrusting()
        let cases: [([String], String)] = [
            (["plugins"], "'plugins' holds no usable program type plugin"),
            (
                ["plugins/mentor-program-circle"],
                "is named like the built-in program type 'circle'; it never runs, so there is nothing to trust"
            ),
            (["notes.txt"], "'notes.txt' is not a program type plugin"),
            (["missing"], "no file or folder at 'missing'"),
        ]
        for (arguments, message) in cases {
            let output = try Mentor.run(["plugin", "trust"] + arguments, in: folder, environment: environment)
            #expect(output.status != 0)
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        }
        let store = try #require(environment["MENTORKIT_CONFIG_HOME"]) + "/trusted-plugins.json"
        #expect(!FileManager.default.fileExists(atPath: store), "nothing trusted, nothing written")
        try "{ damaged".write(toFile: store, atomically: true, encoding: .utf8)
        let odd = try project(plugins: ["odd": Self.marking()])
        let trust = try Mentor.run(["plugin", "trust", "plugins"], in: odd, environment: environment)
        #expect(trust.status != 0)
        #expect(trust.stderr.contains("can't read the list of trusted plugins '\(store)'"), "\(trust.stderr)")
        #expect(try String(contentsOfFile: store, encoding: .utf8) == "{ damaged")
        let agenda = try Mentor.run(["agenda", "program.yaml"], in: odd, environment: environment)
        #expect(agenda.stderr.contains("was not run: can't read the list of trusted plugins"), "\(agenda.stderr)")
        #expect(ran(odd) == [])
        let new = try Mentor.run(["plugin", "new", "situational"], in: odd, environment: environment)
        #expect(new.status != 0)
        #expect(
            new.stderr.contains(
                "wrote 'plugins/mentor-program-situational' but could not trust it: can't read the list of "
                    + "trusted plugins '\(store)'"), "\(new.stderr)")
        #expect(try String(contentsOfFile: store, encoding: .utf8) == "{ damaged")
    }

    @Test("a plugin file named like a built-in type never runs, and the built-in type works")
    func builtInNotShadowed() throws {
        let circle = try String(contentsOf: Mentor.packageRoot.appending(path: "Plans/examples/circle.yaml"), encoding: .utf8)
        let folder = try project(circle, plugins: ["circle": Self.marking("circle")])
        let agenda = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: try Mentor.untrusting())
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(
            agenda.stderr.contains(
                "warning: 'plugins/mentor-program-circle' is named like the built-in program type 'circle' "
                    + "and is ignored (never run)"), "\(agenda.stderr)")
        #expect(!agenda.stderr.contains("claimed twice"))
        let list = try Mentor.run(["programs"], in: folder)
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").filter { $0.hasPrefix("circle ") }.map { $0.hasSuffix("built in") } == [true])
        #expect(ran(folder) == [])
    }

    @Test("a program of a built-in type runs no plugin, trusted or not; a mistyped type runs none and suggests by file name")
    func onlyWhatIsNeeded() throws {
        let pairs = Self.oddProgram.replacingOccurrences(of: "type: odd", with: "type: one-to-one")
        let folder = try project(pairs, plugins: ["odd": Self.marking(), "other": Self.marking("other")])
        let environment = try Mentor.trusting(["plugins"], in: folder)
        let agenda = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(agenda.stderr.isEmpty, "\(agenda.stderr)")
        #expect(ran(folder) == [])

        try Self.oddProgram.replacingOccurrences(of: "type: odd", with: "type: odx")
            .write(to: folder.appending(path: "program.yaml"), atomically: true, encoding: .utf8)
        let typo = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(typo.status != 0)
        #expect(
            typo.stderr.contains(
                "warning: no program type is named 'odx'; did you mean 'odd'? A plugin file has that name: "
                    + "'plugins/mentor-program-odd' (not run)"), "\(typo.stderr)")
        #expect(typo.stderr.contains("program.yaml:2:7: error:"), "\(typo.stderr)")
        #expect(ran(folder) == [], "a mistyped type ran plugins")

        for broken in ["program: Odd\nstarts: 2027-01-11\n", "program: [unclosed\ntype: odd\n"] {
            try broken.write(to: folder.appending(path: "program.yaml"), atomically: true, encoding: .utf8)
            let failed = try Mentor.run(["agenda", "program.yaml"], in: folder, environment: environment)
            #expect(failed.status != 0)
            #expect(ran(folder) == [], "a program file without a readable type ran plugins: \(broken)")
        }
    }

    @Test("Ctrl-C ends a plugin that ignores SIGINT and SIGTERM; mentor exits 130 (143 for SIGTERM)", arguments: [SIGINT, SIGTERM])
    func interrupted(_ signal: Int32) throws {
        let pidFile = try Mentor.folder([:]).appending(path: "pid").path
        let folder = try project(plugins: [
            "odd": """
            #!/bin/sh
            trap '' INT TERM
            echo $$ > '\(pidFile)'
            while :; do sleep 1; done
            """
        ])
        let environment = try Mentor.trusting(["plugins"], in: folder)
        guard let binary = Mentor.binary else {
            Issue.record("the mentor binary is not built beside the tests")
            return
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["agenda", "program.yaml"]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let plugin = try #require(waitForPid(pidFile), "the plugin never started")
        let sent = Date()
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 5)
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal)
        #expect(gone(plugin), "the plugin (pid \(plugin)) outlived mentor")
    }

    @Test("a process a plugin starts with setsid, outside its group, is ended with the call")
    func escapedWithSetsid() throws {
        let pidFile = try Mentor.folder([:]).appending(path: "pid").path
        let folder = try project(plugins: [
            "odd": """
            #!/bin/sh
            setsid sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1"; exec sleep 60' sh '\(pidFile)' < /dev/null > /dev/null 2>&1 &
            while [ ! -s '\(pidFile)' ]; do sleep 0.05; done
            cat > /dev/null
            printf '{"protocol":1,"hooks":[],"type":{"id":"odd","name":"Odd","summary":"s","roles":["r"],"examples":[]}}'
            """
        ])
        let environment = try Mentor.trusting(["plugins"], in: folder)
        let describe = try Mentor.run(["programs", "describe", "odd"], in: folder, environment: environment)
        #expect(describe.status == 0, "\(describe.stderr)")
        let escaped = try #require(waitForPid(pidFile))
        #expect(gone(escaped), "the setsid process (pid \(escaped)) outlived mentor")
    }

    @Test("a plugin writing 256 MB to standard error costs mentor no more memory than one writing a line")
    func stderrFlood() throws {
        guard ExternalTypeCommandTests.havePython() else { return }
        let folder = try project(plugins: ["odd": "#!/bin/sh\nyes xxxxxxxxxxxxxxx | head -c 268435456 >&2\necho 'flood over' >&2\nexit 3\n"]
        )
        let environment = try Mentor.trusting(["plugins"], in: folder)
        guard let binary = Mentor.binary else {
            Issue.record("the mentor binary is not built beside the tests")
            return
        }
        // Python reports the peak resident size of the process it waited for (mentor; the plugin is mentor's child).
        let measure = """
            import resource, subprocess, sys
            done = subprocess.run(sys.argv[1:], capture_output=True)
            print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.stdout.write(done.stderr.decode())
            """
        let output = try Mentor.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", measure, binary.path, "agenda", "program.yaml"], in: folder, environment: environment)
        let first = output.stdout.split(separator: "\n").first?.split(separator: " ") ?? []
        #expect(first.first == "1", "\(output.stdout)")
        let kilobytes = try #require(first.last.flatMap { Int($0) })
        #expect(kilobytes < 150_000, "mentor's peak resident size was \(kilobytes) KiB")
        #expect(output.stdout.contains("exited with status 3 (its standard error ends: \"xxx"), "\(output.stdout)")
        #expect(output.stdout.contains("xxx / flood over\") during 'describe'"), "\(output.stdout)")
    }

    // MARK: - Helpers

    func sha256sum(_ path: String) throws -> String {
        let output = try Mentor.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", path])
        return String(output.stdout.prefix(64))
    }

    func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The pid written to `file`, once it is there (within 10 s).
    func waitForPid(_ file: String) -> Int32? {
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// True once `pid` has ended (a zombie counts as ended), within 3 s.
    func gone(_ pid: Int32) -> Bool {
        for _ in 0..<60 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let end = stat.lastIndex(of: ")") else {
                return true
            }
            if stat[stat.index(after: end)...].hasPrefix(" Z") { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
