import ArgumentParser
import Foundation
import Testing

@testable import MentorCLI

/// Every "Examples:" line of every command's `--help` is run (issue 17 item 5): an example that a
/// reader copies must work. They run in one scratch folder holding copies of `Plans/` and
/// `Plugins/Examples/`, with `HOME` there too (trust lists) and a `sendmail` on `PATH` that keeps
/// each message, in an order where what an example needs was made by an earlier one.
struct HelpExamplesTests {
    /// Examples that can't run here, each with the reason; every other example must exit 0.
    static let notRunnable: [String: String] = [
        "serve": "starts a server that runs until stopped (the browser test runs it)",
        "4f1c...": "an event id the reader takes from their own export",
        "postgres://": "needs a PostgreSQL server at that address (PostgresStoreTests copy to a real one)",
        "program.yaml --roster roster.csv": "names the reader's own files ('mentor init' writes such a pair)",
        "--from public-works": "needs a history kept under an old key",
        "~/bin": "writes into the reader's own bin folder",
    ]

    /// Every example line of `command` and its subcommands, with "mentor" at the start.
    static func examples(of command: any ParsableCommand.Type) -> [String] {
        let lines = command.configuration.discussion.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var found: [String] = []
        var inExamples = false
        for line in lines {
            if line.hasPrefix("Example") {
                inExamples = true
                continue
            }
            if inExamples, line.hasPrefix("mentor ") {
                // Drop a trailing explanation ("--write     add the groups to ...").
                let command = line.components(separatedBy: "     ").first ?? line
                found.append(command.trimmingCharacters(in: .whitespaces))
            }
        }
        return found + command.configuration.subcommands.flatMap { examples(of: $0) }
    }

    /// Runs first what others build on (trusting the example plugin); exits, voids and the store last.
    static func order(_ line: String) -> Int {
        let words = line.split(separator: " ").map(String.init)
        let verb = words.dropFirst().first ?? ""
        if ["exit", "void", "store"].contains(verb) { return 3 }
        if (verb == "goal" && words.dropFirst(2).first == "change") || (verb == "action" && words.dropFirst(2).first == "done")
            || verb == "cancel" || verb == "reschedule"
        {
            return 2
        }
        if verb == "plugin", words.dropFirst(2).first == "untrust" { return 2 }
        if verb == "plugin", line.contains("trust Plugins/Examples") { return 0 } // describing the example plugin needs it trusted
        return 1
    }

    @Test("every Examples: line of every --help runs and exits 0")
    func examplesRun() throws {
        let binary = try #require(Mentor.binary, "the mentor binary is not built beside the tests")
        let all = Self.examples(of: MentorCommand.self)
        #expect(all.count > 30, "the help texts hold \(all.count) examples")
        let scratch = try Mentor.folder([:])
        defer { try? FileManager.default.removeItem(at: scratch) }
        for folder in ["Plans", "Plugins/Examples"] {
            try FileManager.default.createDirectory(
                at: scratch.appending(path: folder).deletingLastPathComponent(),
                withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Mentor.packageRoot.appending(path: folder), to: scratch.appending(path: folder))
        }
        let bin = scratch.appending(path: "bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\ncat >> \"$HOME/sent-mail\"\n".write(to: bin.appending(path: "sendmail"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appending(path: "sendmail").path)
        let runnable = all.filter { line in !Self.notRunnable.keys.contains { line.contains($0) } }
        let sorted = runnable.enumerated().sorted { (Self.order($0.element), $0.offset) < (Self.order($1.element), $1.offset) }.map(
            \.element)
        for line in sorted {
            let shell = "\"\(binary.path)\"" + line.dropFirst("mentor".count)
            let output = try Mentor.runProcess(
                URL(fileURLWithPath: "/bin/sh"), ["-c", shell], in: scratch,
                environment: [
                    "HOME": scratch.path, "PATH": bin.path + ":/usr/bin:/bin", "MENTORKIT_STORE": "",
                ])
            #expect(output.status == 0, "\(line)\n\(output.stderr.prefix(600))")
        }
        #expect(
            FileManager.default.fileExists(atPath: scratch.appending(path: "sent-mail").path),
            "the --mail-command examples handed mail to sendmail")
    }
}
