import Foundation
import Testing

/// The test server (`MENTORKIT_TEST_POSTGRES`, from `Tests/Support/postgres.sh start`), if any.
private let testServer = ProcessInfo.processInfo.environment["MENTORKIT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
private let skipped = Comment(
    rawValue: "MENTORKIT_TEST_POSTGRES is unset, so mentor is NOT tested against PostgreSQL; "
        + "start a throwaway server with: eval \"$(Tests/Support/postgres.sh start)\"")

/// A new, empty database on the test server; its URL.
private func freshDatabase() throws -> String {
    let base = try #require(testServer)
    let name = "mk_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    #expect(try psql(base, "CREATE DATABASE \(name)").status == 0)
    var components = try #require(URLComponents(string: base))
    components.path = "/" + name
    return try #require(components.string)
}

/// Runs `sql` with psql against `url`.
private func psql(_ url: String, _ sql: String) throws -> Mentor.Output {
    try Mentor.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
}

struct PostgresStoreCommandTests {
    @Test("a password in a postgres:// URL is refused, and the message says where a password goes")
    func passwordInURL() throws {
        let (folder, program) = try programCopy()
        let output = try Mentor.run(
            ["agenda", program, "--group", "ruiz-lin", "--store", "postgres://mentor:hunter2@127.0.0.1:1/mk"], in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains("PGPASSWORD") && output.stderr.contains(".pgpass"), "\(output.stderr)")
        #expect(!output.stderr.contains("hunter2"), "the password is not repeated")
    }

    @Test(
        "recording and reading with --store postgres://..., MENTORKIT_STORE, and reading an empty database creates nothing",
        .enabled(if: testServer != nil, skipped))
    func recordInPostgres() throws {
        let (folder, program) = try programCopy()
        let url = try freshDatabase()
        let read = try Mentor.run(["agenda", program, "--group", "ruiz-lin", "--store", url], in: folder)
        #expect(read.status != 0 && read.stderr.contains("holds no progress journal"), "\(read.stderr)")
        #expect(
            try psql(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").stdout.hasPrefix("0"),
            "a reading command created tables")
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1", "--store", url], in: folder)
        try mentor(["goal", "set", program, "--group", "ruiz-lin", "Lead a project", "--store", url], in: folder)
        #expect(try nextMeeting(program, in: folder, ["--store", url]) == 2)
        let viaEnvironment = try Mentor.run(
            ["agenda", program, "--group", "ruiz-lin", "--format", "json"], in: folder,
            environment: ["MENTORKIT_STORE": url])
        #expect((try JSONSerialization.jsonObject(with: Data(viaEnvironment.stdout.utf8)) as? [String: Any])?["meeting"] as? Int == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentor").path), "nothing was written beside the program")
        #expect(try exported(program, in: folder, ["--store", url]).count == 2)
    }

    @Test(
        "mentor store copy moves a journal from SQLite to PostgreSQL, verified; the exports match; a non-empty target is refused",
        .enabled(if: testServer != nil, skipped))
    func copySQLiteToPostgres() throws {
        let (folder, program) = try programCopy()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        try mentor(
            ["log", program, "--group", "ruiz-lin", "--meeting", "2", "--notes", "tabs\tand\nnewlines and \\ backslashes"], in: folder)
        try mentor(["action", "add", program, "--group", "ruiz-lin", "Read the handbook"], in: folder)
        let url = try freshDatabase()
        let copy = try mentor(["store", "copy", "--from", ".mentor/progress.sqlite", "--to", url], in: folder)
        #expect(copy.stdout.contains("copied 3 events of 1 program") && copy.stdout.contains("verified"), "\(copy.stdout)")
        let original = try mentor(["export", program, "--include-private"], in: folder).stdout
        let copied = try mentor(["export", program, "--include-private", "--store", url], in: folder).stdout
        #expect(original == copied, "the exports match")
        #expect(try nextMeeting(program, in: folder, ["--store", url]) == 3)
        let again = try Mentor.run(["store", "copy", "--from", ".mentor/progress.sqlite", "--to", url], in: folder)
        #expect(again.status != 0 && again.stderr.contains("already holds 3 events"), "\(again.stderr)")
        // And back, into a new file.
        let back = try mentor(["store", "copy", "--from", url, "--to", "back.sqlite"], in: folder)
        #expect(back.stdout.contains("verified"))
        #expect(try mentor(["export", program, "--include-private", "--store", "back.sqlite"], in: folder).stdout == original)
    }
}
