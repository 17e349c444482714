import BuiltInProgramTypes
import MentorCore
import MentorMatch
import ShippedPlans
import Testing

let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }

/// A program of `type` with no groups yet (or the groups given).
func program(_ type: String, people: String = "[]", groups: String = "[]") throws -> Program {
    let yaml = "program: Test\ntype: \(type)\nstarts: 2027-01-11\npeople: \(people)\ngroups: \(groups)\n"
    let result = ProgramLoader(registry: BuiltInProgramTypes.registry).load(PlanSource(path: "p.yaml", text: yaml), shippedPlans: shipped)
    return try #require(result.program, "\(result.diagnostics)")
}

func policy(_ type: String) throws -> MatchingPolicy {
    try #require(BuiltInProgramTypes.registry.type(type)?.description.matching)
}

func roster(_ csv: String) throws -> Roster {
    let result = RosterReader.read(csv, file: "roster.csv")
    return try #require(result.roster, "\(result.diagnostics)")
}

/// A random roster of mentors and mentees with grades, departments, managers, skills and goals.
func randomRoster(_ random: inout SplitMix, mentors: Int, mentees: Int, words: Int = 4) -> String {
    let vocabulary = ["budgeting", "coaching", "public speaking", "data", "writing", "safety"].prefix(words)
    func list() -> String { vocabulary.filter { _ in random.int(0...2) == 0 }.joined(separator: ";") }
    var csv = "id,name,grade,department,manager,role,capacity,skills,goals,prefers\n"
    let count = mentors + mentees
    for index in 0..<count {
        let manager = index > 0 && random.int(0...2) == 0 ? "p\(random.int(0...(index - 1)))" : ""
        let role = index < mentors ? (random.int(0...5) == 0 ? "both" : "mentor") : "mentee"
        let prefers = index >= mentors && random.int(0...3) == 0 ? "p\(random.int(0...max(0, mentors - 1)))" : ""
        csv +=
            "p\(index),P\(index),\(random.int(8...16)),D\(random.int(0...2)),\(manager),\(role),"
            + "\(index < mentors ? String(random.int(1...2)) : ""),\(list()),\(list()),\(prefers)\n"
    }
    return csv
}

/// The best (matched count, points) over every way to give each mentee an eligible mentor with
/// room, or none: what an exact matcher must reach.
func bruteForceBest(_ roster: Roster, rules: MatchRules) -> (matched: Int, points: Int) {
    let people = roster.people
    let mentees = people.indices.filter { people[$0].role?.canBeMentored == true }
    var room = people.map { $0.role?.canMentor == true ? ($0.capacity ?? 1) : 0 }
    var best = (matched: 0, points: 0)
    func visit(_ index: Int, matched: Int, points: Int) {
        guard index < mentees.count else {
            if (matched, points) > best { best = (matched, points) }
            return
        }
        visit(index + 1, matched: matched, points: points)
        let mentee = mentees[index]
        for mentor in people.indices where room[mentor] > 0 && rules.rejection(mentor: mentor, mentee: mentee) == nil {
            room[mentor] -= 1
            visit(index + 1, matched: matched + 1, points: points + rules.points(mentor: mentor, mentee: mentee))
            room[mentor] += 1
        }
    }
    visit(0, matched: 0, points: 0)
    return best
}

@Suite("Matching mentors and mentees")
struct MatcherTests {
    @Test("pairs: as many matched and as many points as brute force finds (8 people or fewer)", arguments: ["one-to-one", "reverse"])
    func bruteForce(type: String) throws {
        var random = SplitMix(state: type == "reverse" ? 11 : 5)
        let policy = try policy(type)
        let program = try program(type)
        for round in 0..<150 {
            let mentors = random.int(1...3)
            let roster = try roster(randomRoster(&random, mentors: mentors, mentees: random.int(1...(8 - mentors))))
            let rules = MatchRules(policy: policy, roster: roster)
            let result = try Matcher(program: program, policy: policy, roster: roster).run()
            let best = bruteForceBest(roster, rules: rules)
            #expect(result.matchedCount == best.matched, "round \(round)")
            #expect(result.totalPoints == best.points, "round \(round)")
            try checkRules(result, roster: roster, rules: rules)
        }
    }

    /// Every group keeps the hard rules: eligibility, capacity, one group per mentee.
    func checkRules(_ result: MatchResult, roster: Roster, rules: MatchRules) throws {
        var load: [String: Int] = [:]
        var seen: Set<String> = []
        for group in result.groups {
            let mentorID = try #require(group.mentor)
            let mentor = try #require(roster.position(of: mentorID))
            #expect(roster.people[mentor].role?.canMentor == true, "\(mentorID) did not opt in as a mentor")
            for member in group.members {
                let mentee = try #require(roster.position(of: member.id))
                #expect(roster.people[mentee].role?.canBeMentored == true)
                #expect(rules.rejection(mentor: mentor, mentee: mentee) == nil, "\(mentorID)–\(member.id) breaks a rule")
                #expect(seen.insert(member.id).inserted, "\(member.id) is in two groups")
                load[mentorID, default: 0] += 1
            }
        }
        for (mentor, count) in load {
            #expect(count <= roster.person(mentor)?.capacity ?? 1, "\(mentor) is over capacity")
        }
    }

