import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything about a journal folder that a write would change: each file's bytes and
/// modification time, and which files there are (a `-wal` or `-shm` appearing counts).
func journalSnapshot(_ folder: URL) throws -> [String: String] {
    var snapshot: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        let path = folder.appending(path: name).path
        var status = stat()
        _ = stat(path, &status)
        let data = FileManager.default.contents(atPath: path) ?? Data()
        snapshot[name] = "\(data.count) bytes, mtime \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec), hash \(data.hashValue)"
    }
    return snapshot
}

/// Whether `mentor` can be run so that permission bits apply: not root, or root with `setpriv`.
let canRunUnprivileged = geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

/// A copy of the `mentor` binary that any user may run (the build folder may sit in root's home).
let sharedBinary: URL? = {
    guard let binary = Mentor.binary else { return nil }
    let folder = FileManager.default.temporaryDirectory.appending(path: "mentorkit-bin-\(UUID().uuidString)")
    let copy = folder.appending(path: "mentor")
    do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try FileManager.default.copyItem(at: binary, to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        return copy
    } catch {
        return nil
    }
}()

/// Runs `mentor` as an unprivileged user, so that permission bits apply even when the tests run
/// as root (as CI does): directly when not root, through `setpriv` as `nobody` when root.
func mentorUnprivileged(_ arguments: [String], in folder: URL) throws -> Mentor.Output {
    if geteuid() != 0 { return try Mentor.run(arguments, in: folder) }
    let binary = try #require(sharedBinary, "the mentor binary could not be copied where 'nobody' can run it")
    return try Mentor.runProcess(
        URL(fileURLWithPath: "/usr/bin/setpriv"),
        ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + Mentor.dated(arguments), in: folder)
}

/// A program copy with a few events recorded in its default journal.
func programWithHistory() throws -> (folder: URL, program: String) {
    let (folder, program) = try programCopy()
    try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
    try mentor(["goal", "set", program, "--group", "ruiz-lin", "Understand the budget cycle", "--plan", "current-workplace"], in: folder)
    try mentor(["checkin", program, "--group", "ruiz-lin", "--by", "e230", "--rating", "4"], in: folder)
    return (folder, program)
}

let readingCommands: [[String]] = [
    ["agenda", "PROGRAM", "--group", "ruiz-lin"],
    ["agenda", "PROGRAM", "--group", "ruiz-lin", "--meeting", "3", "--format", "json"],
    ["progress", "PROGRAM", "--group", "ruiz-lin", "--today", "2027-03-01"],
    ["report", "PROGRAM", "--today", "2027-03-01"],
    ["report", "PROGRAM", "--format", "html", "--today", "2027-03-01"],
    ["export", "PROGRAM"],
    ["export", "PROGRAM", "--include-private", "--group", "ruiz-lin"],
]

struct JournalReadingTests {
    @Test("reading commands never write: the journal's bytes, its time and its folder stay exactly as they were")
    func readingNeverWrites() throws {
        let (folder, program) = try programWithHistory()
        let journalFolder = folder.appending(path: ".mentor")
        let before = try journalSnapshot(journalFolder)
        #expect(before.keys.sorted() == ["progress.sqlite"], "a recording command leaves only the journal: \(before)")
        for arguments in readingCommands {
            let output = try mentor(arguments.map { $0 == "PROGRAM" ? program : $0 }, in: folder)
            #expect(!output.stdout.isEmpty)
            #expect(try journalSnapshot(journalFolder) == before, "\(arguments.joined(separator: " ")) changed the journal")
        }
        let agenda = try mentor(["agenda", program, "--group", "ruiz-lin", "--format", "json"], in: folder)
        #expect(agenda.stdout.contains("\"meeting\" : 2") || agenda.stdout.contains("\"meeting\": 2"), "history was read")
    }

