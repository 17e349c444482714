import Diagnostics
import Foundation
import PlanYAML
import Testing

@testable import MentorCore

// MARK: - Reading files

struct SourceReadingTests {
    /// A fresh file holding `bytes`, removed by the caller.
    func file(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "mentorkit-read-\(UUID().uuidString).yaml")
        try Data(bytes).write(to: url)
        return url
    }

    @Test("a regular file over the limit is refused from its size, without reading it")
    func regularTooLarge() throws {
        let url = try file(Array(repeating: UInt8(ascii: "a"), count: 1_000))
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try PlanSource.read(path: url.path, limits: Limits(maxBytes: 100))
        #expect(source.problem == .sizeLimit(bytes: 1_000, limit: 100))
        #expect(source.text.isEmpty)
        #expect(source.problem?.message == "the file is 1000 bytes, over the limit of 100 bytes; split it into several files")
    }

    @Test("a file that is not regular (an endless device) is read up to the limit and no further")
    func endless() throws {
        let limit = 3 << 20
        let source = try PlanSource.read(path: "/dev/zero", limits: Limits(maxBytes: limit))
        #expect(source.problem == .sizeLimit(bytes: limit + 1, limit: limit))
        #expect(source.problem?.message == "the file is more than \(limit) bytes; split it into several files")
    }

    @Test("a file at the limit is read whole")
    func atLimit() throws {
        let url = try file(Array("plan: a\n".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try PlanSource.read(path: url.path, limits: Limits(maxBytes: 8))
        #expect(source.problem == nil)
        #expect(source.text == "plan: a\n")
    }

    @Test("a missing file or a folder can't be read, and the error says why")
    func unreadable() throws {
        #expect(throws: PlanSource.ReadError(path: "/nonexistent/x.yaml", reason: "no such file or directory")) {
            try PlanSource.read(path: "/nonexistent/x.yaml")
        }
        #expect(throws: PlanSource.ReadError(path: "/tmp", reason: "it is a folder, not a file")) {
            try PlanSource.read(path: "/tmp")
        }
    }

    @Test("a file that is not UTF-8 is reported at its bad byte and the other files still load")
    func notUTF8() {
        let bad = PlanSource(path: "bad.yaml", bytes: Array("plan: bad\ntitle: Caf".utf8) + [0xE9] + Array("\n".utf8))
        let good = PlanSource(
            path: "good.yaml", text: "plan: good\ntitle: Good\ntopics:\n  - {id: a, title: A, minutes: 5, prompts: [Why?]}\n")
        let result = PlanLoader().load([bad, good])
        #expect(
            result.diagnostics.map(\.description) == [
                "bad.yaml:2:11: error: byte 0xE9 is not UTF-8 text; save the file as UTF-8 (most editors offer it under 'Save As' or 'Encoding')"
            ])
        #expect(result.plans.map(\.id) == ["good"])
    }

    @Test("a regular file read straight into its text finds the same bad byte as the bytes did, past long ASCII runs")
    func regularNotUTF8() throws {
        for prefix in ["", "title: Caf", String(repeating: "a", count: 37) + "\n" + String(repeating: "b", count: 20)] {
            let bytes = Array(("plan: bad\n" + prefix).utf8) + [0xE9] + Array("\n".utf8)
            let url = try file(bytes)
            defer { try? FileManager.default.removeItem(at: url) }
            let read = try PlanSource.read(path: url.path)
            let expected = PlanSource(path: url.path, bytes: bytes)
            #expect(read == expected)
            #expect(read.problem != nil)
            #expect(read.text.hasSuffix("\u{FFFD}\n"))
        }
        let url = try file(Array("title: Protégé ✓\n".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try PlanSource.read(path: url.path) == PlanSource(path: url.path, text: "title: Protégé ✓\n"))
    }
}

// MARK: - Ids

struct SuggestedIDTests {
    @Test(
        "a suggested id transliterates letters instead of dropping them",
        arguments: [
            ("café-übung", "cafe-ubung"), ("Straße", "strasse"), ("Łódź office", "lodz-office"), ("Next Level!", "next-level"),
            ("Ærø 2", "aero-2"),
        ])
    func transliterated(_ text: String, _ id: String) {
        #expect(PlanFormat.suggestedID(for: text) == id)
        #expect(PlanFormat.isValidID(id))
    }

