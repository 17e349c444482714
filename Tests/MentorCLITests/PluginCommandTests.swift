import Foundation
import TestSupport
import Testing

/// External program types through the real binary: the Python flash example, broken plugins,
/// and `mentor plugin new`.
struct ExternalTypeCommandTests {
    static let example = "Plugins/Examples/flash/flash.yaml"
    static let examplePlugins = "Plugins/Examples/flash/plugins"

    /// False (recording an issue where python is required) when python3 can't run.
    static func havePython(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        Required.havePython(sourceLocation: sourceLocation)
    }

    @Test("programs lists the flash plugin with where it was found; describe shows its examples")
    func programs() throws {
        guard Self.havePython() else { return }
        let environment = try Mentor.trusting([Self.examplePlugins])
        let list = try Mentor.run(["programs", "--program", Self.example], environment: environment)
        #expect(list.status == 0, "\(list.stderr)")
        let row = list.stdout.split(separator: "\n").first { $0.hasPrefix("flash ") }
        #expect(row?.contains("Flash mentoring") == true, "\(list.stdout)")
        #expect(row?.hasSuffix("Plugins/Examples/flash/plugins/mentor-program-flash") == true)
        #expect(list.stdout.contains("\ncircle ") && list.stdout.contains("built in"))
        let describe = try Mentor.run(["programs", "describe", "flash", "--program", Self.example], environment: environment)
        #expect(describe.status == 0, "\(describe.stderr)")
        #expect(describe.stdout.hasPrefix("# Flash mentoring (flash)"))
        #expect(describe.stdout.contains("From: Plugins/Examples/flash/plugins/mentor-program-flash"))
        #expect(describe.stdout.contains("mentor says: program.yaml:11:5: error: group 'aziz-brandt' names no skill"))
    }

