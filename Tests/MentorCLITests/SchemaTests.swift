import Foundation
import TestSupport
import Testing

struct SchemaTests {
    static let committed = Mentor.packageRoot.appending(path: "Plans/plan-template.schema.json")

    @Test("the schema committed beside the plans is the one 'mentor plans schema' prints")
    func committedIsCurrent() throws {
        let output = try Mentor.run(["plans", "schema"])
        #expect(output.status == 0)
        let committed = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(output.stdout == committed, "regenerate: swift run mentor plans schema > Plans/plan-template.schema.json")
    }

    @Test("every shipped template starts with the modeline that points editors at the schema")
    func modelines() throws {
        let plans = Mentor.packageRoot.appending(path: "Plans")
        let files = try FileManager.default.contentsOfDirectory(atPath: plans.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: plans.appending(path: file), encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema=./plan-template.schema.json\n"), "\(file)")
        }
    }

    /// Python's `jsonschema` is the independent validator; `Required.havePython` makes its absence
    /// fail in CI instead of skipping the test.

    @Test("the shipped templates validate against the schema, and a broken one does not")
    func validate() throws {
        guard Required.havePython(importing: "jsonschema") else { return }
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let dump = try Mentor.run(["plans", "dump", "--format", "json", "Plans"])
        try #require(dump.status == 0, "\(dump.stderr)")
        let broken = try Mentor.folder(["broken.yaml": "plan: Broken\ntitle: x\ntopics:\n  - {id: a, minutes: 500}\n"])
        let brokenDump = try Mentor.run(["plans", "dump", "--format", "json", "broken.yaml"], in: broken)
        try #require(brokenDump.status == 0, "\(brokenDump.stderr)")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft7Validator.check_schema(schema)
            validator = jsonschema.Draft7Validator(schema)
            for path in sys.argv[2:]:
                for name, doc in json.load(open(path)).items():
                    errors = sorted(e.message for e in validator.iter_errors(doc))
                    print(name, "INVALID" if errors else "VALID", *errors, sep=" | ")
            """
        let folder = try Mentor.folder(["good.json": dump.stdout, "bad.json": brokenDump.stdout])
        let result = try Mentor.runProcess(
            python,
            [
                "python3", "-c", script, Self.committed.path,
                folder.appending(path: "good.json").path, folder.appending(path: "bad.json").path,
            ])
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let good = lines.filter { $0.hasPrefix("Plans/") }
        #expect(good.count >= 7)
        #expect(good.allSatisfy { $0.contains("| VALID") }, "\(result.stdout)")
        let bad = lines.filter { $0.hasPrefix("broken.yaml") }
        #expect(bad.count == 1)
        #expect(bad.first?.contains("| INVALID") == true)
        #expect(bad.first?.contains("500 is greater than the maximum of 240") == true, "\(result.stdout)")
    }
}