    @Test("ids are ASCII: letters with accents are refused")
    func ascii() {
        #expect(!PlanFormat.isValidID("café"))
        #expect(
            PlanError.invalidID(kind: "plan", id: "café-übung", at: Mark(line: 1, column: 7)).message
                == "'café-übung' is not a valid plan id; use lowercase letters and digits joined by '-', like 'cafe-ubung' "
                + "(ids become file names and links, so they are ASCII)")
    }
}

// MARK: - Markdown escaping

struct ReportMarkdownEscapingTests {
    static let hostile = "<script>alert(1)</script>"

    static let report = ProgramReport(
        program: "P *bold*", type: "one-to-one", date: CalendarDate("2027-03-01")!, includesPrivate: true,
        groups: [
            ProgramReport.Group(
                group: "g|x", members: [hostile, "[link](http://x)"], planned: 2, held: 1, missed: 0, lastMeeting: nil,
                daysSinceLastMeeting: nil, risks: [], goalsOpen: 0, goalsAchieved: 0, goalsDropped: 0, actionsOpen: 0,
                actionsOverdue: 0, checkInsDone: 0, checkInsDue: 0, exitBy: hostile, exitReason: "# moved\n- away",
                trainingNeeds: ["- " + hostile], feedback: ["\(hostile): fine"], notes: ["1. `rm -rf`"],
                measures: [Measure("Spotlight: \(hostile)", "1 turn")], ratings: [3, 5], answers: ["- " + hostile],
                goals: [ProgramReport.GoalLine(id: "g1", text: hostile, plan: "career", target: nil, status: .set)],
                actions: [ProgramReport.ActionLine(id: "a1", text: "| " + hostile, owner: hostile, due: nil, done: false, overdue: false)])
        ])

    @Test("a report and progress escape every name, note and feedback as the agenda does")
    func escaped() {
        let markdown = ReportRenderer.markdown(Self.report)
        #expect(!markdown.replacingOccurrences(of: "\\<", with: "").contains("<"), "every '<' is escaped: \(markdown)")
        #expect(markdown.contains("\\<script>alert(1)\\</script>"))
        #expect(markdown.contains("# P \\*bold\\*: progress on 2027-03-01"))
        #expect(markdown.contains("| g\\|x |"), "a pipe can't split a table cell")
        #expect(markdown.contains("\\[link\\](http://x)"))
        #expect(markdown.contains("- \\- \\<script>"), "a list item can't start a nested list")
        #expect(markdown.contains("- 1\\. \\`rm -rf\\`"))
        #expect(!markdown.contains("\n# moved"), "a reason can't start a heading")
        #expect(markdown.contains("- g1 \\<script>"), "goal text is escaped: \(markdown)")
        #expect(markdown.contains("- a1 \\| \\<script>"), "action text is escaped")
        #expect(markdown.contains("| 4.0 of 2 check-ins |"))
        let html = ReportRenderer.html(Self.report)
        #expect(!html.contains("<script>"), "HTML escapes every field")
    }

    @Test("the agenda and the report escape the same text the same way")
    func oneFunction() {
        #expect(AgendaRenderer.inline(Self.hostile) == MarkdownText.inline(Self.hostile))
        #expect(MarkdownText.inline("a\u{1B}[2Jb") == "a\\\\u{1B}\\[2Jb", "no escape sequence reaches a terminal")
    }

    @Test("the fast path takes only text the escaping would leave as it is")
    func plainFastPath() {
        // Every one- and two-character string over an alphabet of the characters that matter,
        // plus samples: whenever the byte scan says plain, the general path must agree.
        let alphabet = [
            "a", "Z", "0", "1", ".", ")", " ", "\t", "\\", "`", "*", "_", "<", ">", "[", "]", "|", "~",
            "#", "-", "+", "=", "&", "é", "\u{1B}", "\u{202E}", "\n",
        ]
        var samples = alphabet + alphabet.flatMap { a in alphabet.map { a + $0 } }
        samples += ["", "Employee 12", "Dana Ruiz", "12. June", "x|y", "<script>", "=SUM(1)", " lead", "trail "]
        var plain = 0
        for text in samples where MarkdownText.isPlain(text) {
            plain += 1
            #expect(MarkdownText.inline(text) == text, "\(text.debugDescription) was taken as plain")
        }
        #expect(plain > 50, "the fast path is used for ordinary text")
        #expect(MarkdownText.isPlain("Employee 12") && MarkdownText.isPlain("Dana Ruiz (e100)"))
    }
}
