import Foundation
import Testing

struct PlansLintTests {
    @Test("the shipped Plans/ lint clean")
    func shippedClean() throws {
        let output = try Mentor.run(["plans", "lint"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("no problems found"))
    }

    @Test("problems print file:line:column, the line and a caret, and exit 1")
    func problems() throws {
        let folder = try Mentor.folder([
            "Plans/mine.yaml": """
            plan: mine
            title: Mine
            topics:
              - id: one
                title: One
                minuts: 15
                prompts: [Why?]
            """
        ])
        let output = try Mentor.run(["plans", "lint"], in: folder)
        #expect(output.status == 1)
        #expect(
            output.stdout == """
                Plans/mine.yaml:6:5: error: unknown key 'minuts'; did you mean 'minutes'?
                6 |     minuts: 15
                  |     ^

                checked 1 file: 1 error, 0 warnings

                """)
    }

    @Test("json output lists every problem with its position")
    func json() throws {
        let folder = try Mentor.folder(["a.yaml": "plan: a\ntitle: A\nextends: carer\n"])
        let output = try Mentor.run(["plans", "lint", "a.yaml", "--format", "json"], in: folder)
        #expect(output.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let problems = try #require(report?["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["line"] as? Int == 3)
        #expect(problems.first?["column"] as? Int == 10)
        #expect(problems.first?["message"] as? String == "'extends' names unknown plan 'carer'; did you mean 'career'?")
    }

    @Test("a template may extend a shipped plan from any folder")
    func extendsShipped() throws {
        let folder = try Mentor.folder(["Plans/ours.yaml": "plan: ours\ntitle: Ours\nextends: career\n"])
        let output = try Mentor.run(["plans", "lint"], in: folder)
        #expect(output.status == 0, "\(output.stdout)")
    }

    @Test("a missing path or Plans folder is a clear error, not a crash")
    func missingPaths() throws {
        let empty = try Mentor.folder([:])
        let none = try Mentor.run(["plans", "lint"], in: empty)
        #expect(none.status != 0)
        #expect(none.stderr.contains("there is no 'Plans' folder in"))
        let typo = try Mentor.run(["plans", "lint", "Plnas"], in: empty)
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("no file or folder at 'Plnas'"))
    }

    @Test("a file that is not UTF-8 is an error at its first bad byte, with the reason")
    func notUTF8() throws {
        let folder = try Mentor.folder([:])
        try Data([0x70, 0x6C, 0x61, 0x6E, 0x3A, 0x20, 0xFF, 0xFE]).write(to: folder.appending(path: "bad.yaml"))
        let output = try Mentor.run(["plans", "lint", "bad.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(output.stdout.hasPrefix("bad.yaml:1:7: error: byte 0xFF is not UTF-8 text; save the file as UTF-8"))
    }
}

struct PlansListTests {
    @Test("list shows the shipped plans with their topics and minutes")
    func shipped() throws {
        let folder = try Mentor.folder([:])
        let output = try Mentor.run(["plans", "list"], in: folder)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        for id in ["career", "development-needs", "current-workplace", "orientation", "check-in", "closing"] {
            #expect(lines.contains { $0.hasPrefix(id + " ") }, "missing \(id)")
        }
    }

    @Test("a local plan replaces the shipped plan with the same id")
    func replaces() throws {
        let folder = try Mentor.folder([
            "Plans/career.yaml": """
            plan: career
            title: Our own career plan
            topics:
              - {id: only, title: Only, minutes: 7, prompts: [Why?]}
            """
        ])
        let output = try Mentor.run(["plans", "list", "--format", "json"], in: folder)
        #expect(output.status == 0)
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        let career = plans.filter { $0["id"] as? String == "career" }
        #expect(career.count == 1)
        #expect(career.first?["title"] as? String == "Our own career plan")
        #expect(career.first?["source"] as? String == "Plans/career.yaml")
        #expect(plans.contains { $0["id"] as? String == "orientation" })
    }
}

struct HelpTests {
    @Test("help teaches: it names the plan parts and the first commands to run")
    func help() throws {
        let output = try Mentor.run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("mentor plans lint"))
        #expect(output.stdout.contains("six-month check-in"))
        let lint = try Mentor.run(["plans", "lint", "--help"])
        #expect(lint.stdout.contains("file:line:column"))
        #expect(lint.stdout.contains("Exit status"))
    }
}
