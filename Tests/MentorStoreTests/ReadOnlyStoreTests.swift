import Foundation
import MentorCore
import MentorStore
import Testing

/// Each file of `folder` with its bytes and modification time: what a write would change.
func filesIn(_ folder: URL) throws -> [String: String] {
    var files: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        let url = folder.appending(path: name)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        files[name] = "\(try Data(contentsOf: url).hashValue) \(modified)"
    }
    return files
}

/// Runs a Python snippet with the standard library's sqlite3 on the journal at `path`.
func python(_ script: String, _ path: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, path]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
}

struct ReadOnlyStoreTests {
    @Test("a journal opened for reading is read without a single write, side files included")
    func readingWritesNothing() throws {
        let folder = try scratch()
        let path = folder.appending(path: "progress.sqlite").path
        try ProgressStore(path: path).append((1...20).map { event("e\($0)", .trainingNeed(TrainingNeedRecord(text: "need \($0)"))) })
        let before = try filesIn(folder)
        #expect(before.keys.sorted() == ["progress.sqlite"])
        let reader = try ProgressStore(readingAt: path)
        #expect(reader.isReadOnly)
        #expect(try reader.events(program: "Pilot").count == 20)
        #expect(try reader.count(program: "Pilot") == 20)
        #expect(try reader.programs() == ["Pilot": 20])
        #expect(try filesIn(folder) == before)
        #expect(throws: StoreError.self) { try reader.append([event("x", .trainingNeed(TrainingNeedRecord(text: "x")))]) }
    }

    @Test("while a writer is at work (its WAL not yet checkpointed), a reader sees every committed event and changes neither file")
    func readingBesideAWriter() throws {
        let folder = try scratch()
        let path = folder.appending(path: "progress.sqlite").path
        let writer = try ProgressStore(path: path)
        try writer.append((1...5).map { event("w\($0)", .trainingNeed(TrainingNeedRecord(text: "x"))) })
        let wal = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        try #require(!wal.isEmpty, "the writer's events are still in the WAL")
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try ProgressStore(readingAt: path).events(program: "Pilot").map(\.id) == (1...5).map { "w\($0)" })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == main)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "-wal")) == wal)
        try writer.append([event("w6", .trainingNeed(TrainingNeedRecord(text: "x")))])
        #expect(try ProgressStore(readingAt: path).count(program: "Pilot") == 6)
    }

    @Test("a missing journal, a folder instead of a file, and a file in place of a folder are told apart")
    func missing() throws {
        let folder = try scratch()
        let path = folder.appending(path: "none.sqlite").path
        #expect(throws: StoreError.missing(path)) { try ProgressStore(readingAt: path) }
        #expect(!FileManager.default.fileExists(atPath: path), "reading creates nothing")
        #expect(throws: StoreError.io(path: folder.path, detail: "it is a folder, not a journal file")) {
            try ProgressStore(readingAt: folder.path)
        }
        try Data("x".utf8).write(to: folder.appending(path: "file"))
        let below = folder.appending(path: "file/progress.sqlite").path
        #expect(throws: StoreError.io(path: below, detail: "'\(folder.path)/file' is a file, where a folder was expected")) {
            try ProgressStore(readingAt: below)
        }
    }

    @Test("a damaged journal is refused for reading and for writing, and left byte for byte, with no side files")
    func damagedUntouched() throws {
        let folder = try scratch()
        let path = folder.appending(path: "p.sqlite").path
        try ProgressStore(path: path).append((1...50).map { event("e\($0)", .trainingNeed(TrainingNeedRecord(text: "x"))) })
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let before = try filesIn(folder)
        #expect(throws: StoreError.notADatabase(path)) { try ProgressStore(readingAt: path) }
        #expect(throws: StoreError.notADatabase(path)) { try ProgressStore(path: path) }
        #expect(try filesIn(folder) == before)
    }

    @Test("a stored row that can't be decoded is reported with its id, and the others are still read")
    func unreadableRow() throws {
        let path = try scratch().appending(path: "p.sqlite").path
        let store = try ProgressStore(path: path)
        try store.append([event("a", .trainingNeed(TrainingNeedRecord(text: "x")))])
        try python(
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("INSERT INTO event (id, program, groupID, kind, date, body) VALUES ('b', 'Pilot', 'g', 'exit', '2027-01-01', '{broken')")
            c.commit()
            """, path)
        try store.append([event("c", .trainingNeed(TrainingNeedRecord(text: "y")))])
        let (events, unreadable) = try ProgressStore(readingAt: path).contents(program: "Pilot")
        #expect(events.map(\.id) == ["a", "c"])
        #expect(unreadable.map(\.id) == ["b"])
        #expect(unreadable.first?.group == "g")
    }

    @Test("numbered events take the next number after the highest, so imported ids are never given twice")
    func numbering() throws {
        let store = try ProgressStore(path: try scratch().appending(path: "p.sqlite").path)
        try store.append([event("imported", .goal(GoalEvent(goal: "g7", change: .set, text: "x")))])
        let made = try store.appendNumbered(program: "Pilot", group: "g", kind: .goalSet, prefix: "g") { number in
            event("new", .goal(GoalEvent(goal: "g\(number)", change: .set, text: "y")))
        }
        guard case .goal(let goal) = made.body else {
            Issue.record("not a goal")
            return
        }
        #expect(goal.goal == "g8")
    }
}
