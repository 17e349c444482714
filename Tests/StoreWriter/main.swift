// StoreWriter LOCATION WRITER COUNT [MODE]: writes to the journal at LOCATION (a file path or a
// postgres:// URL), for the store's tests
// (concurrent writers, writers killed mid-run). Modes:
// - events (default): COUNT events, one transaction each, with ids "WRITER-1" ..., in group
//   WRITER; prints "committed N" after each commit.
// - numbered: COUNT numbered actions (a1, a2, ...) in the group "shared" that every writer uses;
//   prints each number given.
// - import: one transaction of COUNT events; prints "started" before it and "committed" after.
// - fed-import: the same through a CheckedFeed (SQLite only): the events handed over in runs of
//   1,024 by another thread while the transaction inserts the runs before, as `mentor import` does.
// - claim: adds the unique record (sign-in-used, key WRITER); prints "won" or "lost".
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres

let arguments = CommandLine.arguments
guard arguments.count == 4 || arguments.count == 5, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: StoreWriter LOCATION WRITER COUNT [events|numbered|import|fed-import|claim]\n".utf8))
    exit(2)
}
let (path, writer, mode) = (arguments[1], arguments[2], arguments.count == 5 ? arguments[4] : "events")
let date = CalendarDate(year: 2027, month: 1, day: 11) ?? CalendarDate(daysSinceEpoch: 0)

func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) } // unbuffered: reported means done

@Sendable func action(_ id: String, group: String, number: Int) -> ProgressEvent {
    ProgressEvent(
        id: id, program: "stress", group: group, date: date,
        body: .action(ActionEvent(action: "a\(number)", change: .added, text: "Action \(number) of \(writer)")))
}

do {
    let store = try JournalLocation(path).openForRecording()
    switch mode {
    case "numbered":
        for index in 1...max(count, 1) {
            let made = try await store.appendNumbered(program: "stress", group: "shared", kind: .actionAdded, prefix: "a") { number in
                action("\(writer)-\(index)", group: "shared", number: number)
            }
            say(made.item ?? "?")
        }
    case "import":
        let events = (1...max(count, 1)).map { action("\(writer)-\($0)", group: writer, number: $0) }
        say("started")
        try await store.append(events)
        say("committed")
    case "fed-import":
        let events = (1...max(count, 1)).map { action("\(writer)-\($0)", group: writer, number: $0) }
        let store = try ProgressStore(path: path)
        let feed = CheckedFeed()
        Thread {
            for start in stride(from: 0, to: events.count, by: 1_024) { feed.put(Array(events[start..<min(events.count, start + 1_024)])) }
            feed.finish()
        }.start()
        say("started")
        _ = try store.append(checked: feed)
        say("committed")
    case "claim":
        let record = JournalRecord(kind: .signInUsed, key: writer, person: "\(getpid())", at: Date())
        say(try await store.addRecord(record, unique: true) ? "won" : "lost")
    default:
        for index in 1...max(count, 1) {
            try await store.append([action("\(writer)-\(index)", group: writer, number: index)])
            say("committed \(index)")
        }
    }
} catch {
    FileHandle.standardError.write(Data("StoreWriter: \(error)\n".utf8))
    exit(1)
}
