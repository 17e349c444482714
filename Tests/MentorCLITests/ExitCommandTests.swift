import Foundation
import Testing

/// `mentor exit` end to end: who leaves, whether the group goes on, and what later commands do
/// without the leaver.
struct ExitCommandTests {
    /// Runs a command that must be refused and returns its standard error.
    func refused(_ arguments: [String], in folder: URL) throws -> String {
        let output = try Mentor.run(arguments, in: folder)
        #expect(output.status != 0, "mentor \(arguments.joined(separator: " ")) should fail: \(output.stdout)")
        #expect(output.stdout.isEmpty)
        return output.stderr
    }

    @Test(
        "a circle mentee leaves: the circle goes on; agendas, 'log' defaults and the report leave her out; the circle ends below two mentees"
    )
    func circle() throws {
        let (folder, program) = try programCopy("circle")
        try mentor(["log", program, "--meeting", "1"], in: folder)
        try mentor(["log", program, "--meeting", "2"], in: folder)
        let left = try mentor(
            ["exit", program, "--by", "m1", "--who", "a2", "--reason", "SECRET moved away", "--date", "2027-04-20"],
            in: folder)
        #expect(
            left.stdout == "recorded that Beth Ngata left diaz-circle; no fault attached. The group goes on with Rosa Diaz, "
                + "Omar Haddad, Ivan Petrov and Grace Obi; later agendas leave Beth Ngata out\n")

        let next = try mentor(["agenda", program, "--next"], in: folder)
        #expect(next.stdout.contains("Spotlight: Ivan Petrov"), "the spotlight skips whoever left: \(next.stdout)")
        #expect(!next.stdout.contains("Beth Ngata"))
        #expect(next.stderr.isEmpty, "a circle that goes on is not 'ended': \(next.stderr)")
        let earlier = try mentor(["agenda", program, "--meeting", "2"], in: folder)
        #expect(earlier.stdout.contains("Beth Ngata"), "a meeting before she left still lists her")

        let logged = try mentor(["log", program, "--meeting", "3"], in: folder)
        #expect(logged.stdout.contains("4 present"), "log's default attendance leaves the leaver out: \(logged.stdout)")

        let report = try mentor(["report", program, "--today", "2027-05-10"], in: folder)
        #expect(report.stdout.contains("0 ended early · 1 person left"), "\(report.stdout)")
        #expect(!report.stdout.contains("| ended early |"))
        #expect(report.stdout.contains("Beth Ngata on 2027-04-20") && !report.stdout.contains("SECRET"))
        #expect(!report.stdout.contains("Attendance: Beth Ngata"), "a leaver's measures are gone")

        try mentor(["exit", program, "--by", "c1", "--who", "a1", "--date", "2027-05-20"], in: folder) // a coordinator records it
        let ended = try mentor(["exit", program, "--by", "a3", "--date", "2027-06-01"], in: folder)
        #expect(
            ended.stdout.contains(
                "recorded that Ivan Petrov left diaz-circle; the group has ended (ends when the mentor leaves "
                    + "or fewer than 2 mentees remain)"), "\(ended.stdout)")
        let closed = try mentor(["report", program, "--today", "2027-06-10"], in: folder)
        #expect(closed.stdout.contains("1 ended early · 3 people left") && closed.stdout.contains("| ended early |"), "\(closed.stdout)")
        let stopped = try refused(["exit", program, "--by", "a4", "--date", "2027-06-02"], in: folder)
        #expect(stopped.contains("--by 'a4' can't leave group 'diaz-circle': it ended on 2027-06-01 when Ivan Petrov left"), "\(stopped)")
    }

    @Test("invitations and reminders go to the people still in the group")
    func invitationsSkipLeavers() throws {
        let (folder, program) = try programCopy("circle")
        try mentor(["exit", program, "--by", "a2", "--date", "2027-01-05"], in: folder)
        let outbox = folder.appending(path: "outbox").path
        let invite = try mentor(
            ["invite", program, "--today", "2027-01-06", "--meetings", "1", "--dry-run", "--outbox", outbox], in: folder)
        #expect(
            invite.stdout.contains("Omar Haddad <omar.haddad@example.org>") && !invite.stdout.contains("Beth Ngata"), "\(invite.stdout)")
        let remind = try mentor(["remind", program, "--today", "2027-02-27", "--days", "5", "--dry-run", "--outbox", outbox], in: folder)
        #expect(remind.stdout.contains("Grace Obi <grace.obi@example.org>") && !remind.stdout.contains("Beth Ngata"), "\(remind.stdout)")
    }

    @Test("a pair ends when the mentee leaves, as exits always did")
    func pair() throws {
        let (folder, program) = try programCopy()
        let output = try mentor(["exit", program, "--group", "ruiz-lin", "--by", "e230"], in: folder)
        #expect(output.stdout.contains("recorded that Sam Lin left ruiz-lin; the group has ended"), "\(output.stdout)")
        let agenda = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        #expect(agenda.stderr.contains("this group ended early when Sam Lin left"))
    }

    @Test("bad input: unknown person, someone outside the group, someone who already left, a coordinator without --who")
    func badInput() throws {
        let (folder, program) = try programCopy("circle")
        let unknown = try refused(["exit", program, "--by", "m1", "--who", "a9", "--date", "2027-04-20"], in: folder)
        #expect(
            unknown.contains("--who 'a9' is not in group 'diaz-circle'") && unknown.contains("its members: m1 (Rosa Diaz)"), "\(unknown)")
        let coordinator = try refused(["exit", program, "--by", "m1", "--who", "c1", "--date", "2027-04-20"], in: folder)
        #expect(coordinator.contains("--who 'c1' is not in group 'diaz-circle'"), "\(coordinator)")
        let stranger = try refused(["exit", program, "--by", "zed", "--date", "2027-04-20"], in: folder)
        #expect(stranger.contains("--by 'zed' is not in group 'diaz-circle'") && stranger.contains("or a coordinator: c1"), "\(stranger)")
        let alone = try refused(["exit", program, "--by", "c1", "--date", "2027-04-20"], in: folder)
        #expect(alone.contains("--by 'c1' is a coordinator") && alone.contains("--who"), "\(alone)")
        try mentor(["exit", program, "--by", "a2", "--date", "2027-04-20"], in: folder)
        let again = try refused(["exit", program, "--by", "m1", "--who", "a2", "--date", "2027-04-21"], in: folder)
        #expect(again.contains("--who 'a2' already left group 'diaz-circle' on 2027-04-20"), "\(again)")
        let present = try refused(["log", program, "--meeting", "3", "--attendees", "m1,a1,a2"], in: folder)
        #expect(present.contains("--attendees 'a2' left group 'diaz-circle' on 2027-04-20"), "\(present)")
    }

    @Test("the help says who leaves and when the group ends")
    func help() throws {
        let help = try mentor(["exit", "--help"], in: Mentor.packageRoot)
        for phrase in ["--who names who leaves", "a circle goes on", "pair ends when either side leaves", "USAGE: mentor exit"] {
            #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains(phrase), "\(phrase): \(help.stdout)")
        }
    }
}