    @Test("plans lint knows an external type's id from a plugin it may run, and never runs one it may not")
    func lintLearnsPluginIDs() throws {
        guard Self.havePython() else { return }
        let flashFolder = Mentor.packageRoot.appending(path: "Plugins/Examples/flash")
        let templates = try Mentor.folder([
            "flash-plan.yaml": """
            plan: flash-extras
            title: Flash extras
            applies-to: [flash]
            topics:
              - { id: warm-up, title: Warm up, minutes: 5, prompts: [What is one thing you tried?] }
            """
        ])
        let template = templates.appending(path: "flash-plan.yaml").path
        // Not trusted: the plugin is not run, so 'flash' is an unknown type, said where it is named.
        let refused = try Mentor.run(["plans", "lint", template], in: flashFolder, environment: try Mentor.untrusting())
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("flash-plan.yaml:3:14: error:") && refused.stdout.contains("'flash'"), "\(refused.stdout)")
        // Trusted: its describe answer gives the id, and the template is clean.
        let environment = try Mentor.trusting(["plugins/mentor-program-flash"], in: flashFolder)
        let accepted = try Mentor.run(["plans", "lint", template], in: flashFolder, environment: environment)
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
    }

    @Test("agenda and schedule of a program whose type is the flash plugin")
    func agendaAndSchedule() throws {
        guard Self.havePython() else { return }
        let environment = try Mentor.trusting([Self.examplePlugins])
        let agenda = try Mentor.run(
            ["agenda", Self.example, "--group", "okafor-hale", "--meeting", "2", "--format", "json"],
            environment: environment)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(agenda.stderr.isEmpty, "\(agenda.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(agenda.stdout.utf8)) as? [String: Any])
        #expect(document["meetings"] as? Int == 3)
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["minutes"] as? Int }.reduce(0, +) == 45)
        #expect(
            items.contains { $0["title"] as? String == "Practice: writing a grant application" && $0["lead"] as? String == "Ines Okafor" })
        let schedule = try Mentor.run(["schedule", Self.example, "--group", "aziz-brandt"], environment: environment)
        #expect(schedule.status == 0, "\(schedule.stderr)")
        #expect(schedule.stdout.contains("| 3 | 2027-05-03 | Monday | Closing |"), "\(schedule.stdout)")
        #expect(schedule.stdout.contains("- Focused sessions planned: 3"))
        let again = try Mentor.run(["schedule", Self.example, "--group", "aziz-brandt"], environment: environment)
        #expect(again.stdout == schedule.stdout, "the same inputs give the same output")
    }

    @Test("mentor match pairs people under the flash plugin's matching policy, and --write keeps to its rules")
    func match() throws {
        guard Self.havePython() else { return }
        let plugin = try String(
            contentsOf: Mentor.packageRoot.appending(path: "Plugins/Examples/flash/plugins/mentor-program-flash"),
            encoding: .utf8)
        let program = """
            program: Flash Pairs
            type: flash
            starts: 2027-04-05
            months: 1
            cadence: weekly
            people:
              - { id: m1, name: Ann Mentor, grade: 14 }
            groups: []
            """
        let folder = try Mentor.folder([
            "program.yaml": program,
            "roster.csv": """
            id,name,grade,role,capacity,skills,goals
            m1,Ann Mentor,14,mentor,1,public speaking,
            m2,Bo Mentor,12,mentor,1,budgeting,
            e1,Cy Mentee,9,mentee,,,public speaking
            e2,Di Mentee,11,mentee,,,budgeting
            e3,Ed Mentee,13,mentee,,,
            """,
            "plugins/mentor-program-flash": plugin,
        ])
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "plugins/mentor-program-flash").path)
        let environment = try Mentor.trusting(["plugins"], in: folder)
        let describe = try Mentor.run(["programs", "describe", "flash", "--program", "program.yaml"], in: folder, environment: environment)
        #expect(describe.stdout.contains("\nMatching: pairs; the mentor is at least 2 grades senior"), "\(describe.stdout)")
        let match = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv"], in: folder, environment: environment)
        #expect(match.status == 0, "\(match.stderr)")
        // Both mentees with a mentor 2+ grades senior are placed (e2 can only have m1); e3 is senior to both.
        #expect(match.stdout.contains("| m1-e2 | Ann Mentor (m1) | Di Mentee (e2) |"), "\(match.stdout)")
        #expect(match.stdout.contains("| m2-e1 | Bo Mentor (m2) | Cy Mentee (e1) |"), "\(match.stdout)")
        #expect(match.stdout.contains("| Ed Mentee (e3) | mentee | no mentor fits: of 2 with places, 2 do not meet the grade rule"))
        // The proposed pairs name no skill, which flash requires: the plugin's own validation keeps the file unchanged.
        let write = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--write"], in: folder, environment: environment)
        #expect(write.status != 0)
        #expect(write.stderr.contains("group 'm1-e2' names no skill; a flash partnership works on exactly one"), "\(write.stderr)")
        #expect(try String(contentsOf: folder.appending(path: "program.yaml"), encoding: .utf8) == program)
    }

    /// A program file in a fresh folder with a `plugins/mentor-program-odd` shell script.
    func folder(plugin: String, executable: Bool = true) throws -> URL {
        let folder = try Mentor.folder([
            "program.yaml": """
            program: Odd
            type: odd
            starts: 2027-01-11
            people:
              - { id: a, name: Ann }
              - { id: b, name: Bo }
            groups:
              - { id: g, mentor: a, mentees: [b] }
            """,
            "plugins/mentor-program-odd": plugin,
        ])
        if executable {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "plugins/mentor-program-odd").path)
        }
        return folder
    }

    static let describeOdd = """
        #!/bin/sh
        REQ=$(cat)
        case "$REQ" in *'"request":"describe"'*)
          printf '{"protocol":1,"hooks":["agenda"],"type":{"id":"odd","name":"Odd","summary":"s","roles":["r"],"examples":[]}}'; exit 0;;
        esac

        """

    @Test("a plugin on PATH is used without trust; one in plugins/ beside the program file comes first, once trusted")
    func pathDiscovery() throws {
        guard Self.havePython() else { return }
        let flash = try String(
            contentsOf: Mentor.packageRoot.appending(path: "Plugins/Examples/flash/plugins/mentor-program-flash"),
            encoding: .utf8)
        let program = try String(contentsOf: Mentor.packageRoot.appending(path: Self.example), encoding: .utf8)
        let folder = try Mentor.folder(["program.yaml": program, "bin/mentor-program-flash": flash])
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "bin/mentor-program-flash").path)
        let path = folder.appending(path: "bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let fromPath = try Mentor.run(["schedule", "program.yaml", "--group", "aziz-brandt"], in: folder, environment: ["PATH": path])
        #expect(fromPath.status == 0, "\(fromPath.stderr)")
        #expect(fromPath.stdout.contains("- Focused sessions planned: 3"), "\(fromPath.stdout)")
        let list = try Mentor.run(["programs", "--program", "program.yaml"], in: folder, environment: ["PATH": path])
        #expect(
            list.stdout.split(separator: "\n").contains { $0.hasPrefix("flash ") && $0.hasSuffix("/bin/mentor-program-flash") },
            "\(list.stdout)")
        // A broken flash in plugins/ shadows the good one on PATH.
        try FileManager.default.createDirectory(at: folder.appending(path: "plugins"), withIntermediateDirectories: true)
        try "#!/bin/sh\necho 'broken copy' >&2\nexit 4\n".write(
            to: folder.appending(path: "plugins/mentor-program-flash"),
            atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "plugins/mentor-program-flash").path)
        // Untrusted, it is not run, and not silently replaced by the one on PATH either.
        let untrusted = try Mentor.run(["schedule", "program.yaml", "--group", "aziz-brandt"], in: folder, environment: ["PATH": path])
        #expect(untrusted.status != 0)
        #expect(
            untrusted.stderr.contains("program type plugin 'flash' (plugins/mentor-program-flash) is not trusted, so it was not run"),
            "\(untrusted.stderr)")
        let environment = try Mentor.trusting(["plugins"], in: folder).merging(["PATH": path]) { _, new in new }
        let shadowed = try Mentor.run(["schedule", "program.yaml", "--group", "aziz-brandt"], in: folder, environment: environment)
        #expect(shadowed.status != 0)
        #expect(
            shadowed.stderr.contains(
                "program type plugin 'flash' (plugins/mentor-program-flash) exited with status 4 "
                    + "(its standard error ends: \"broken copy\") during 'describe'"), "\(shadowed.stderr)")
    }

    @Test("a command about a built-in program starts no plugin: a hanging one on PATH neither delays nor warns")
    func unrelatedPluginIgnored() throws {
        let folder = try Mentor.folder([
            "program.yaml": """
            program: Pairs
            type: one-to-one
            starts: 2027-01-11
            people:
              - { id: a, name: Ann, grade: 12 }
              - { id: b, name: Bo, grade: 9 }
            groups:
              - { id: g, mentor: a, mentees: [b] }
            """,
            "bin/mentor-program-slow": "#!/bin/sh\nexec sleep 30\n",
        ])
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "bin/mentor-program-slow").path)
        let environment = [
            "PATH": folder.appending(path: "bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "MENTORKIT_PLUGIN_TIMEOUT": "2",
        ]
        let started = Date()
        let agenda = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(Date().timeIntervalSince(started) < 1.5, "the slow plugin was started")
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(agenda.stderr.isEmpty, "\(agenda.stderr)")
        // 'mentor programs' does describe it, and lists it with the error.
        let list = try Mentor.run(["programs"], in: folder, environment: environment)
        #expect(list.status == 0)
        #expect(
            list.stdout.contains(
                "error: program type plugin 'slow' (\(folder.appending(path: "bin").path)/mentor-program-slow) "
                    + "timed out after 2 s during 'describe'"), "\(list.stdout)")
    }

    @Test("mentor programs describes plugins at the same time: three hanging ones cost one time limit")
    func parallelDescribe() throws {
        let hang = "#!/bin/sh\nexec sleep 30\n"
        let folder = try Mentor.folder([
            "plugins/mentor-program-h1": hang, "plugins/mentor-program-h2": hang, "plugins/mentor-program-h3": hang,
        ])
        for id in ["h1", "h2", "h3"] {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "plugins/mentor-program-\(id)").path)
        }
        let environment = try Mentor.trusting(["plugins"], in: folder).merging(["MENTORKIT_PLUGIN_TIMEOUT": "2"]) { _, new in new }
        let started = Date()
        let output = try Mentor.run(["programs"], in: folder, environment: environment)
        #expect(Date().timeIntervalSince(started) < 5, "one after another would take 6 s")
        #expect(output.status == 0)
        for id in ["h1", "h2", "h3"] {
            #expect(
                output.stdout.contains(
                    "error: program type plugin '\(id)' (plugins/mentor-program-\(id)) timed out after 2 s during 'describe'"),
                "\(output.stdout)")
        }
        let rows = output.stdout.split(separator: "\n").filter { $0.hasPrefix("h") }.map { String($0.prefix(2)) }
        #expect(rows == ["h1", "h2", "h3"], "listed in the order found")
    }

    @Test("a plugin with a long reply is read while others hang (no reader waits for a free thread)")
    func longReplyBesideHangs() throws {
        guard Self.havePython() else { return }
        // A describe reply of about 600 KiB: far more than a pipe holds, so it must be read while written.
        let big = """
            #!/usr/bin/env python3
            import json, sys
            sys.stdin.read()
            yaml = "# " + "x" * 100 + "\\n"
            examples = [{"title": "t%d" % i, "yaml": yaml * 60} for i in range(100)]
            json.dump({"protocol": 1, "type": {"id": "big", "name": "Big", "summary": "s", "roles": ["r"], "examples": examples}}, sys.stdout)
            """
        var files = ["plugins/mentor-program-big": big]
        for index in 1...6 { files["plugins/mentor-program-hang\(index)"] = "#!/bin/sh\nexec sleep 30\n" }
        let folder = try Mentor.folder(files)
        for name in files.keys {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: name).path)
        }
        let environment = try Mentor.trusting(["plugins"], in: folder).merging(["MENTORKIT_PLUGIN_TIMEOUT": "3"]) { _, new in new }
        let output = try Mentor.run(["programs"], in: folder, environment: environment)
        #expect(output.status == 0)
        let row = output.stdout.split(separator: "\n").first { $0.hasPrefix("big ") }
        #expect(row?.contains("Big") == true, "\(output.stdout)")
        #expect(output.stdout.components(separatedBy: "timed out after 3 s during 'describe'").count == 7, "\(output.stdout)")
    }

    @Test("an unusable MENTORKIT_PLUGIN_TIMEOUT is reported and the default used")
    func badTimeoutVariable() throws {
        guard Self.havePython() else { return }
        let environment = try Mentor.trusting([Self.examplePlugins]).merging(["MENTORKIT_PLUGIN_TIMEOUT": "ten"]) { _, new in new }
        let output = try Mentor.run(["programs", "--program", Self.example], environment: environment)
        #expect(output.status == 0)
        #expect(
            output.stderr.contains(
                "warning: MENTORKIT_PLUGIN_TIMEOUT='ten' is not a number of seconds above 0 and at most 3600; "
                    + "plugins get the default 10 s"), "\(output.stderr)")
        #expect(output.stdout.contains("\nflash "))
    }

    @Test("mentor match on a plugin type without a matching policy says how a plugin declares one")
    func matchWithoutPolicy() throws {
        let folder = try folder(
            plugin: """
                #!/bin/sh
                cat > /dev/null
                printf '{"protocol":1,"hooks":[],"type":{"id":"odd","name":"Odd","summary":"s","roles":["r"],"examples":[]}}'
                """)
        try "id,name,grade,role\na,Ann,12,mentor\nb,Bo,9,mentee\n".write(
            to: folder.appending(path: "roster.csv"), atomically: true, encoding: .utf8)
        let environment = try Mentor.trusting(["plugins"], in: folder)
        let output = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv"], in: folder, environment: environment)
        #expect(output.status != 0)
        #expect(
            output.stderr.contains(
                "program type 'odd' doesn't say how to match people; matching works for types that declare "
                    + "a matching policy (a plugin gives one under 'matching' in its 'describe' reply"), "\(output.stderr)")
        let describe = try Mentor.run(["programs", "describe", "odd", "--program", "program.yaml"], in: folder, environment: environment)
        #expect(describe.stdout.contains("\nMatching: none; 'mentor match' doesn't form groups of this type"), "\(describe.stdout)")
    }

    @Test("a plugin that hangs during 'agenda' stops the command with an error naming it; the exit is non-zero")
    func hang() throws {
        let folder = try folder(plugin: Self.describeOdd + "exec sleep 30\n")
        let started = Date()
        let environment = try Mentor.trusting(["plugins"], in: folder).merging(["MENTORKIT_PLUGIN_TIMEOUT": "1"]) { _, new in new }
        let output = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(output.status != 0)
        #expect(
            output.stderr.contains(
                "program.yaml:2:7: error: program type plugin 'odd' (plugins/mentor-program-odd) "
                    + "timed out after 1 s during 'agenda'"), "\(output.stderr)")
    }

    @Test("a broken plugin is listed by 'mentor programs' with its error; the others still work")
    func brokenListed() throws {
        let folder = try folder(plugin: "#!/bin/sh\necho 'not today' >&2\nexit 2\n")
        let output = try Mentor.run(["programs"], in: folder, environment: try Mentor.trusting(["plugins"], in: folder))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("\none-to-one "))
        #expect(output.stdout.contains("odd         (not usable)"), "\(output.stdout)")
        #expect(
            output.stdout.contains(
                "error: program type plugin 'odd' (plugins/mentor-program-odd) exited with status 2 "
                    + "(its standard error ends: \"not today\") during 'describe'"), "\(output.stdout)")
    }

    @Test("a plugin file that is not executable gets a warning saying chmod +x")
    func notExecutable() throws {
        let folder = try folder(plugin: Self.describeOdd, executable: false)
        let output = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder)
        #expect(output.status != 0)
        #expect(
            output.stderr.contains(
                "warning: 'plugins/mentor-program-odd' looks like the program type plugin 'odd' but is not "
                    + "executable; run 'chmod +x plugins/mentor-program-odd'"), "\(output.stderr)")
    }

    @Test("plugin new --external writes a plugin that works end to end, and never overwrites")
    func scaffoldExternal() throws {
        guard Self.havePython() else { return }
        let folder = try Mentor.folder([
            "program.yaml": """
            program: Situational
            type: situational
            starts: 2027-01-11
            people:
              - { id: a, name: Ann, grade: 12 }
              - { id: b, name: Bo, grade: 9 }
            groups:
              - { id: g, mentor: a, mentees: [b] }
            """
        ])
        let environment = try Mentor.untrusting()
        let new = try Mentor.run(["plugin", "new", "situational"], in: folder, environment: environment)
        #expect(new.status == 0, "\(new.stderr)")
        #expect(
            new.stdout.hasPrefix(
                "wrote plugins/mentor-program-situational and trusted it as written\n"
                    + "After editing it, run 'mentor plugin trust plugins' again"), "\(new.stdout)")
        #expect(FileManager.default.isExecutableFile(atPath: folder.appending(path: "plugins/mentor-program-situational").path))
        let agenda = try Mentor.run(["agenda", "program.yaml", "--meeting", "2"], in: folder, environment: environment)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(agenda.stdout.contains("· Practice (15 min)"), "\(agenda.stdout)")
        #expect(agenda.stdout.hasSuffix("60 of 60 minutes.\n"))
        let describe = try Mentor.run(["programs", "describe", "situational"], in: folder, environment: environment)
        #expect(
            describe.stdout.contains(
                "mentor says: program.yaml:9:5: error: group 'stone-park' has 2 mentees; a situational group has exactly 1"))
        // Its invalid example fails with the error it states.
        let invalid = describe.stdout.components(separatedBy: "```yaml\n")[2].components(separatedBy: "\n```")[0]
        try invalid.write(to: folder.appending(path: "invalid.yaml"), atomically: true, encoding: .utf8)
        let failed = try Mentor.run(["agenda", "invalid.yaml"], in: folder, environment: environment)
        #expect(failed.status != 0)
        #expect(
            failed.stderr.contains(
                "error: group 'stone-park' has 2 mentees; a situational group has exactly 1 "
                    + "(use type 'circle' for several mentees)"), "\(failed.stderr)")
        let again = try Mentor.run(["plugin", "new", "situational"], in: folder, environment: environment)
        #expect(again.status != 0)
        #expect(again.stderr.contains("'plugins/mentor-program-situational' already exists"))
        let match = try Mentor.run(
            ["match", "program.yaml", "--roster", "roster.csv"],
            in: try {
                try "id,name,grade,role\na,Ann,12,mentor\nb,Bo,9,mentee\n".write(
                    to: folder.appending(path: "roster.csv"), atomically: true, encoding: .utf8)
                return folder
            }(), environment: environment)
        // The skeleton declares pairs with a mentor 2+ grades senior, so 'mentor match' works on it.
        #expect(match.stdout.contains("- the mentor is at least 2 grades senior\n"), "\(match.stdout)\(match.stderr)")
        #expect(match.stdout.contains("| g (pinned) | Ann (a) | Bo (b) |"), "\(match.stdout)")
        // Its describe reply (matching included) passes the published schema, when jsonschema is here.
        let check = """
            import json, subprocess, sys
            try:
                import jsonschema
            except ImportError:
                sys.exit(3)
            reply = subprocess.run([sys.argv[1]], input=b'{"protocol":1,"request":"describe"}', capture_output=True, check=True).stdout
            schema = json.load(open(sys.argv[2]))
            errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(json.loads(reply))]
            print("INVALID" if errors else "VALID", *errors)
            """
        let schema = Mentor.packageRoot.appending(path: "Plugins/ExternalProtocol/reply.schema.json").path
        let validated = try Mentor.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", check, folder.appending(path: "plugins/mentor-program-situational").path, schema])
        if validated.status == 3 {
            #expect(!Required.python, "python3 with jsonschema is required here")
        } else {
            #expect(validated.stdout == "VALID\n", "\(validated.stdout)\(validated.stderr)")
        }
    }

    @Test("plugin new --swift writes a ProgramType that type-checks, and prints how to register it")
    func scaffoldSwift() throws {
        let folder = try Mentor.folder([:])
        let output = try Mentor.run(["plugin", "new", "new-supervisor", "--swift", "--output", folder.path + "/NewSupervisor"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.stdout.contains(
                ".target(name: \"NewSupervisorProgram\", dependencies: [\"MentorCore\"], path: \"\(folder.path)/NewSupervisor\"),"))
        #expect(output.stdout.contains("import NewSupervisorProgram"))
        let file = folder.appending(path: "NewSupervisor/NewSupervisorProgram.swift")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("public enum NewSupervisorProgram: ProgramType {"))
        #expect(text.contains(".invalid(\"Two mentees belong in a circle\""))
        // Type-check it against the MentorCore module built beside the tests.
        let modules = try #require(Mentor.binary).deletingLastPathComponent().appending(path: "Modules")
        let check = try Mentor.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "swiftc", "-typecheck", "-I", modules.path, "-I", Mentor.packageRoot.appending(path: "Sources/CLibYAML").path, file.path,
            ])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test("plugin new refuses an id that is not kebab-case", arguments: ["Flash", "flash_mentoring", "flash-"])
    func badID(_ id: String) throws {
        let output = try Mentor.run(["plugin", "new", id], in: try Mentor.folder([:]))
        #expect(output.status != 0)
        #expect(output.stderr.contains("'\(id)' is not a program type id; use lowercase words joined by '-'"), "\(output.stderr)")
    }

    @Test(
        "plugin new refuses a built-in type's id, and for --swift an id starting with a digit",
        arguments: [
            (["circle"], "'circle' is a built-in program type; choose another id (built in: one-to-one, reverse, circle, peer)"),
            (["one-to-one", "--swift"], "'one-to-one' is a built-in program type; choose another id"),
            (
                ["2nd-line", "--swift"],
                "'2nd-line' starts with a digit, which the Swift type name '2ndLineProgram' can't; "
                    + "start the id with a letter (e.g. 'second-line'), or use --external"
            ),
        ])
    func refusedID(_ arguments: [String], _ message: String) throws {
        let folder = try Mentor.folder([:])
        let output = try Mentor.run(["plugin", "new"] + arguments, in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing is written")
    }

    @Test("an external plugin's id may start with a digit")
    func digitExternal() throws {
        guard Self.havePython() else { return }
        let folder = try Mentor.folder([:])
        let environment = try Mentor.untrusting()
        let output = try Mentor.run(["plugin", "new", "2nd-line"], in: folder, environment: environment)
        #expect(output.status == 0, "\(output.stderr)")
        let describe = try Mentor.run(["programs", "describe", "2nd-line"], in: folder, environment: environment)
        #expect(describe.stdout.hasPrefix("# 2nd line mentoring (2nd-line)"), "\(describe.stdout)\(describe.stderr)")
    }
}
