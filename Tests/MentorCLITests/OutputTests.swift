import Foundation
import Testing

/// `--output` and standard output, with real files: an output never replaces an input, follows
/// symlinks, refuses what is not a regular file, and a lost write is a non-zero exit.
@Suite("Output")
struct OutputTests {
    static let program = """
        program: Output Test
        type: one-to-one
        starts: 2027-01-11
        people:
          - {id: a, name: Ana Ruiz, grade: 12}
          - {id: b, name: Ben Lin, grade: 9}
        groups:
          - {id: ab, mentor: a, mentees: [b]}

        """

    /// A folder with the program file, and the example plans of the package beside it.
    func project(_ extra: [String: String] = [:]) throws -> URL {
        try Mentor.folder(["program.yaml": Self.program].merging(extra) { _, new in new })
    }

    func agenda(_ folder: URL, _ more: [String]) throws -> Mentor.Output {
        try Mentor.run(["agenda", "program.yaml", "--meeting", "1"] + more, in: folder)
    }

    func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    // MARK: - Inputs

    @Test("--output naming the program file is refused and the file is left as it was")
    func programFile() throws {
        let folder = try project()
        let output = try agenda(folder, ["--output", "program.yaml"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("'program.yaml' is a file this command reads"), "\(output.stderr)")
        #expect(try text(folder.appending(path: "program.yaml")) == Self.program)
    }

    @Test("another path to the program file (./, a symlink, a hard link) is refused too")
    func programFileByOtherPaths() throws {
        let folder = try project()
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder.appending(path: "link.yaml").path, withDestinationPath: "program.yaml")
        try manager.linkItem(atPath: folder.appending(path: "program.yaml").path, toPath: folder.appending(path: "hard.yaml").path)
        for path in ["./program.yaml", folder.appending(path: "program.yaml").path, "link.yaml", "hard.yaml"] {
            let output = try agenda(folder, ["--output", path])
            #expect(output.status != 0, "\(path)")
            #expect(output.stderr.contains("is a file this command reads"), "\(path): \(output.stderr)")
        }
        #expect(try text(folder.appending(path: "program.yaml")) == Self.program)
        #expect(try manager.destinationOfSymbolicLink(atPath: folder.appending(path: "link.yaml").path) == "program.yaml")
    }

