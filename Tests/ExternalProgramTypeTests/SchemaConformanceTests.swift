import ExternalProgramTypes
import Foundation
import MentorCore
import TestSupport
import Testing

/// The published JSON Schemas and the Swift code can't drift apart silently: Python's
/// `jsonschema` checks the requests MentorKit writes and the example plugin's replies against
/// them, and checks that replies the Swift reader rejects are rejected by the schema too.
struct SchemaConformanceTests {
    static let protocolFolder = packageRoot.appending(path: "Plugins/ExternalProtocol")

    @Test("requests and the flash plugin's replies conform to the published schemas")
    func conformance() throws {
        guard Required.havePython(importing: "jsonschema") else { return }
        let type = try ExternalProgramType.handle(path: flashPlugin, fileID: "flash", limits: PluginLimits())
        let yaml = try #require(type.description.examples.first?.yaml)
        let result = ProgramHarness(handle: type, plans: shippedPlans).load(yaml)
        let program = try #require(result.program)
        let group = program.groups[0]
        let schedule = try type.schedule(for: group, in: program)
        let left = try #require(group.members.last)
        let contexts = schedule.map {
            AgendaContext(
                program: program, group: group, meeting: $0, schedule: schedule,
                openActions: [ActionItem(text: "Draft the talk", owner: "Leo", due: CalendarDate("2027-04-10"))],
                departures: [left: schedule[1].date],
                attendance: [1: Attendance(held: true, date: schedule[0].date, attendees: group.members)])
        }
        let agendas = try AgendaBuilder(program: program, plans: result.plans, type: type).agendas(for: group)
        var state = GroupState(group: group.id)
        state.meetings = [MeetingRecord(number: 1, held: true, attendees: ["f1", "f2"], covered: ["orientation/x"], notes: "secret")]
        state.apply(
            ProgressEvent(
                id: "x", program: program.id, group: group.id, date: schedule[1].date,
                body: .exit(ExitRecord(by: left, reason: "secret reason"))))
        let requests: [(String, Data)] = [
            ("describe", PluginProtocol.describeRequest()),
            ("validate", PluginProtocol.validateRequest(program)),
            ("schedule", PluginProtocol.scheduleRequest(group: group, program: program)),
            ("agenda", PluginProtocol.agendaRequest(contexts)),
            ("measures", PluginProtocol.measuresRequest(group: group, agendas: agendas, state: nil, program: program)),
            ("measures", PluginProtocol.measuresRequest(group: group, agendas: agendas, state: state, program: program)),
            // Protocol 2: the same requests carry "protocol": 2 once describe said so.
            ("agenda", PluginProtocol.agendaRequest(contexts, protocol: 2)),
        ]
        #expect(!String(decoding: requests[5].1, as: UTF8.self).contains("secret"), "private notes and reasons never reach a plugin")
        #expect(
            String(decoding: requests[5].1, as: UTF8.self).contains(#""departures":[{"date":"\#(schedule[1].date)","person":"\#(left)"}]"#))
        #expect(String(decoding: requests[3].1, as: UTF8.self).contains(#""attendance":{"attendees":"#))
        let folder = try scripts([:])
        var pairs: [String] = []
        for (index, (kind, request)) in requests.enumerated() {
            let reply = try PluginProcess.run(flashPlugin, input: request, limits: PluginLimits()).stdout
            try request.write(to: folder.appending(path: "\(index)-request.json"))
            try reply.write(to: folder.appending(path: "\(index)-reply.json"))
            pairs.append("\(kind):\(index)")
        }
        let twoReply = try String(contentsOf: folder.appending(path: "6-reply.json"), encoding: .utf8)
        #expect(twoReply.contains(#""protocol": 2"#), "a protocol-2 request is answered in protocol 2: \(twoReply.prefix(200))")
        // Replies the Swift reader rejects (see PluginFailureTests) must fail the schema too.
        var bad = [
            ("validate", #"{"protocol":1,"issues":[{"severity":"fatal","message":"x"}]}"#),
            ("validate", #"{"protocol":1,"issues":[{"severity":"error","mesage":"x"}]}"#),
            ("validate", #"{"protocol":3,"issues":[]}"#),
            (
                "agenda",
                #"{"protocol":1,"shapes":[{"opening":[{"kind":"topic","title":"t","minutes":5,"lead":"x"}],"closing":[],"leads":{"mentor":"a","mentee":"b","any":"c"},"participants":[]}]}"#
            ),
            (
                "agenda",
                #"{"protocol":1,"shapes":[{"opening":[{"kind":"skill","title":"t","minutes":"ten","lead":"x"}],"closing":[],"leads":{"mentor":"a","mentee":"b","any":"c"},"participants":[]}]}"#
            ),
            ("schedule", #"{"protocol":1,"meetings":[{"number":1,"date":"2027-4-5","phase":"ongoing"}]}"#),
        ]
        // Matching policies: every layout the Swift reader accepts (MatchingPolicyWireTests)
        // passes the schema, and structural mistakes it rejects fail it.
        func describe(_ matching: String) -> String {
            #"{"protocol":1,"type":{"id":"fake","name":"Fake","summary":"S.","roles":["mentor: one"],"examples":[],"matching":\#(matching)}}"#
        }
        let extra = [
            describe(#"{"grouping":"pairs","grade-gap":{"max":-2},"ideal-gap":-2}"#),
            describe(#"{"grouping":"circles","grade-gap":{"min":2},"ideal-gap":3,"mentees":{"min":2,"max":6},"default-capacity":4}"#),
            describe(#"{"grouping":"peer-groups","grade-spread":2,"size":{"min":3,"max":6},"target":4}"#),
            describe(#"{"grouping":"pairs","grade-gap":{"min":2},"ideal-gap":2},"continuity":{"mentors":1,"mentees":2}"#),
        ]
        for (index, text) in extra.enumerated() {
            try Data(text.utf8).write(to: folder.appending(path: "extra\(index)-reply.json"))
            pairs.append("describe:extra\(index)")
        }
        bad += [
            ("describe", describe(#"{"grouping":"trios","grade-gap":{"min":2},"ideal-gap":2}"#)),
            ("describe", describe(#"{"grouping":"pairs","grade-gap":{"min":2},"ideal-gap":2,"mentees":{"min":2,"max":4}}"#)),
            ("describe", describe(#"{"grouping":"pairs","grade-gap":{},"ideal-gap":2}"#)),
            ("describe", describe(#"{"grouping":"peer-groups","grade-spread":2,"size":{"min":1,"max":6},"target":4}"#)),
            ("describe", describe(#"{"grouping":"peer-groups","grade-gap":{"max":2},"size":{"min":3,"max":6},"target":4}"#)),
            ("describe", describe(#"{"grouping":"pairs","grade-gap":{"min":2},"ideal-gap":2},"continuity":{"mentors":2}"#)),
            ("describe", describe(#"{"grouping":"pairs","grade-gap":{"min":2},"ideal-gap":2},"continuity":{"mentee":1}"#)),
        ]
        for (index, (kind, text)) in bad.enumerated() {
            try Data(text.utf8).write(to: folder.appending(path: "bad\(index)-reply.json"))
            pairs.append("\(kind):bad\(index)")
        }
        let script = """
            import json, sys, jsonschema
            folder, schemas = sys.argv[1], sys.argv[2]
            def validator(name, kind):
                schema = json.load(open(schemas + "/" + name + ".schema.json"))
                jsonschema.Draft7Validator.check_schema(schema)
                whole = jsonschema.Draft7Validator(schema)
                part = jsonschema.Draft7Validator(dict(schema, **{"$ref": "#/definitions/" + kind}))
                return whole, part
            for pair in sys.argv[3:]:
                kind, index = pair.split(":")
                files = [("reply", index + "-reply.json")] + ([] if index.startswith(("bad", "extra")) else [("request", index + "-request.json")])
                for name, file in files:
                    document = json.load(open(folder + "/" + file))
                    whole, part = validator(name, kind)
                    errors = [e.message for e in part.iter_errors(document)] + [e.message for e in whole.iter_errors(document)][:1]
                    print(file, "INVALID" if errors else "VALID", *errors, sep=" | ")
            """
        let output = try Self.run("python3", ["-c", script, folder.path, Self.protocolFolder.path] + pairs)
        try #require(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let good = lines.filter { !$0.hasPrefix("bad") }
        #expect(good.count == 14 + extra.count)
        #expect(lines.contains { $0.hasPrefix("6-reply.json") && $0.contains("| VALID") }, "\(output.stdout)")
        #expect(good.allSatisfy { $0.contains("| VALID") }, "\(output.stdout)")
        let rejected = lines.filter { $0.hasPrefix("bad") }
        #expect(rejected.count == bad.count)
        #expect(rejected.allSatisfy { $0.contains("| INVALID") }, "\(output.stdout)")
    }

    static func run(_ command: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let folder = try scripts([:])
        let out = folder.appending(path: "out")
        let err = folder.appending(path: "err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
