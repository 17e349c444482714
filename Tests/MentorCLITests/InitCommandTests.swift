import Foundation
import Testing

struct InitCommandTests {
    @Test("init writes a program that runs, a Plans/ folder and a roster that matches; a second init replaces nothing")
    func startsAProgram() throws {
        let folder = try Mentor.folder([:])
        let first = try Mentor.run(["init", "ours"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        for file in ["ours/program.yaml", "ours/Plans/plan-template.schema.json", "ours/roster.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.appending(path: file).path), "\(file) was not written")
        }
        let agenda = try Mentor.run(["agenda", "ours/program.yaml", "--group", "pair-1", "--meeting", "1", "--format", "json"], in: folder)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(agenda.stderr.isEmpty, "the program file loads without a warning: \(agenda.stderr)")
        let match = try Mentor.run(["match", "ours/program.yaml", "--roster", "ours/roster.csv", "--format", "json"], in: folder)
        #expect(match.status == 0, "\(match.stderr)")
        let program = folder.appending(path: "ours/program.yaml")
        try Data("changed\n".utf8).write(to: program)
        let again = try Mentor.run(["init", "ours"], in: folder)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exist; nothing was written (init never replaces a file)"), "\(again.stderr)")
        #expect(try String(contentsOf: program, encoding: .utf8) == "changed\n")
    }

    @Test("plans dump --shipped prints a shipped plan's YAML to copy; a copy in Plans/ replaces the shipped one and lints clean")
    func dumpShipped() throws {
        let dumped = try Mentor.run(["plans", "dump", "--shipped", "career"])
        #expect(dumped.status == 0, "\(dumped.stderr)")
        let shipped = try String(contentsOf: Mentor.packageRoot.appending(path: "Plans/career.yaml"), encoding: .utf8)
        #expect(dumped.stdout == shipped)
        let folder = try Mentor.folder(["Plans/career.yaml": dumped.stdout])
        let lint = try Mentor.run(["plans", "lint"], in: folder)
        #expect(lint.status == 0, "\(lint.stderr)")
        let wrong = try Mentor.run(["plans", "dump", "--shipped", "carer"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("'carer' is not a shipped plan; did you mean 'career'?"), "\(wrong.stderr)")
    }
}

struct RunErrorTests {
    @Test("a problem found while running says what to do, without the root command's usage line; usage mistakes keep theirs")
    func noMisleadingUsage() throws {
        let (folder, program) = try programCopy()
        let refused = try Mentor.run(["goal", "set", program, "--group", "ruiz-lin", "Lead", "--plan", "carer"], in: folder)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("Error: --plan 'carer' is not one of this program's plans"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Usage: mentor <subcommand>"), "\(refused.stderr)")
        let mistyped = try Mentor.run(["agenda", program, "--meeting", "1", "--next"], in: folder)
        #expect(mistyped.status == 64)
        #expect(mistyped.stderr.contains("Usage:"), "a usage mistake still shows the usage: \(mistyped.stderr)")
    }
}