    @Test("--output naming a plan template the program read is refused")
    func planFile() throws {
        let plan = try String(contentsOf: Mentor.packageRoot.appending(path: "Plans/career.yaml"), encoding: .utf8)
        let folder = try project(["Plans/career.yaml": plan])
        let output = try agenda(folder, ["--output", "Plans/career.yaml"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("'Plans/career.yaml' is a file this command reads"), "\(output.stderr)")
        #expect(try text(folder.appending(path: "Plans/career.yaml")) == plan)
    }

    @Test("--output naming the journal, its side files or anything in .mentor is refused")
    func journal() throws {
        let folder = try project()
        let log = try Mentor.run(["log", "program.yaml", "--meeting", "1", "--date", "2027-01-11"], in: folder)
        #expect(log.status == 0, "\(log.stderr)")
        // Compared by what it holds: opening the journal rewrites some of its bytes (SQLite's own bookkeeping).
        let before = try Mentor.run(["export", "program.yaml"], in: folder).stdout
        #expect(before.contains("meeting-held"))
        for path in [".mentor/progress.sqlite", ".mentor/progress.sqlite-wal", ".mentor/report.md"] {
            let output = try Mentor.run(["export", "program.yaml", "--output", path], in: folder)
            #expect(output.status != 0, "\(path)")
            #expect(output.stderr.contains("inside a '.mentor' folder"), "\(path): \(output.stderr)")
        }
        #expect(try Mentor.run(["export", "program.yaml"], in: folder).stdout == before)
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentor/report.md").path))

        // A journal elsewhere (--store) is protected by identity, with its SQLite side files.
        let record = try Mentor.run(["log", "program.yaml", "--meeting", "1", "--store", "journal.sqlite"], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        for path in ["journal.sqlite", "journal.sqlite-wal", "journal.sqlite-shm"] {
            let output = try Mentor.run(["report", "program.yaml", "--store", "journal.sqlite", "--output", path], in: folder)
            #expect(output.status != 0, "\(path)")
            #expect(output.stderr.contains("is a file this command reads"), "\(path): \(output.stderr)")
        }
        let export = try Mentor.run(["export", "program.yaml", "--store", "journal.sqlite", "--output", "events.json"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try text(folder.appending(path: "events.json")).contains("meeting-held"))
    }

    @Test("match --output naming the roster is refused")
    func roster() throws {
        let examples = Mentor.packageRoot.appending(path: "Plans/examples/matching")
        let roster = try text(examples.appending(path: "roster.csv"))
        let folder = try Mentor.folder(["program.yaml": try text(examples.appending(path: "program.yaml")), "roster.csv": roster])
        let output = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--output", "roster.csv"], in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains("'roster.csv' is a file this command reads"), "\(output.stderr)")
        #expect(try text(folder.appending(path: "roster.csv")) == roster)
    }

    @Test("match --write through a symlinked program file updates its target and keeps the link")
    func matchWriteThroughSymlink() throws {
        let examples = Mentor.packageRoot.appending(path: "Plans/examples/matching")
        let original = try text(examples.appending(path: "program.yaml"))
        let folder = try Mentor.folder(["real/program.yaml": original, "roster.csv": try text(examples.appending(path: "roster.csv"))])
        let link = folder.appending(path: "program.yaml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/program.yaml")
        let output = try Mentor.run(["match", "program.yaml", "--roster", "roster.csv", "--write"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real/program.yaml")
        let updated = try text(folder.appending(path: "real/program.yaml"))
        #expect(updated != original && updated.hasPrefix(original.prefix(40)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appending(path: "real").path) == ["program.yaml"])
    }

    // MARK: - What a path leads to

    @Test("a symlink is written through: its target gets the output and the link stays a link")
    func symlink() throws {
        let folder = try project(["out/agenda.md": "old\n"])
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder.appending(path: "agenda.md").path, withDestinationPath: "out/agenda.md")
        try manager.createSymbolicLink(atPath: folder.appending(path: "new.md").path, withDestinationPath: "out/new.md")
        for link in ["agenda.md", "new.md"] {
            let output = try agenda(folder, ["--output", link])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(try manager.destinationOfSymbolicLink(atPath: folder.appending(path: link).path) == "out/\(link)")
            #expect(try text(folder.appending(path: "out/\(link)")).hasPrefix("# Output Test: ab"))
        }
        #expect(
            try manager.contentsOfDirectory(atPath: folder.appending(path: "out").path).sorted() == ["agenda.md", "new.md"],
            "no temporary file is left behind")
    }

    @Test("an existing output file keeps its permissions")
    func permissions() throws {
        let folder = try project(["agenda.md": "old\n"])
        let path = folder.appending(path: "agenda.md").path
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let output = try agenda(folder, ["--output", "agenda.md"])
        #expect(output.status == 0, "\(output.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test("a FIFO, a device or a directory is refused with what it is, without blocking")
    func notRegular() throws {
        let folder = try project(["dir/keep": ""])
        #expect(mkfifo(folder.appending(path: "fifo").path, 0o600) == 0)
        let cases = [("fifo", "is a FIFO (named pipe)"), ("/dev/null", "is a character device"), ("dir", "is a directory")]
        for (path, message) in cases {
            let output = try agenda(folder, ["--output", path])
            #expect(output.status != 0, "\(path)")
            #expect(output.stderr.contains("'\(path)' \(message), not a regular file"), "\(path): \(output.stderr)")
        }
    }

    @Test("a folder that doesn't exist is a clear error")
    func missingFolder() throws {
        let folder = try project()
        let output = try agenda(folder, ["--output", "nowhere/agenda.md"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("can't write 'nowhere/agenda.md': No such file or directory"), "\(output.stderr)")
    }
}
