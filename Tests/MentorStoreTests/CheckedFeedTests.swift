import Foundation
import MentorCore
import MentorStore
import Testing

/// A bulk append fed while its events are still being checked (`mentor import` of a large file):
/// everything once the check passes, and nothing at all, `-wal` included, when it fails.
struct CheckedFeedTests {
    static func events(_ count: Int, prefix: String = "e") -> [ProgressEvent] {
        (1...count).map { number in
            event("\(prefix)\(number)", group: "g\(number % 7)", .trainingNeed(TrainingNeedRecord(text: "Need \(number)")))
        }
    }

    /// Hands `events` to `feed` in runs of `run` on another thread, then calls `end` (finish or fail).
    static func feed(_ feed: CheckedFeed, _ events: [ProgressEvent], run: Int = 1_024, end: @escaping @Sendable (CheckedFeed) -> Void) {
        Thread {
            for start in stride(from: 0, to: events.count, by: run) { feed.put(Array(events[start..<min(events.count, start + run)])) }
            end(feed)
        }.start()
    }

    /// The bytes of the journal's file and its `-wal` (the `-shm` is shared memory that readers change too).
    static func bytes(_ path: String) -> [Data?] {
        [path, path + "-wal"].map { FileManager.default.contents(atPath: $0) }
    }

    @Test("runs handed over while the check goes on are all stored, with the record, once it passes")
    func passes() throws {
        let path = try scratch().appending(path: "progress.sqlite").path
        let store = try ProgressStore(path: path)
        try store.append([event("before", .trainingNeed(TrainingNeedRecord(text: "x")))])
        let events = Self.events(5_000)
        let feed = CheckedFeed(capacity: 2)
        Self.feed(feed, events, run: 700) { $0.finish() }
        let record = JournalRecord(program: "Pilot", kind: .programFile, key: "Pilot", at: Date(), body: "{}")
        #expect(try store.append(checked: feed, record: record) == 5_000)
        #expect(try store.events(program: "Pilot").map(\.id) == ["before"] + events.map(\.id))
        #expect(try store.records(kind: .programFile).map(\.id) == [record.id])
        // Events already there are skipped, as by append.
        let again = CheckedFeed()
        Self.feed(again, events) { $0.finish() }
        #expect(try store.append(checked: again) == 0)
    }

    @Test("a check that fails after runs were inserted leaves the file and its -wal byte for byte as they were")
    func failsLate() throws {
        let path = try scratch().appending(path: "progress.sqlite").path
        let store = try ProgressStore(path: path)
        try store.append([event("before", .trainingNeed(TrainingNeedRecord(text: "x")))])
        let before = Self.bytes(path)
        #expect(before[1] != nil, "the journal has a -wal to compare")
        let feed = CheckedFeed()
        let events = Self.events(8_192)
        Thread {
            for start in stride(from: 0, to: events.count, by: 1_024) { feed.put(Array(events[start..<start + 1_024])) }
            // Every run taken (and, a moment later, inserted) before the check fails at the file's end.
            while feed.waiting > 0 { Thread.sleep(forTimeInterval: 0.01) }
            Thread.sleep(forTimeInterval: 0.3)
            feed.fail()
        }.start()
        let record = JournalRecord(program: "Pilot", kind: .programFile, key: "Pilot", at: Date(), body: "{}")
        #expect(try store.append(checked: feed, record: record) == nil)
        #expect(Self.bytes(path) == before, "nothing reached the file or its -wal")
        #expect(try store.count(program: "Pilot") == 1)
        #expect(try store.records(kind: .programFile).isEmpty)
        #expect(try store.append([event("after", .trainingNeed(TrainingNeedRecord(text: "x")))]) == 1, "the journal still takes writes")
    }

    @Test("a check that fails at once stores nothing")
    func failsAtOnce() throws {
        let store = try ProgressStore(path: try scratch().appending(path: "progress.sqlite").path)
        let feed = CheckedFeed()
        feed.fail()
        #expect(try store.append(checked: feed) == nil)
        #expect(try store.count(program: "Pilot") == 0)
    }

    @Test(
        "inserts that reach their bound wait for the check, while the checker hands over more than the feed holds",
        arguments: [true, false])
    func waitsForTheCheck(passes: Bool) throws {
        let path = try scratch().appending(path: "progress.sqlite").path
        let store = try ProgressStore(path: path)
        let before = Self.bytes(path)
        let feed = CheckedFeed(capacity: 2)
        let events = Self.events(6_000)
        Self.feed(feed, events, run: 100) { feed in
            Thread.sleep(forTimeInterval: 0.2)
            if passes { feed.finish() } else { feed.fail() }
        }
        let added = try store.append(checked: feed, uncheckedBytes: 1)
        if passes {
            #expect(added == 6_000)
            #expect(try store.count(program: "Pilot") == 6_000)
        } else {
            #expect(added == nil)
            #expect(Self.bytes(path) == before)
            #expect(try store.count(program: "Pilot") == 0)
        }
    }

    @Test("an import fed while it is checked, killed with SIGKILL, leaves all of it or none of it")
    func killed() async throws {
        let reliability = ReliabilityTests()
        for delay in [0.0, 0.05, 0.2, 0.5] {
            let folder = try scratch()
            let location = folder.appending(path: "progress.sqlite").path
            try ProgressStore(path: location).append([event("before", .trainingNeed(TrainingNeedRecord(text: "x")))])
            let output = folder.appending(path: "out")
            let process = try reliability.launch(location, writer: "i", count: 100_000, output: output, mode: "fed-import")
            for _ in 0..<400 where !((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("started") {
                try await Task.sleep(for: .seconds(0.01))
            }
            try await Task.sleep(for: .seconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try ProgressStore(path: location)
            let imported = try store.count(program: "stress")
            #expect(imported == 0 || imported == 100_000, "killed after \(delay) s: \(imported) of 100000 events are there")
            #expect(try store.events(program: "Pilot").map(\.id) == ["before"])
        }
    }
}