    @Test(
        "a read-only journal (folder 555, file 444) reads fine and is left untouched",
        .enabled(if: canRunUnprivileged, "running as root needs /usr/bin/setpriv to test as another user"))
    func readOnlyJournal() throws {
        let (folder, program) = try programWithHistory()
        let journalFolder = folder.appending(path: ".mentor")
        let journal = journalFolder.appending(path: "progress.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: journal.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: journalFolder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: journalFolder.path) }
        let before = try journalSnapshot(journalFolder)
        for arguments in readingCommands {
            let output = try mentorUnprivileged(arguments.map { $0 == "PROGRAM" ? program : $0 }, in: folder)
            #expect(output.status == 0, "\(arguments.joined(separator: " ")): \(output.stderr)")
            #expect(!output.stderr.contains("readonly"), "\(output.stderr)")
        }
        let progress = try mentorUnprivileged(["progress", program, "--group", "ruiz-lin", "--today", "2027-03-01"], in: folder)
        #expect(progress.stdout.contains("1 of"), "the history is read: \(progress.stdout)")
        let record = try mentorUnprivileged(["log", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        #expect(record.status != 0)
        #expect(record.stderr.contains("read-only for you"), "\(record.stderr)")
        #expect(try journalSnapshot(journalFolder) == before)
    }

    @Test("a damaged journal is reported by every command and left byte for byte as it was")
    func damagedJournal() throws {
        let (folder, program) = try programWithHistory()
        let journalFolder = folder.appending(path: ".mentor")
        let journal = journalFolder.appending(path: "progress.sqlite")
        let handle = try #require(FileHandle(forUpdatingAtPath: journal.path))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4000))
        try handle.close()
        let before = try journalSnapshot(journalFolder)
        for arguments in readingCommands + [
            ["log", "PROGRAM", "--group", "ruiz-lin", "--meeting", "2"],
            ["action", "add", "PROGRAM", "--group", "ruiz-lin", "Call the budget office"],
        ] {
            let output = try Mentor.run(arguments.map { $0 == "PROGRAM" ? program : $0 }, in: folder)
            #expect(output.status != 0, "\(arguments.joined(separator: " ")) must fail")
            #expect(output.stderr.contains("is not a progress journal"), "\(output.stderr)")
            #expect(try journalSnapshot(journalFolder) == before, "\(arguments.joined(separator: " ")) changed the damaged journal")
        }
    }

    @Test("no journal beside the program: agendas come from the plan with no warning")
    func noJournalYet() throws {
        let (folder, program) = try programCopy()
        let output = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        #expect(output.stderr.isEmpty, "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentor").path), "reading created nothing")
    }

    @Test("a mistyped --store is an error for reading commands, and for recording ones when its folder is missing")
    func mistypedStore() throws {
        let (folder, program) = try programWithHistory()
        for command in readingCommands {
            let arguments = command.map { $0 == "PROGRAM" ? program : $0 } + ["--store", ".mentor/progres.sqlite"]
            let output = try Mentor.run(arguments, in: folder)
            #expect(output.status != 0)
            #expect(output.stderr.contains("--store '.mentor/progres.sqlite': there is no progress journal there"), "\(output.stderr)")
        }
        let record = try Mentor.run(
            ["log", program, "--group", "ruiz-lin", "--meeting", "2", "--store", ".mentr/progress.sqlite"], in: folder)
        #expect(record.status != 0)
        #expect(record.stderr.contains("there is no folder '.mentr'"), "\(record.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentr").path))
        let fresh = try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1", "--store", "new.sqlite"], in: folder)
        #expect(fresh.stderr.contains("note: started a new progress journal at 'new.sqlite'"))
    }

    @Test(
        "a .mentor folder that can't be entered, or a journal that can't be read, is an error that names it",
        .enabled(if: canRunUnprivileged, "running as root needs /usr/bin/setpriv to test as another user"))
    func closedFolder() throws {
        let (folder, program) = try programWithHistory()
        let journalFolder = folder.appending(path: ".mentor")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: journalFolder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: journalFolder.path) }
        let output = try mentorUnprivileged(["agenda", program, "--group", "ruiz-lin"], in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains("can't read the folder '"), "\(output.stderr)")
        #expect(output.stderr.contains(".mentor': permission denied"), "\(output.stderr)")

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: journalFolder.path)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o600], ofItemAtPath: journalFolder.appending(path: "progress.sqlite").path)
        let file = try mentorUnprivileged(["report", program, "--today", "2027-03-01"], in: folder)
        #expect(file.status != 0)
        #expect(file.stderr.contains("can't read the journal '.mentor/progress.sqlite': permission denied"), "\(file.stderr)")
    }

    @Test("renaming a program keeps its history: the journal files events under the program's key, not its name")
    func renamedProgram() throws {
        let (folder, program) = try programWithHistory()
        let file = folder.appending(path: program)
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "program: Public Works Mentoring 2027", with: "program: Public Works Mentoring")
            .write(to: file, atomically: true, encoding: .utf8)
        let output = try mentor(["agenda", program, "--group", "ruiz-lin", "--today", "2027-02-20", "--format", "json"], in: folder)
        #expect(output.stderr.isEmpty, "\(output.stderr)")
        #expect(try nextMeeting(program, in: folder) == 2, "meeting 1 is still logged")
    }
}

