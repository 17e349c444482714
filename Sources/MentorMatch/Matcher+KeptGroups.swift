import MentorCore

extension Matcher {
    /// Notes on the program file's groups that break a hard rule of the roster: they are kept as
    /// written (the file is the coordinator's to change), but the output must not claim they keep
    /// the rules. Checked: each mentee against the mentor (grade gap, chain of command), and every
    /// two peers (chain of command, grade spread). People missing from the roster aren't checked.
    func keptGroupProblems(rules: MatchRules) -> [String] {
        var notes: [String] = []
        for group in program.groups {
            var problems: [String] = []
            if let mentorID = group.mentor, let mentor = roster.position(of: mentorID) {
                for menteeID in group.mentees {
                    guard let mentee = roster.position(of: menteeID),
                        let rejection = rules.rejection(mentor: mentor, mentee: mentee), rejection != .noGrade
                    else { continue }
                    problems.append("'\(mentorID)' and '\(menteeID)': \(MentorAssignment.words(rejection, policy: policy))")
                }
            }
            let peers = group.peers.compactMap { id in roster.position(of: id).map { (id: id, position: $0) } }
            for (index, a) in peers.enumerated() {
                for b in peers[(index + 1)...] where roster.inChainOfCommand(a.position, b.position) {
                    problems.append("'\(a.id)' and '\(b.id)': one is in the other's chain of command")
                }
            }
            let grades = peers.compactMap { roster.people[$0.position].grade }
            if let low = grades.min(), let high = grades.max(), high - low > policy.gradeGap.upperBound {
                problems.append("grades \(low) to \(high) are more than \(policy.gradeGap.upperBound) apart")
            }
            if !problems.isEmpty {
                notes.append(
                    "group '\(group.id)' in the program file breaks a rule (\(problems.joined(separator: "; "))); "
                        + "it is kept as written: change it in the program file if it should not stand")
            }
        }
        return notes
    }
}
