import ArgumentParser
import BuiltInProgramTypes
import Foundation
import MentorCore

/// `mentor init`: a program to start from, outside this repository.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a mentoring program in a folder: a program file to edit, a Plans/ folder and a sample roster.",
        discussion: """
            Writes three things, and never replaces a file that is already there:
              program.yaml            the program: dates, people and groups, every key commented
              Plans/                  your own plan templates go here (it holds the schema that editors use)
              roster.csv              a sample roster for 'mentor match'

            Then:
              mentor agenda DIR/program.yaml --group pair-1 --meeting 1
              mentor plans dump --shipped career > DIR/Plans/career.yaml   (a shipped plan to change)
              mentor match DIR/program.yaml --roster DIR/roster.csv
            """
    )

    @Argument(help: "The folder to start the program in (made when missing; default: the current folder).")
    var folder: String = "."

    func run() throws {
        let files: [(path: String, text: String)] = [
            ("program.yaml", Self.program),
            ("Plans/plan-template.schema.json", try StableJSON.string(PlanSchema.json(programTypes: BuiltInProgramTypes.registry.ids))),
            ("roster.csv", Self.roster),
        ].map { (folder == "." ? $0.0 : (folder as NSString).appendingPathComponent($0.0), $0.1) }
        let existing = files.map(\.path).filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw ValidationError(
                "\(existing.map { "'\($0)'" }.joined(separator: ", ")) already \(existing.count == 1 ? "exists" : "exist"); "
                    + "nothing was written (init never replaces a file): choose another folder, e.g. mentor init my-program")
        }
        for file in files {
            let parent = (file.path as NSString).deletingLastPathComponent
            if !parent.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                } catch {
                    throw ValidationError("can't make the folder '\(parent)': \(error.localizedDescription)")
                }
            }
            try AtomicFile.replace(file.path, with: Data(file.text.utf8), shownAs: file.path)
            print("wrote \(file.path)")
        }
        let program = files[0].path
        print(
            """

            Next: edit \(program) (names, dates, people, groups), then
              mentor agenda \(program) --group pair-1 --meeting 1
              mentor schedule \(program) --group pair-1 --format ics > pair-1.ics
            """)
    }

    /// The program file: one pair, every key with a comment saying what it does.
    static let program = """
        # A mentoring program. Change the names, dates, people and groups, then try:
        #   mentor agenda program.yaml --group pair-1 --meeting 1
        # 'mentor plans lint' checks your own plans; the program file reference explains every key.

        id: our-program                # the program's key: its history and its web address use it; set it once
        program: Our Mentoring Program # the name on agendas and reports
        type: one-to-one               # one-to-one, reverse, circle or peer ('mentor programs' lists them)
        starts: 2027-01-11             # the first meeting (the orientation), YYYY-MM-DD
        months: 12                     # the term; a year is usual, either side may end it early
        cadence: monthly               # weekly, biweekly, monthly, every 3 weeks, every 2 months, ...
        meeting-minutes: 60            # agendas are time-boxed to this
        meeting-time: "09:30"          # the start time (quoted); a group may have its own
        time-zone: Europe/London       # the IANA zone of meeting times, so calendar invitations are right anywhere
        location: Room 1, Main Office  # a room or a video link; a group may have its own
        # day: second tuesday          # the meeting day: a weekday (weekly) or which one of the month (monthly)
        check-in-months: [6]           # a check-in meeting six months in
        plans: [career, development-needs, current-workplace]  # shipped plans, or yours in Plans/

        coordinators:                  # who runs the program (they see every group, without private notes)
          - { id: c1, name: Your Name, email: you@example.org }

        people:                        # everyone taking part; grade helps matching, email signs in to the web app
          - { id: p1, name: First Mentor, grade: 12, department: Finance, email: mentor@example.org }
          - { id: p2, name: First Mentee, grade: 8, department: Streets, email: mentee@example.org }

        groups:                        # pairs here; 'mentor match' can propose them from a roster
          - { id: pair-1, mentor: p1, mentees: [p2] }   # add day:, meeting-time:, location: to differ

        """

    /// A sample roster for `mentor match`: who opted in as what, with skills and goals.
    static let roster = """
        id,name,grade,department,manager,role,capacity,skills,goals,prefers,pin
        d1,Head of Department,16,Operations,,,,,,,
        m1,Alex Mentor,13,Finance,d1,mentor,1,budgeting;public speaking,,,
        m2,Blair Mentor,14,Operations,d1,mentor,2,leading a team;project management,,,
        e1,Casey Mentee,9,Finance,m2,mentee,,,budgeting,,
        e2,Devon Mentee,8,Operations,m1,mentee,,,leading a team;public speaking,,

        """
}
