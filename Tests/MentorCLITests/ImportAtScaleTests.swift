import Foundation
import MentorStore
import Testing

/// `mentor import` of files large enough for its bulk paths: the export read a share of the
/// elements per core, and rows made on one thread while SQLite inserts them on another.
struct ImportAtScaleTests {
    /// `pairs` groups of 12 meetings, then actions added and done in turn, as make_journal.py writes them.
    static func events(pairs: Int, perGroup: Int) -> [String] {
        var events: [String] = []
        for index in 0..<pairs {
            let group = "g\(index)"
            for number in 1...12 {
                let month = String(format: "%02d", number)
                events.append(
                    eventJSON(
                        "\(group)-m\(number)", group: group, date: "2027-\(month)-11", kind: "meeting-held",
                        #"{"number": \#(number), "held": true, "attendees": ["m\#(index)", "e\#(index)"], "covered": []}"#,
                        program: "shares"))
            }
            for action in 1...((perGroup - 12) / 2) {
                let date = "2027-0\(1 + action % 9)-0\(1 + action % 9)"
                events.append(
                    eventJSON(
                        "\(group)-a\(action)", group: group, date: date, kind: "action-added",
                        #"{"action": "a\#(action)", "change": "added", "text": "Action \#(action) \"quoted\" {braced}", "owner": "e\#(index)"}"#,
                        program: "shares"))
                events.append(
                    eventJSON(
                        "\(group)-d\(action)", group: group, date: date, kind: "action-done",
                        #"{"action": "a\#(action)", "change": "done"}"#, program: "shares"))
            }
        }
        return events
    }

    static func write(_ events: [String], to url: URL) throws {
        try Data("[\n\(events.joined(separator: ",\n"))\n]".utf8).write(to: url)
    }

    @Test("a large import stores every event in the file's order; exported again it is the same file; importing twice adds nothing")
    func largeImport() throws {
        let folder = try Mentor.folder(["shares.yaml": ReportSharesTests.program(pairs: 10)])
        let events = Self.events(pairs: 10, perGroup: 600)
        try Self.write(events, to: folder.appending(path: "events.json"))
        let first = try mentor(["import", "shares.yaml", "events.json"], in: folder)
        #expect(first.stdout == "imported 6000 of 6000 events (0 were already there)\n")
        let exported = try mentor(["export", "shares.yaml", "--include-private"], in: folder).stdout
        let ids = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [[String: Any]]).compactMap {
            $0["id"] as? String
        }
        #expect(
            ids
                == events.indices.map { index in
                    let object = try? JSONSerialization.jsonObject(with: Data(events[index].utf8)) as? [String: Any]
                    return object?["id"] as? String ?? ""
                })
        // The export imported into a new journal, exported again: the same text.
        try Data(exported.utf8).write(to: folder.appending(path: "export.json"))
        try mentor(["import", "shares.yaml", "export.json", "--store", "copy.sqlite"], in: folder)
        #expect(try mentor(["export", "shares.yaml", "--include-private", "--store", "copy.sqlite"], in: folder).stdout == exported)
        let again = try mentor(["import", "shares.yaml", "export.json"], in: folder)
        #expect(again.stdout == "imported 0 of 6000 events (6000 were already there)\n")
        // One share at a time gives the same journal.
        let one = try Mentor.run(
            ["import", "shares.yaml", "export.json", "--store", "one.sqlite"], in: folder,
            environment: ["MENTORKIT_CORES": "1"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try mentor(["export", "shares.yaml", "--include-private", "--store", "one.sqlite"], in: folder).stdout == exported)
    }

    @Test("a bad event midway through a large file: every problem listed, nothing imported, no journal made or changed")
    func badEventMidway() throws {
        let folder = try Mentor.folder(["shares.yaml": ReportSharesTests.program(pairs: 10)])
        var events = Self.events(pairs: 10, perGroup: 600)
        events[3_001] = eventJSON("bad-done", group: "g5", kind: "action-done", #"{"action": "a999", "change": "done"}"#, program: "shares")
        events[4_500] = eventJSON(
            "bad-rating", group: "g7", kind: "check-in", #"{"by": "e7", "rating": 9, "answers": []}"#, program: "shares")
        try Self.write(events, to: folder.appending(path: "bad.json"))
        let refused = try Mentor.run(["import", "shares.yaml", "bad.json"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad.json: [3001].details.action: 'a999' is not an open action of group 'g5'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("bad.json: [4500].details.rating: 9 is not a rating"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was imported"))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentor").path), "a refused import creates no journal")

        try mentor(["log", "shares.yaml", "--group", "g0", "--meeting", "1"], in: folder)
        let journal = try journalSnapshot(folder.appending(path: ".mentor"))
        #expect(try Mentor.run(["import", "shares.yaml", "bad.json"], in: folder).status != 0)
        #expect(try journalSnapshot(folder.appending(path: ".mentor")) == journal, "all or nothing: the journal is untouched")
    }

    @Test("a large import into a journal that is there is inserted while it is checked: the same events, and the file's claim noted")
    func streamedImport() throws {
        let folder = try Mentor.folder(["shares.yaml": ReportSharesTests.program(pairs: 10)])
        try mentor(["log", "shares.yaml", "--group", "g9", "--meeting", "1"], in: folder)
        let events = Self.events(pairs: 9, perGroup: 600)
        try Self.write(events, to: folder.appending(path: "events.json"))
        // The same program file in another folder: a claim the journal doesn't have yet.
        let moved = folder.appending(path: "moved")
        try FileManager.default.createDirectory(at: moved, withIntermediateDirectories: true)
        try Data(ReportSharesTests.program(pairs: 10).utf8).write(to: moved.appending(path: "shares.yaml"))
        let imported = try mentor(["import", "moved/shares.yaml", "events.json", "--store", ".mentor/progress.sqlite"], in: folder)
        #expect(imported.stdout == "imported 5400 of 5400 events (0 were already there)\n")
        let exported = try mentor(["export", "shares.yaml", "--include-private"], in: folder).stdout
        let ids = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [[String: Any]]).compactMap {
            $0["id"] as? String
        }
        #expect(ids.count == 5_401)
        #expect(
            Array(ids.dropFirst())
                == (0..<9).flatMap { group in
                    (1...12).map { "g\(group)-m\($0)" } + (1...294).flatMap { ["g\(group)-a\($0)", "g\(group)-d\($0)"] }
                })
        let claims = try ProgressStore(readingAt: folder.appending(path: ".mentor/progress.sqlite").path).records(kind: .programFile)
        #expect(claims.count == 2, "the moved file's claim is noted with the events")
        #expect(claims.last?.body.contains("moved") == true, "\(claims.map(\.body))")
    }

    @Test("a large file refused at its last event, after rows were inserted while checking: the journal is untouched, -wal included")
    func refusedAtTheEnd() throws {
        let folder = try Mentor.folder(["shares.yaml": ReportSharesTests.program(pairs: 10)])
        try mentor(["log", "shares.yaml", "--group", "g9", "--meeting", "1"], in: folder)
        var events = Self.events(pairs: 9, perGroup: 600)
        events[events.count - 1] = eventJSON(
            "bad-done", group: "g8", kind: "action-done", #"{"action": "a999", "change": "done"}"#, program: "shares")
        try Self.write(events, to: folder.appending(path: "bad.json"))
        let journal = try journalSnapshot(folder.appending(path: ".mentor"))
        let refused = try Mentor.run(["import", "shares.yaml", "bad.json"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad.json: [5399].details.action: 'a999' is not an open action of group 'g8'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was imported"))
        #expect(try journalSnapshot(folder.appending(path: ".mentor")) == journal, "all or nothing: the journal is untouched")
        #expect(try mentor(["export", "shares.yaml"], in: folder).stdout.components(separatedBy: "\"id\"").count == 2, "one event")
    }
}
