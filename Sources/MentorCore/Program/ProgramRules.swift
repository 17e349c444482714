/// Checks that several program types share, so each type states its rules in a line or two.
public enum ProgramRules {
    /// Errors for a group that must have exactly one mentor and a number of mentees in `mentees`.
    /// `type` names the type in messages; `alternative` suggests a type for the wrong head count.
    public static func mentorAndMentees(
        _ group: ProgramGroup, type: String, mentees: ClosedRange<Int>, alternative: String
    ) -> [ProgramIssue] {
        var issues: [ProgramIssue] = []
        if group.mentor == nil {
            issues.append(.error("group '\(group.id)' has no 'mentor'; a \(type) group needs one", at: group.mark))
        }
        if !group.peers.isEmpty {
            issues.append(
                .error(
                    "group '\(group.id)' lists 'peers', which only peer groups have; "
                        + "list the mentor under 'mentor' and the others under 'mentees'", at: group.mark))
        }
        if !mentees.contains(group.mentees.count) {
            let wanted =
                mentees.lowerBound == mentees.upperBound
                ? "exactly \(mentees.lowerBound)"
                : mentees.upperBound == .max
                    ? "at least \(mentees.lowerBound)"
                    : "\(mentees.lowerBound) to \(mentees.upperBound)"
            issues.append(
                .error(
                    "group '\(group.id)' has \(group.mentees.count) mentee\(group.mentees.count == 1 ? "" : "s"); "
                        + "a \(type) group has \(wanted) (\(alternative))", at: group.mark))
        }
        return issues
    }

    /// Warnings for a mentor–mentee pair: the mentor in the mentee's chain of command, or fewer
    /// than two grades between them. With `reverse`, the mentor must be the junior: a mentor who is
    /// not of a lower grade is an error.
    public static func pairing(
        mentor: String, mentee: String, in program: Program, group: ProgramGroup,
        reverse: Bool = false
    ) -> [ProgramIssue] {
        var issues: [ProgramIssue] = []
        let (mentorName, menteeName) = (program.name(of: mentor), program.name(of: mentee))
        if program.chainOfCommand(above: mentee).contains(mentor) {
            issues.append(
                .warning(
                    "\(mentorName) is in \(menteeName)'s chain of command; partnerships outside the "
                        + "reporting line are usually more open, so consider another mentor", at: group.mark))
        } else if program.chainOfCommand(above: mentor).contains(mentee) {
            issues.append(
                .warning(
                    "\(menteeName) is in \(mentorName)'s chain of command; partnerships outside the "
                        + "reporting line are usually more open, so consider another pairing", at: group.mark))
        }
        guard let mentorGrade = program.person(mentor)?.grade, let menteeGrade = program.person(mentee)?.grade else {
            if reverse {
                issues.append(
                    .error(
                        "reverse mentoring needs a 'grade' for \(mentorName) and \(menteeName) "
                            + "to check that the mentor is the junior", at: group.mark))
            }
            return issues
        }
        let gap = reverse ? menteeGrade - mentorGrade : mentorGrade - menteeGrade
        if reverse, gap <= 0 {
            issues.append(
                .error(
                    "in reverse mentoring the mentor is the junior, but \(mentorName) (grade \(mentorGrade)) "
                        + "is not below \(menteeName) (grade \(menteeGrade)); swap them or use 'one-to-one'", at: group.mark))
        } else if gap < 2 {
            issues.append(
                .warning(
                    "\(mentorName) (grade \(mentorGrade)) and \(menteeName) (grade \(menteeGrade)) are "
                        + "\(abs(gap)) grade\(abs(gap) == 1 ? "" : "s") apart; a gap of two or more usually works best, "
                        + "unless this mentor's experience is what the mentee needs", at: group.mark))
        }
        return issues
    }

    /// Time for a type's own item (a spotlight, a skill session): a quarter of the meeting,
    /// rounded down to 5 minutes, at least 10.
    public static func featureMinutes(_ program: Program) -> Int {
        max(10, program.meetingMinutes / 4 / 5 * 5)
    }

    /// One measure per member: how many agendas name them in the role `role` reads (a spotlight,
    /// a facilitator). A fair rotation keeps the counts within one of each other.
    public static func turns(
        of members: [String], in agendas: [Agenda], program: Program, label: String, role: (Agenda) -> String?
    ) -> [Measure] {
        members.map { id in
            let name = program.name(of: id)
            return Measure("\(label): \(name)", count(agendas.filter { role($0) == name }.count, "turn"))
        }
    }

    /// The group without those who have left it, per `state` (the whole group without a state):
    /// whom per-person measures list.
    public static func remaining(_ group: ProgramGroup, state: GroupState?) -> ProgramGroup {
        guard let state else { return group }
        return group.without(Set(state.departures.map(\.person)))
    }

    /// The agendas a measure counts: all of them for the plan, those of held meetings for progress.
    public static func counted(_ agendas: [Agenda], state: GroupState?) -> [Agenda] {
        guard let state else { return agendas }
        let held = Set(state.meetings.filter(\.held).map(\.number))
        return agendas.filter { held.contains($0.meeting) }
    }

    /// Attendance per member over the meetings held: "Attendance: Ann" = "5 of 6 meetings".
    public static func attendance(of members: [String], state: GroupState?, program: Program) -> [Measure] {
        guard let state else { return [] }
        let held = state.meetings.filter(\.held)
        return members.map { id in
            Measure(
                "Attendance: \(program.name(of: id))",
                "\(held.filter { $0.attendees.contains(id) }.count) of \(count(held.count, "meeting"))")
        }
    }

    /// `count` as "1 turn" or "3 turns".
    public static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

extension AgendaContext {
    /// How many ongoing meetings come before this one; spotlights and skills rotate by it.
    public var ongoingTurn: Int {
        schedule.prefix { $0.number < meeting.number }.filter { $0.phase == .ongoing }.count
    }
}
