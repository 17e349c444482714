// StoreWriter PATH WRITER COUNT: appends COUNT events to the journal at PATH, one transaction
// each, with ids "WRITER-1" ... and prints "committed N" after each commit. Used only by the
// store's tests (concurrent writers, a writer killed mid-run).
import Foundation
import MentorCore
import MentorStore

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: StoreWriter PATH WRITER COUNT\n".utf8))
    exit(2)
}
let (path, writer) = (arguments[1], arguments[2])
do {
    let store = try ProgressStore(path: path)
    let date = CalendarDate(year: 2027, month: 1, day: 11) ?? CalendarDate(daysSinceEpoch: 0)
    for index in 1...max(count, 1) {
        let event = ProgressEvent(
            id: "\(writer)-\(index)", program: "Stress", group: writer, date: date,
            body: .action(ActionEvent(action: "a\(index)", change: .added, text: "Action \(index) of \(writer)")))
        try store.append([event])
        FileHandle.standardOutput.write(Data("committed \(index)\n".utf8))  // unbuffered: reported means committed
    }
} catch {
    FileHandle.standardError.write(Data("StoreWriter: \(error)\n".utf8))
    exit(1)
}
