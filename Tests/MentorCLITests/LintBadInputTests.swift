import Foundation
import Testing

/// `plans lint` and program commands on files that are too large, not UTF-8 or full of control bytes.
struct LintBadInputTests {
    /// A folder with `good.yaml` (one unknown key) and `bad.yaml` (Latin-1, not UTF-8).
    func mixedFolder() throws -> URL {
        let folder = try Mentor.folder([
            "Plans/good.yaml": "plan: good\ntitle: Good\ntopics:\n  - {id: a, title: A, minuts: 5, prompts: [Why?]}\n"
        ])
        let bad = Array("plan: bad\ntitle: Caf".utf8) + [0xE9] + Array("\ntopics: []\n".utf8)
        try Data(bad).write(to: folder.appending(path: "Plans/bad.yaml"))
        return folder
    }

    @Test("a file that is not UTF-8 is reported at its bad byte and the other files are still checked")
    func notUTF8Text() throws {
        let folder = try mixedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try Mentor.run(["plans", "lint"], in: folder)
        #expect(output.status == 1)
        #expect(output.stdout.contains("Plans/bad.yaml:2:11: error: byte 0xE9 is not UTF-8 text"))
        #expect(output.stdout.contains("2 | title: Caf\u{FFFD}\n  |           ^"), "\(output.stdout)")
        #expect(output.stdout.contains("Plans/good.yaml:4:23: error: unknown key 'minuts'"))
        #expect(output.stdout.hasSuffix("checked 2 files: 2 errors, 0 warnings\n"))
    }

    @Test("with --format json, a file that is not UTF-8 is one problem in a complete report")
    func notUTF8JSON() throws {
        let folder = try mixedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try Mentor.run(["plans", "lint", "--format", "json"], in: folder)
        #expect(output.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(report?["files"] as? Int == 2)
        let problems = try #require(report?["problems"] as? [[String: Any]])
        #expect(
            problems.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["column"] ?? "")" }
                == ["Plans/bad.yaml:2:11", "Plans/good.yaml:4:23"])
    }

    @Test("a file over 64 MiB is refused from its size at once, without its line")
    func tooLarge() throws {
        let folder = try Mentor.folder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appending(path: "big.yaml")
        _ = FileManager.default.createFile(atPath: big.path, contents: Data("plan: big\n".utf8))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 100_000_000) // sparse: no disk used, but 100 MB to read
        try handle.close()
        let started = Date()
        let output = try Mentor.run(["plans", "lint", "big.yaml"], in: folder)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(output.status == 1)
        #expect(
            output.stdout == """
                big.yaml:1:1: error: the file is 100000000 bytes, over the limit of 67108864 bytes; split it into several files

                checked 1 file: 1 error, 0 warnings

                """)
    }

    @Test("control bytes in a file reach the terminal escaped, and the caret stays under them")
    func escapeBytes() throws {
        let folder = try Mentor.folder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("plan: x\ntitle: \u{1B}[2J\u{1B}]0;pwned\u{7}\n".utf8).write(to: folder.appending(path: "x.yaml"))
        let output = try Mentor.run(["plans", "lint", "x.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(!output.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(
            output.stdout.contains(
                """
                x.yaml:2:8: error: control characters are not allowed; the file contains the control character \\u{1B} here
                """))
        #expect(output.stdout.contains("2 | title: \\u{1B}[2J\\u{1B}]0;pwned\\u{7}\n  |        ^"), "\(output.stdout)")
    }

    @Test("a file read from disk in pieces: problems far into it show their lines, and the status is kept")
    func largeFileExcerpts() throws {
        var text = "plan: big\r\ntitle: Big\r\ntopics:\r\n"
        for index in 0..<3_000 {
            text += "  - {id: t-\(index), title: T, minutes: 5, prompts: [Why?]}\r\n"
        }
        let clean = text
        text += "  - {id: late, title: Late, minuts: 5, prompts: [Why?]}\r\n"
        let folder = try Mentor.folder(["big.yaml": text, "clean.yaml": clean.replacingOccurrences(of: "plan: big", with: "plan: clean")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try Mentor.run(["plans", "lint", "big.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(
            output.stdout == """
                big.yaml:3004:29: error: unknown key 'minuts'; did you mean 'minutes'?
                3004 |   - {id: late, title: Late, minuts: 5, prompts: [Why?]}
                     |                             ^

                checked 1 file: 1 error, 0 warnings

                """)
        let good = try Mentor.run(["plans", "lint", "clean.yaml"], in: folder)
        #expect(good.status == 0)
        #expect(good.stdout == "checked 1 file: 1 plans, no problems found\n")
    }

    @Test("a one-line file's error echoes a screenful around the column, not the whole line")
    func longLine() throws {
        let line = "title: " + String(repeating: "word ", count: 200_000) + ": oops"
        let folder = try Mentor.folder(["x.yaml": "plan: x\n" + line + "\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try Mentor.run(["plans", "lint", "x.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(output.stdout.utf8.count < 1_000)
        #expect(output.stdout.contains("word : oops\n"))
    }
}

struct CalendarOutputTests {
    @Test(".ics on standard output ends with CRLF after END:VCALENDAR and nothing more")
    func icsEnding() throws {
        let output = try Mentor.run([
            "agenda", "Plans/examples/one-to-one.yaml", "--group", "ruiz-lin", "--meeting", "2",
            "--format", "ics",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(Array(output.stdout.utf8.suffix(15)) == Array("END:VCALENDAR\r\n".utf8))
    }
}
