import Foundation
import Testing

/// `mentor report` folds the groups a share per core, side by side (`MENTORKIT_CORES`); the
/// report and its warnings must be exactly those of one share.
struct ReportSharesTests {
    /// A one-to-one program of `pairs` pairs, g0, g1, ... (g10 sorts before g2 byte by byte).
    static func program(pairs: Int) -> String {
        var lines = ["program: Shares", "type: one-to-one", "starts: 2027-01-11", "months: 12", "cadence: monthly", "people:"]
        for index in 0..<pairs {
            lines.append("  - { id: m\(index), name: Mentor \(index), grade: 13 }")
            lines.append("  - { id: e\(index), name: Mentee \(index), grade: 9 }")
        }
        lines.append("groups:")
        lines += (0..<pairs).map { "  - { id: g\($0), mentor: m\($0), mentees: [e\($0)] }" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Meetings, goals, actions, a check-in and a void in every group, more in some than others.
    static func events(pairs: Int) -> [String] {
        var events: [String] = []
        for index in 0..<pairs {
            let group = "g\(index)"
            for number in 1...(1 + index % 5) {
                events.append(
                    eventJSON(
                        "\(group)-m\(number)", group: group, date: "2027-0\(number)-12", kind: "meeting-held",
                        #"{"number": \#(number), "held": true, "attendees": ["m\#(index)", "e\#(index)"], "covered": []}"#,
                        program: "shares"))
            }
            events.append(
                eventJSON(
                    "\(group)-goal", group: group, date: "2027-02-01", kind: "goal-set",
                    #"{"goal": "g1", "change": "set", "text": "Lead a project"}"#, program: "shares"))
            if index % 3 == 0 {
                events.append(
                    eventJSON(
                        "\(group)-won", group: group, date: "2027-05-01", kind: "goal-achieved",
                        #"{"goal": "g1", "change": "achieved"}"#, program: "shares"))
            }
            events.append(
                eventJSON(
                    "\(group)-a1", group: group, date: "2027-02-01", kind: "action-added",
                    #"{"action": "a1", "change": "added", "text": "Draft a plan", "owner": "e\#(index)", "due": "2027-03-01"}"#,
                    program: "shares"))
            if index % 4 == 1 {
                events.append(
                    eventJSON(
                        "\(group)-c1", group: group, date: "2027-07-01", kind: "check-in",
                        #"{"by": "e\#(index)", "rating": \#(1 + index % 5), "answers": ["fine"]}"#, program: "shares"))
            }
            if index % 6 == 2 {
                events.append(
                    eventJSON(
                        "\(group)-void", group: group, date: "2027-06-01", kind: "void",
                        #"{"event": "\#(group)-a1", "reason": "logged twice"}"#, program: "shares"))
            }
        }
        return events
    }

    @Test("the report and its warnings are the same however many shares of the groups are folded side by side")
    func sharesAgree() throws {
        let pairs = 23
        let folder = try Mentor.folder(["shares.yaml": Self.program(pairs: pairs)])
        try Data("[\n\(Self.events(pairs: pairs).joined(separator: ",\n"))\n]".utf8).write(to: folder.appending(path: "events.json"))
        try mentor(["import", "shares.yaml", "events.json"], in: folder)
        // Groups dropped from the file keep their events in the journal: those are reported as left out.
        try Data(Self.program(pairs: pairs - 3).utf8).write(to: folder.appending(path: "shares.yaml"))
        for arguments in [["--format", "json"], ["--format", "md"], ["--format", "csv", "--include-private"]] {
            let command = ["report", "shares.yaml", "--today", "2027-09-01"] + arguments
            let one = try Mentor.run(command, in: folder, environment: ["MENTORKIT_CORES": "1"])
            #expect(one.status == 0, "\(one.stderr)")
            #expect(one.stderr.contains("'g21' is not a group of this program"), "the dropped groups' events are named: \(one.stderr)")
            #expect(one.stdout.contains("g19") && !one.stdout.contains("g21"), "\(one.stdout.prefix(400))")
            for cores in ["2", "3", "7", "40"] {
                let many = try Mentor.run(command, in: folder, environment: ["MENTORKIT_CORES": cores])
                #expect(many.status == 0)
                #expect(many.stdout == one.stdout, "\(cores) shares, \(arguments): the same report")
                #expect(many.stderr == one.stderr, "\(cores) shares, \(arguments): the same warnings")
            }
        }
    }
}