    @Test("the rules hold and a reason is given for every matched pair")
    func reasons() throws {
        let roster = try roster(
            """
            id,name,grade,department,manager,role,capacity,skills,goals,prefers
            boss,Boss,16,A,,mentor,1,budgeting,,
            m1,Mia,14,A,,mentor,1,budgeting,,
            e1,Eve,12,B,boss,mentee,,,budgeting,m1
            e2,Eli,13,A,,mentee,,,,
            """)
        let policy = try policy("one-to-one")
        let result = try Matcher(program: try program("one-to-one"), policy: policy, roster: roster).run()
        // boss is Eve's manager, so Eve can only have Mia; Eli (13) is 3 below the boss.
        #expect(result.groups.map(\.id) == ["boss-e2", "m1-e1"])
        #expect(
            result.groups[1].members[0].reasons == [
                "Mia can help with Eve's goal 'budgeting'", "different departments (A, B)", "2 grades apart", "Eve asked for Mia",
            ])
        #expect(result.groups[1].members[0].points == 10 + 5 + 4 + 12)
        #expect(result.unmatched.isEmpty)
    }

    @Test("knowledge transfer: a retiring key holder is matched with their successor, with the reason, over a better word match")
    func succession() throws {
        let roster = try roster(
            """
            id,name,grade,department,manager,role,capacity,skills,goals,prefers,retires,key-position,successor-for
            k1,Kay,14,Water,,mentor,1,pumps,,,2027-09-30,true,
            m1,Mia,14,Parks,,mentor,1,budgeting,,,,,
            s1,Sid,12,Streets,,mentee,,,budgeting,,,,k1
            w1,Wes,12,Water,,mentee,,,,,,,
            """)
        let policy = try policy("one-to-one")
        let rules = MatchRules(policy: policy, roster: roster)
        #expect(
            rules.points(mentor: 0, mentee: 2) - rules.points(mentor: 0, mentee: 3) == MatchRules.successorPoints
                + MatchRules.crossDepartmentPoints
                - MatchRules.sameLineOfWorkPoints, "the successor earns the most; someone in the key holder's department earns some")
        let result = try Matcher(program: try program("one-to-one"), policy: policy, roster: roster).run()
        #expect(result.groups.map(\.id).sorted() == ["k1-s1", "m1-w1"], "\(result.groups.map(\.id))")
        let pair = try #require(result.groups.first { $0.id == "k1-s1" })
        #expect(
            pair.members[0].reasons.contains(
                "knowledge transfer: Kay holds a key position, may retire on 2027-09-30, and Sid is to succeed them"),
            "\(pair.members[0].reasons)")
    }

    @Test("succession columns: a bad date or flag is an error at its cell; an unknown successor-for is a warning")
    func successionColumns() throws {
        let bad = RosterReader.read(
            """
            id,name,grade,role,retires,key-position,successor-for
            k1,Kay,14,mentor,soon,maybe,
            s1,Sid,12,mentee,,,k9
            """, file: "roster.csv")
        #expect(bad.roster == nil)
        let messages = bad.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("retires 'soon' is not a date") })
        #expect(messages.contains { $0.contains("key-position 'maybe' is not true or false") })
        #expect(bad.diagnostics.first { $0.message.contains("retires") }?.mark.line == 2)
        let unknown = RosterReader.read("id,name,grade,role,successor-for\ns1,Sid,12,mentee,k9\n", file: "roster.csv")
        #expect(unknown.roster != nil)
        #expect(
            unknown.diagnostics.contains { $0.severity == .warning && $0.message.contains("successor-for 'k9', who is not in the roster") })
    }

    @Test("the unmatched are told why")
    func unmatchedReasons() throws {
        let roster = try roster(
            """
            id,name,grade,role,capacity,manager
            m1,Mia,14,mentor,1,
            e1,Eve,12,mentee,,
            e2,Eli,12,mentee,,
            e3,Ezra,13,mentee,,
            e4,Eden,,mentee,,
            e5,Esme,10,mentee,,m1
            """)
        let result = try Matcher(program: try program("one-to-one"), policy: try policy("one-to-one"), roster: roster).run()
        #expect(result.matchedCount == 1)
        let reasons = Dictionary(uniqueKeysWithValues: result.unmatched.map { ($0.id, $0.reason) })
        #expect(reasons["e3"] == "no mentor fits: of 1 with places, 1 do not meet the grade rule (the mentor is at least 2 grades senior)")
        #expect(reasons["e4"] == "no grade in the roster, so the grade rule can't be checked; add their grade")
        #expect(reasons["e5"] == "no mentor fits: of 1 with places, 1 are in the same reporting line")
        let loser = try #require(["e1", "e2"].first { reasons[$0] != nil })
        #expect(reasons[loser]?.hasPrefix("1 mentor was eligible, but their places went to mentees") == true)
    }

    @Test("reverse mentoring flips the grade rule: the mentor is the junior")
    func reverse() throws {
        let roster = try roster("id,name,grade,role\njr,Junior,9,mentor\nsr,Senior,15,mentee\nmid,Mid,10,mentee\n")
        let result = try Matcher(program: try program("reverse"), policy: try policy("reverse"), roster: roster).run()
        #expect(result.groups.map(\.id) == ["jr-sr"])
        #expect(result.unmatched.map(\.id) == ["mid"])
    }

    @Test("pins come first, and a pin that breaks a rule is an error")
    func pins() throws {
        let csv =
            "id,name,grade,role,capacity,skills,goals,pin\nm1,Mia,14,mentor,1,,,\nm2,Max,14,mentor,1,writing,,\n"
            + "e1,Eve,12,mentee,,,writing,m1\ne2,Eli,12,mentee,,,writing,\n"
        let result = try Matcher(program: try program("one-to-one"), policy: try policy("one-to-one"), roster: try roster(csv)).run()
        // Unpinned, Eve would take Max (shared 'writing'); the pin keeps her with Mia.
        #expect(result.groups.map(\.id) == ["m1-e1", "m2-e2"])
        #expect(result.groups[0].pinned)
        let bad = "id,name,grade,role,pin\nm1,Mia,13,mentor,\ne1,Eve,12,mentee,m1\n"
        #expect(
            throws: MatchError.badPin(
                file: "roster.csv", line: 3,
                message:
                    "the pin of 'e1' and 'm1' breaks a rule: the mentor is at least 2 grades senior is not met; remove the pin")
        ) {
            try Matcher(program: try program("one-to-one"), policy: try policy("one-to-one"), roster: try roster(bad)).run()
        }
    }

    @Test("groups already in the program are kept and use up places")
    func existingGroups() throws {
        let people = "[{ id: m1, name: Mia, grade: 14 }, { id: e1, name: Eve, grade: 12 }]"
        let program = try program("one-to-one", people: people, groups: "[{ id: first, mentor: m1, mentees: [e1] }]")
        let roster = try roster(
            "id,name,grade,role,capacity\nm1,Mia,14,mentor,2\ne1,Eve,12,mentee,\ne2,Eli,12,mentee,\ne3,Ezra,11,mentee,\n")
        let result = try Matcher(program: program, policy: try policy("one-to-one"), roster: roster).run()
        #expect(result.groups.first?.id == "first")
        #expect(result.groups.first?.pinned == true)
        #expect(result.matchedCount == 2, "Mia has one place left after Eve")
        #expect(result.groups.filter { !$0.pinned }.count == 1)
    }

    @Test("circles: sizes within the type's range; a circle too small is dissolved and its mentees placed again")
    func circles() throws {
        var csv = "id,name,grade,role,capacity,skills,goals\n"
        csv += "m1,Mia,15,mentor,3,writing,\nm2,Max,15,mentor,4,data,\n"
        for index in 0..<5 { csv += "e\(index),E\(index),11,mentee,,,\(index == 0 ? "writing" : "data")\n" }
        let roster = try roster(csv)
        let result = try Matcher(program: try program("circle"), policy: try policy("circle"), roster: roster).run()
        // Max takes 4 ('data'); Mia would have only Eve, so her circle is dissolved and Eve joins... no place: unmatched.
        #expect(result.groups.map(\.id) == ["m2-circle"])
        #expect(result.groups[0].members.count == 4)
        #expect(result.unmatched.map(\.id) == ["e0", "m1"])
        #expect(result.unmatched.last?.reason == "too few mentees suited them to fill a circle; see Notes")
        #expect(
            result.unmatched.first?.reason.hasPrefix("1 mentor was eligible") == true, "only Max is left once Mia's circle is dissolved")
        #expect(result.notes.contains { $0.contains("Mia would have had 1 mentee(s), fewer than a circle's 2") })
    }

    @Test("peer groups: sizes and grade spread within the type's rules, departments mixed, labelled a heuristic")
    func peers() throws {
        var random = SplitMix(state: 3)
        var csv = "id,name,grade,department,manager,role,goals\n"
        for index in 0..<23 {
            let manager = index > 0 && random.int(0...3) == 0 ? "p\(random.int(0...(index - 1)))" : ""
            csv += "p\(index),P\(index),\(random.int(9...14)),D\(random.int(0...3)),\(manager),peer,\(["a", "b", "c"][random.int(0...2)])\n"
        }
        let roster = try roster(csv)
        let policy = try policy("peer")
        let result = try Matcher(program: try program("peer"), policy: policy, roster: roster).run()
        #expect(result.method.hasPrefix("heuristic:"))
        guard case .peerGroups(let size, _) = policy.grouping else {
            Issue.record("peer policy")
            return
        }
        for group in result.groups {
            #expect(size.contains(group.members.count))
            let grades = group.members.compactMap { roster.person($0.id)?.grade }
            #expect((grades.max() ?? 0) - (grades.min() ?? 0) <= policy.gradeGap.upperBound)
        }
        #expect(result.matchedCount + result.unmatched.count == 23)
    }
}
