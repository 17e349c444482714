// MARK: - Scoring from one read per person

extension MatchRules {
    /// What candidate search needs of one person, side by side, so that judging a mentor read
    /// through the skill index costs one memory read instead of one per fact (grade, department,
    /// place in the org tree, preferences), each in its own roster-sized array.
    struct Facts {
        /// The grade; only people with a grade are read through the skill index.
        var grade: Int32
        /// The department's number, or -1.
        var department: Int32
        /// The org tree's entry and exit numbers: the chain-of-command test.
        var entry: Int32
        var exit: Int32
        /// True when only grade, department and shared words score for this person: no
        /// preferences, not a retiring key holder. Otherwise `points(mentor:mentee:shared:)` decides.
        var plain: Bool
    }

    /// The facts of the person at roster position `person`.
    func facts(_ person: Int) -> Facts {
        let span = roster.org.span(of: person)
        return Facts(
            grade: Int32(clamping: grade[person] ?? 0), department: department[person], entry: span.entry, exit: span.exit,
            plain: prefers[person].isEmpty && !retiringKeyHolder[person])
    }

    /// False when the two are the same person or one is in the other's chain of command; the
    /// grade rule is not checked (the skill index hands out only mentors whose grades it allows).
    static func outsideChain(_ mentor: Facts, _ mentee: Facts) -> Bool {
        if mentor.entry == mentee.entry { return false } // entry numbers are distinct per person
        if mentor.entry <= mentee.entry, mentee.exit <= mentor.exit { return false }
        return !(mentee.entry <= mentor.entry && mentor.exit <= mentee.exit)
    }

    /// The points of a pair of plain people (see `Facts.plain`) sharing `shared` words: the same
    /// as `points(mentor:mentee:shared:)` for them.
    func points(_ mentor: Facts, _ mentee: Facts, shared: Int) -> Int {
        var points = Self.sharedPoints * min(Self.sharedLimit, shared)
        if mentor.department >= 0, mentee.department >= 0, mentor.department != mentee.department {
            points += Self.crossDepartmentPoints
        }
        return points + gapPoints(Int(mentor.grade) - Int(mentee.grade))
    }

    /// The most points a mentor sharing one word can earn without preferences or succession
    /// (department or line of work, the ideal gap): a mentor sharing two words earns at least this.
    static let oneWordCeiling = sharedPoints + max(crossDepartmentPoints, sameLineOfWorkPoints) + idealGapPoints
}
