import Foundation
import TestSupport
import Testing

/// `mentor invite`: iMIP invitations through the outbox, read back with Python's `email` and
/// `icalendar` packages (issue 13 item 2).
struct InviteCommandTests {
    /// Each .eml in `outbox` as Python's email package reads it: headers, the text, and the
    /// calendar part's method and single VEVENT.
    static func read(outbox: URL) throws -> [[String: Any]]? {
        guard Required.havePython(importing: "icalendar", "email") else { return nil }
        let script = """
            import json, sys, os, email
            from email import policy
            from icalendar import Calendar
            out = []
            for name in sorted(os.listdir(sys.argv[1])):
                msg = email.message_from_binary_file(open(os.path.join(sys.argv[1], name), 'rb'), policy=policy.default)
                text = msg.get_body(preferencelist=('plain',)).get_content()
                cals = [p for p in msg.walk() if p.get_content_type() == 'text/calendar']
                assert len(cals) == 1, name
                part = cals[0]
                cal = Calendar.from_ical(part.get_content())
                events = [c for c in cal.walk() if c.name == 'VEVENT']
                assert len(events) == 1, name
                e = events[0]
                att = e.get('ATTENDEE', [])
                att = att if isinstance(att, list) else [att]
                out.append({"to": str(msg['To']), "subject": str(msg['Subject']), "text": text,
                            "type": msg.get_content_type(), "part-method": part.get_param('method'),
                            "method": str(cal['METHOD']), "uid": str(e['UID']), "sequence": int(e['SEQUENCE']),
                            "status": str(e['STATUS']), "start": e.decoded('DTSTART').isoformat(),
                            "organizer": str(e['ORGANIZER']), "attendees": [str(a) for a in att]})
            print(json.dumps(out))
            """
        let result = try Mentor.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, outbox.path])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("one REQUEST per meeting and member; again sends nothing; a move sends an update, a cancellation a CANCEL")
    func invitations() throws {
        let (folder, program) = try ScheduleChangeCommandTests.program(events: false)
        let outbox = folder.appending(path: "outbox")
        let dry = try mentor(
            [
                "invite", program, "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "2", "--dry-run",
                "--outbox", outbox.path,
            ], in: folder)
        #expect(dry.stdout.contains("dry run: 4 messages would be sent"))
        #expect(!FileManager.default.fileExists(atPath: outbox.path), "a dry run sends nothing")

        let first = try mentor(
            [
                "invite", program, "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "2",
                "--outbox", outbox.path,
            ], in: folder)
        #expect(first.stdout.contains("4 messages written to"))
        guard let sent = try Self.read(outbox: outbox) else { return }
        #expect(sent.count == 4)
        for message in sent {
            #expect(message["type"] as? String == "multipart/alternative")
            #expect(message["method"] as? String == "REQUEST" && message["part-method"] as? String == "REQUEST")
            #expect(message["organizer"] as? String == "mailto:pat.quinn@example.org")
            #expect(message["attendees"] as? [String] == ["mailto:dana.ruiz@example.org", "mailto:sam.lin@example.org"])
            #expect((message["subject"] as? String)?.hasPrefix("Invitation: Public Works Mentoring 2027 · ruiz-lin") == true)
        }
        #expect(Set(sent.compactMap { $0["uid"] as? String }) == ["pw-ruiz-lin-1@mentorkit", "pw-ruiz-lin-2@mentorkit"])
        #expect(Set(sent.compactMap { $0["to"] as? String }) == ["dana.ruiz@example.org", "sam.lin@example.org"])
        #expect(sent.contains { $0["start"] as? String == "2027-01-11T09:30:00-06:00" })

        let again = try mentor(
            [
                "invite", program, "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "2",
                "--outbox", outbox.path,
            ], in: folder)
        #expect(again.stdout.contains("nothing new to send") && again.stdout.contains("4 invitations were already sent"))

        try mentor(["reschedule", program, "--group", "ruiz-lin", "--meeting", "2", "--to", "2027-02-10"], in: folder)
        try mentor(["cancel", program, "--group", "ruiz-lin", "--meeting", "1", "--reason", "snow"], in: folder)
        try FileManager.default.removeItem(at: outbox)
        try mentor(
            [
                "invite", program, "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "2",
                "--outbox", outbox.path,
            ], in: folder)
        guard let changes = try Self.read(outbox: outbox) else { return }
        let byUID = Dictionary(grouping: changes) { $0["uid"] as? String ?? "" }
        let cancel = try #require(byUID["pw-ruiz-lin-1@mentorkit"])
        #expect(cancel.count == 2 && cancel.allSatisfy { $0["method"] as? String == "CANCEL" && $0["status"] as? String == "CANCELLED" })
        #expect(cancel.allSatisfy { ($0["text"] as? String)?.contains("is cancelled (snow)") == true })
        let update = try #require(byUID["pw-ruiz-lin-2@mentorkit"])
        #expect(
            update.count == 2 && update.allSatisfy { $0["sequence"] as? Int == 1 && $0["start"] as? String == "2027-02-10T09:30:00-06:00" })
        #expect(update.allSatisfy { ($0["subject"] as? String)?.hasPrefix("Updated:") == true })
        #expect(byUID["pw-ruiz-lin-3@mentorkit"]?.count == 2, "the cancelled meeting frees a place for meeting 3")
    }

    @Test("members without an email are named, not invited; bad options are refused")
    func withoutEmail() throws {
        let (folder, _) = try ScheduleChangeCommandTests.program(events: false)
        let path = folder.appending(path: "pw.yaml")
        let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: ", email: sam.lin@example.org", with: "")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let output = try mentor(
            [
                "invite", "pw.yaml", "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "1",
                "--outbox", "out",
            ], in: folder)
        #expect(output.stdout.contains("1 message written to out/"))
        #expect(output.stderr.contains("not invited in ruiz-lin, no 'email:' in the program file: Sam Lin (e230)"))
        let bad = try Mentor.run(["invite", "pw.yaml", "--meetings", "0"], in: folder)
        #expect(bad.status != 0 && bad.stderr.contains("--meetings must be 1 to 52"))
        let group = try Mentor.run(["invite", "pw.yaml", "--group", "nope"], in: folder)
        #expect(group.status != 0 && group.stderr.contains("nope"))
    }

    @Test("program events: each invitee gets one invitation, a training for mentors reaches only mentors, a moved event sends an update")
    func events() throws {
        let (folder, program) = try ScheduleChangeCommandTests.program()
        let outbox = folder.appending(path: "outbox")
        try mentor(
            ["invite", program, "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "1", "--outbox", outbox.path], in: folder)
        guard let sent = try Self.read(outbox: outbox) else { return }
        let training = sent.filter { $0["uid"] as? String == "pw-event-mentor-training@mentorkit" }
        #expect(
            training.compactMap { $0["to"] as? String } == ["dana.ruiz@example.org"],
            "a training for mentors reaches the group's mentor, not its mentee")
        #expect(training.allSatisfy { $0["start"] as? String == "2027-01-07T13:00:00-06:00" && $0["method"] as? String == "REQUEST" })
        #expect(
            training.first.map { ($0["attendees"] as? [String]) == ["mailto:dana.ruiz@example.org", "mailto:leah.brandt@example.org"] }
                == true,
            "the event itself lists every mentor")
        let kickoff = sent.filter { $0["uid"] as? String == "pw-event-kickoff@mentorkit" }
        #expect(
            Set(kickoff.compactMap { $0["to"] as? String }) == ["dana.ruiz@example.org", "sam.lin@example.org"],
            "with --group, only that group's members are sent the invitation")
        #expect(kickoff.first.map { ($0["attendees"] as? [String])?.contains("mailto:pat.quinn@example.org") == true } == true)
        let all = folder.appending(path: "all")
        try mentor(["invite", program, "--today", "2027-01-01", "--meetings", "1", "--outbox", all.path, "--dry-run"], in: folder)
        let whole = try mentor(["invite", program, "--today", "2027-01-01", "--meetings", "1", "--outbox", all.path], in: folder)
        #expect(
            whole.stdout.contains("event kickoff") && whole.stdout.contains("Pat Quinn"), "the whole program's run invites the coordinator")
        let workshop = try #require(sent.first { $0["uid"] as? String == "pw-event-budget-workshop@mentorkit" })
        #expect((workshop["text"] as? String)?.contains("Which part of the budget touches your work most?") == true)

        // The coordinator moves the workshop in the file: only its invitations go again, as updates.
        let path = folder.appending(path: program)
        let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "date: 2027-02-17", with: "date: 2027-02-24")
        try text.write(to: path, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: outbox)
        try mentor(
            ["invite", program, "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "1", "--outbox", outbox.path], in: folder)
        guard let again = try Self.read(outbox: outbox) else { return }
        #expect(!again.isEmpty && again.allSatisfy { $0["uid"] as? String == "pw-event-budget-workshop@mentorkit" })
        #expect(again.allSatisfy { $0["sequence"] as? Int == 1 && ($0["subject"] as? String)?.hasPrefix("Updated:") == true })
    }

    @Test("when a pair ends, everyone invited gets a cancellation for the meetings to come, once")
    func endedPair() throws {
        let (folder, program) = try ScheduleChangeCommandTests.program(events: false)
        let outbox = folder.appending(path: "outbox")
        let run = ["invite", program, "--group", "ruiz-lin", "--today", "2027-01-01", "--meetings", "2", "--outbox", outbox.path]
        try mentor(run, in: folder)
        try mentor(["exit", program, "--group", "ruiz-lin", "--by", "e230", "--date", "2027-01-03"], in: folder)
        try FileManager.default.removeItem(at: outbox)
        let ended = try mentor(run, in: folder)
        #expect(ended.stdout.contains("4 messages written to"), "\(ended.stdout)")
        guard let sent = try Self.read(outbox: outbox) else { return }
        #expect(sent.count == 4 && sent.allSatisfy { $0["method"] as? String == "CANCEL" && $0["sequence"] as? Int == 1 })
        #expect(sent.allSatisfy { ($0["text"] as? String)?.contains("is cancelled (the group has ended)") == true })
        let again = try mentor(run, in: folder)
        #expect(again.stdout.contains("nothing new to send"), "\(again.stdout)")
    }
}
