import Foundation
import TestSupport
import Testing

/// `mentor remind` (issue 13 item 3): what members and coordinators are told, once, and what they never are.
struct RemindCommandTests {
    /// Each .eml in `outbox` read with Python's email package: recipient, subject, text, and attachments.
    static func read(outbox: URL) throws -> [[String: Any]]? {
        guard Required.havePython(importing: "email") else { return nil }
        let script = """
            import json, sys, os, email
            from email import policy
            out = []
            for name in sorted(os.listdir(sys.argv[1])):
                raw = open(os.path.join(sys.argv[1], name), 'rb').read()
                msg = email.message_from_bytes(raw, policy=policy.default)
                if any(p.get_content_type() == 'text/calendar' for p in msg.walk()): continue  # invitations
                files = [{"name": p.get_filename(), "type": p.get_content_type(), "text": p.get_content()}
                         for p in msg.iter_attachments()]
                out.append({"to": str(msg['To']), "subject": str(msg['Subject']), "type": msg.get_content_type(),
                            "text": msg.get_body(preferencelist=('plain',)).get_content(), "files": files,
                            "raw": raw.decode('utf-8', 'replace')})
            print(json.dumps(out))
            """
        let result = try Mentor.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, outbox.path])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("members get their coming meeting with the agenda attached, once; overdue actions and groups at risk follow")
    func reminders() throws {
        let (folder, program) = try ScheduleChangeCommandTests.program()
        let outbox = folder.appending(path: "out")
        let first = try mentor(
            ["remind", program, "--today", "2027-01-09", "--days", "3", "--invite", "0", "--outbox", outbox.path], in: folder)
        #expect(first.stdout.contains("2 reminders written to"), "\(first.stdout)")
        guard let sent = try Self.read(outbox: outbox) else { return }
        #expect(Set(sent.compactMap { $0["to"] as? String }) == ["dana.ruiz@example.org", "sam.lin@example.org"])
        for message in sent {
            #expect(message["type"] as? String == "multipart/mixed")
            #expect(
                (message["text"] as? String)?.contains(
                    "Meeting 1 of 12 of ruiz-lin: Monday 2027-01-11 at 09:30 (America/Chicago), Room 2.14, City Hall.") == true)
            let files = try #require(message["files"] as? [[String: Any]])
            #expect(
                files.count == 1 && files[0]["name"] as? String == "agenda-ruiz-lin-1.html" && files[0]["type"] as? String == "text/html")
            #expect((files[0]["text"] as? String)?.contains("<h2>Agenda</h2>") == true)
        }

        let again = try mentor(
            ["remind", program, "--today", "2027-01-10", "--days", "3", "--invite", "0", "--outbox", outbox.path], in: folder)
        #expect(again.stdout.contains("no reminders due") && again.stdout.contains("2 items were reminded of before"))

        // Private things of the pair: a note, an exit reason elsewhere, check-in answers.
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1", "--notes", "SECRET-NOTE"], in: folder)
        try mentor(["action", "add", program, "--group", "ruiz-lin", "Draft a plan", "--owner", "e230", "--due", "2027-01-20"], in: folder)
        try mentor(
            [
                "checkin", program, "--group", "ruiz-lin", "--by", "e230", "--rating", "2", "--answer", "SECRET-ANSWER",
                "--date", "2027-01-12",
            ], in: folder)
        try FileManager.default.removeItem(at: outbox)
        try mentor(["remind", program, "--today", "2027-03-20", "--days", "3", "--invite", "0", "--outbox", outbox.path], in: folder)
        guard let later = try Self.read(outbox: outbox) else { return }
        #expect(later.allSatisfy { !(($0["raw"] as? String) ?? "").contains("SECRET") }, "nothing private goes in a message")
        let sam = try #require(later.first { $0["to"] as? String == "sam.lin@example.org" })
        #expect((sam["text"] as? String)?.contains("Overdue in ruiz-lin: Draft a plan (Sam Lin), due 2027-01-20.") == true)
        let pat = try #require(later.first { $0["to"] as? String == "pat.quinn@example.org" }, "the coordinator hears of groups at risk")
        #expect((pat["subject"] as? String)?.contains("at risk") == true)
        #expect((pat["text"] as? String)?.contains("ruiz-lin: ") == true)
    }

    @Test("a dry run sends and records nothing; bad options are refused")
    func dryRun() throws {
        let (folder, program) = try ScheduleChangeCommandTests.program()
        let output = try mentor(["remind", program, "--today", "2027-01-10", "--dry-run", "--outbox", "out"], in: folder)
        #expect(output.stdout.contains("dry run: 2 reminders would be sent"), "\(output.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "out").path))
        let again = try mentor(["remind", program, "--today", "2027-01-10", "--dry-run", "--outbox", "out"], in: folder)
        #expect(again.stdout.contains("dry run: 2 reminders would be sent"), "a dry run records nothing")
        let bad = try Mentor.run(["remind", program, "--days", "0"], in: folder)
        #expect(bad.status != 0 && bad.stderr.contains("--days must be 1 to 31"))
    }
}