struct ProgramKeyJournalTests {
    /// Writes `program` (in `folder`) with its `id:` set to `id`.
    func setID(_ id: String, of program: String, in folder: URL) throws {
        let file = folder.appending(path: program)
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "program: Public Works Mentoring 2027", with: "id: \(id)\nprogram: Public Works Mentoring 2027")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    @Test("a changed id: is named with the way to carry the history over; recording refuses until it is carried")
    func changedKey() throws {
        let (folder, program) = try programWithHistory()
        try setID("public-works-2027", of: program, in: folder)
        let reading = try mentor(["agenda", program, "--group", "ruiz-lin", "--format", "json"], in: folder)
        #expect(
            reading.stderr.contains(
                "recorded its history under the program key 'one-to-one' (3 events), and its key is now "
                    + "'public-works-2027'"), "\(reading.stderr)")
        #expect(reading.stderr.contains("mentor store rekey \(program) --from one-to-one"))
        let refused = try Mentor.run(["log", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("mentor store rekey \(program) --from one-to-one"), "\(refused.stderr)")
        #expect(try exported(program, in: folder).isEmpty, "nothing was recorded under the new key")

        let rekey = try mentor(["store", "rekey", program, "--from", "one-to-one"], in: folder)
        #expect(rekey.stdout.contains("filed 3 events of 'one-to-one' under 'public-works-2027'"), "\(rekey.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: ".mentor/progress.sqlite.v1-backup").path))
        #expect(try nextMeeting(program, in: folder) == 2, "the history is back")
        let events = try exported(program, in: folder)
        #expect(events.count == 3 && events.allSatisfy { $0["program"] as? String == "public-works-2027" })
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
    }

    @Test("two program files with one key in one journal are an error naming both files")
    func sharedKey() throws {
        let (folder, program) = try programWithHistory()
        let other = "other.yaml"
        let text = try String(contentsOf: folder.appending(path: program), encoding: .utf8)
        try text.replacingOccurrences(of: "program: Public Works Mentoring 2027", with: "id: one-to-one\nprogram: Finance Mentoring 2027")
            .write(to: folder.appending(path: other), atomically: true, encoding: .utf8)
        let refused = try Mentor.run(["log", other, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains(
                "'other.yaml' and '\(folder.appending(path: program).standardizedFileURL.path)' "
                    + "(program 'Public Works Mentoring 2027') both use the program key 'one-to-one'"), "\(refused.stderr)")
        #expect(try exported(program, in: folder).count == 3, "nothing was added")
    }
}
