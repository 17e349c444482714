import ExternalProgramTypes
import Foundation
import MentorCore
import TestSupport
import Testing

/// A plugin's invalid examples may say where their error points (`line` and `column`, as a pair,
/// beside `error`); MentorKit checks the position like the message. Reading stays strict.
struct ExampleWireTests {
    /// What `describe` gives for a plugin with one example, written as `example` (JSON text).
    func described(_ example: String) throws -> Result<[ProgramExample], ProgramTypeError> {
        try describedType(#""examples":[\#(example)]"#).map(\.description.examples)
    }

    @Test("an invalid example gives its error's line and column, or neither; a valid one has none")
    func positions() throws {
        let placed = try described(#"{"title":"t","yaml":"y","error":"e","line":9,"column":5}"#).get()
        #expect(placed.first?.expectedError == "e")
        #expect(placed.first?.expectedMark?.line == 9 && placed.first?.expectedMark?.column == 5)
        let unplaced = try described(#"{"title":"t","yaml":"y","error":"e"}"#).get()
        #expect(unplaced.first?.expectedError == "e" && unplaced.first?.expectedMark == nil)
        let valid = try described(#"{"title":"t","yaml":"y"}"#).get()
        #expect(valid.first?.expectedError == nil && valid.first?.expectedMark == nil)
    }

    @Test(
        "half a position, a position without an error, or one below 1 is refused, naming its JSON path",
        arguments: [
            (#"{"title":"t","yaml":"y","error":"e","line":9}"#, "$.type.examples[0].line"),
            (#"{"title":"t","yaml":"y","error":"e","column":5}"#, "$.type.examples[0].column"),
            (#"{"title":"t","yaml":"y","line":9,"column":5}"#, "$.type.examples[0]"),
            (#"{"title":"t","yaml":"y","error":"e","line":0,"column":5}"#, "$.type.examples[0].line"),
        ])
    func refused(_ example: String, _ path: String) throws {
        guard case .failure(let error) = try described(example) else {
            Issue.record("\(example) was accepted")
            return
        }
        #expect(error.description.contains(path), "\(error)")
    }

    @Test("the reply schema says the same: a position comes as a pair, with an error (python jsonschema)")
    func schemaAgrees() throws {
        guard Required.havePython(importing: "jsonschema") else { return }
        let schema = packageRoot.appending(path: "Plugins/ExternalProtocol/reply.schema.json").path
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            def reply(example):
                return {"protocol": 1, "type": {"id": "fake", "name": "F", "summary": "S", "roles": ["r"], "examples": [example]},
                        "hooks": []}
            base = {"title": "t", "yaml": "y"}
            cases = [dict(base, error="e", line=9, column=5), dict(base, error="e"), dict(base),
                     dict(base, error="e", line=9), dict(base, error="e", column=5), dict(base, line=9, column=5)]
            print(json.dumps([jsonschema.Draft7Validator(schema).is_valid(reply(c)) for c in cases]))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(
            String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                == "[true, true, true, false, false, false]")
    }
}
