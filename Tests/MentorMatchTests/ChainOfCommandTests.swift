import MentorCore
import MentorMatch
import Testing

/// A roster built row by row, with its manager ids kept apart from anything MentorMatch computes.
struct GeneratedRoster {
    var csv = "id,name,grade,department,manager,role,capacity,goals,pin\n"
    /// Each id's manager id, straight from the rows.
    var managers: [String: String] = [:]
    var ids: [String] = []

    mutating func add(
        _ id: String, grade: Int, department: String, manager: String?, role: String,
        capacity: Int? = nil, goals: [String] = [], pin: String? = nil
    ) {
        csv +=
            "\(id),Name \(id),\(grade),\(department),\(manager ?? ""),\(role),\(capacity.map(String.init) ?? ""),"
            + "\(goals.joined(separator: ";")),\(pin ?? "")\n"
        managers[id] = manager
        ids.append(id)
    }

    /// True when one of `a`, `b` is above the other: a second implementation of the rule that walks
    /// up the manager ids one step at a time, independent of `OrgTree`'s entry and exit numbers.
    func chained(_ a: String, _ b: String) -> Bool {
        func above(_ boss: String, _ person: String) -> Bool {
            var seen: Set<String> = []
            var current = managers[person]
            while let id = current, seen.insert(id).inserted {
                if id == boss { return true }
                current = managers[id]
            }
            return false
        }
        return above(a, b) || above(b, a)
    }
}

/// A random organization: most people report to someone earlier, so chains run deep; grades in a
/// narrow range, so grade bands are large and chains land inside them; many shared goals, so
/// points tempt the swaps to put a tie back.
func randomOrganization(_ random: inout SplitMix, people: Int, role: (inout SplitMix, Int) -> String) -> GeneratedRoster {
    var roster = GeneratedRoster()
    let words = ["budgeting", "coaching", "data", "writing", "safety", "hiring"]
    for index in 0..<people {
        let manager = index > 0 && random.int(0...9) < 8 ? "p\(random.int(max(0, index - 6)...(index - 1)))" : nil
        let goals = words.filter { _ in random.int(0...1) == 0 }
        let role = role(&random, index)
        roster.add(
            "p\(index)", grade: random.int(9...12), department: "D\(random.int(0...3))", manager: manager, role: role,
            capacity: role == "mentor" || role == "both" ? random.int(1...5) : nil, goals: goals)
    }
    return roster
}

@Suite("The chain-of-command rule holds for every group")
struct ChainOfCommandTests {
    @Test("peers: a person and their manager's manager never share a group (5 people)")
    func fivePeers() throws {
        var org = GeneratedRoster()
        org.add("a", grade: 10, department: "X", manager: nil, role: "peer")
        org.add("b", grade: 10, department: "X", manager: "a", role: "")
        org.add("c", grade: 10, department: "Y", manager: "b", role: "peer")
        org.add("d", grade: 10, department: "Y", manager: nil, role: "peer")
        org.add("e", grade: 11, department: "Z", manager: nil, role: "peer")
        org.add("f", grade: 11, department: "Z", manager: nil, role: "peer")
        let result = try Matcher(program: try program("peer"), policy: try policy("peer"), roster: try roster(org.csv)).run()
        #expect(result.groups.count == 1)
        let members = Set(result.groups.flatMap(\.members).map(\.id))
        #expect(!(members.contains("a") && members.contains("c")), "\(members)")
        #expect(members.count == 4)
        let left = try #require(result.unmatched.first)
        #expect(result.unmatched.count == 1)
        #expect(left.id == "c" || left.id == "a")
        #expect(
            left.reason.contains(left.id == "c" ? "Name a (a) is their manager's manager" : "Name c (c) is 2 levels below them"),
            "\(left.reason)")
        #expect(left.reason.contains("no group within 2 grades had room without someone in their chain of command"))
        #expect(result.notes.contains { $0.contains("1 peer was left out") })
    }

    @Test("peers: random organizations of 3 to 300 people; every pair in every group checked by a manager walk", arguments: 0..<4)
    func randomPeers(seed: UInt64) throws {
        var random = SplitMix(state: 100 + seed)
        let policy = try policy("peer")
        guard case .peerGroups(let size, _) = policy.grouping else {
            Issue.record("peer policy")
            return
        }
        let program = try program("peer")
        var separated = 0
        for round in 0..<40 {
            let count = round % 10 == 9 ? 300 : random.int(3...40)
            let generated = randomOrganization(&random, people: count) { random, _ in random.int(0...5) == 0 ? "" : "peer" }
            let result = try Matcher(program: program, policy: policy, roster: try roster(generated.csv)).run()
            var seen: [String: Int] = [:]
            for group in result.groups {
                let ids = group.members.map(\.id)
                #expect(size.contains(ids.count), "round \(round): \(group.id) has \(ids.count)")
                for (index, a) in ids.enumerated() {
                    seen[a, default: 0] += 1
                    for b in ids[(index + 1)...] {
                        #expect(!generated.chained(a, b), "round \(round): \(a) and \(b) share \(group.id) but one manages the other")
                    }
                }
            }
            for person in result.unmatched {
                seen[person.id, default: 0] += 1
                #expect(!person.reason.isEmpty)
                if person.reason.contains("so they can't share a group") { separated += 1 }
            }
            let peers = try roster(generated.csv).people.filter { $0.role == .peer }.map(\.id)
            #expect(Set(seen.keys) == Set(peers), "round \(round): everyone is grouped or told why not")
            #expect(seen.values.allSatisfy { $0 == 1 }, "round \(round): nobody is listed twice")
        }
        #expect(separated > 0, "the generated organizations put people and their managers in reach of one group")
    }

    @Test(
        "pairs and circles: no mentee is in their mentor's chain of command (random organizations)",
        arguments: ["one-to-one", "reverse", "circle"])
    func randomMentors(type: String) throws {
        var random = SplitMix(state: type == "circle" ? 71 : type == "reverse" ? 72 : 73)
        let policy = try policy(type)
        let program = try program(type)
        for round in 0..<30 {
            let generated = randomOrganization(&random, people: random.int(4...120)) { random, _ in
                ["mentor", "mentee", "mentee", "both", ""][random.int(0...4)]
            }
            let result = try Matcher(program: program, policy: policy, roster: try roster(generated.csv)).run()
            for group in result.groups {
                let mentor = try #require(group.mentor)
                for member in group.members {
                    #expect(!generated.chained(mentor, member.id), "round \(round): \(mentor) mentors \(member.id) in their reporting line")
                }
            }
        }
    }

    @Test("a pin between someone and their manager's manager is refused, naming the rule")
    func pinAcrossTheChain() throws {
        var org = GeneratedRoster()
        org.add("boss", grade: 15, department: "X", manager: nil, role: "mentor", capacity: 1)
        org.add("lead", grade: 13, department: "X", manager: "boss", role: "")
        org.add("e1", grade: 11, department: "X", manager: "lead", role: "mentee", pin: "boss")
        #expect(
            throws: MatchError.badPin(
                file: "roster.csv", line: 4,
                message:
                    "the pin of 'e1' and 'boss' breaks a rule: one is in the other's chain of command; remove the pin")
        ) {
            try Matcher(program: try program("one-to-one"), policy: try policy("one-to-one"), roster: try roster(org.csv)).run()
        }
    }

    @Test(
        "groups kept from the program file that break a rule are named in the notes, not claimed as keeping it",
        arguments: ["circle", "peer"])
    func keptGroupsChecked(type: String) throws {
        var org = GeneratedRoster()
        org.add("boss", grade: 15, department: "X", manager: nil, role: type == "peer" ? "peer" : "mentor", capacity: 3)
        org.add("lead", grade: 13, department: "X", manager: "boss", role: type == "peer" ? "peer" : "")
        org.add("e1", grade: 11, department: "X", manager: "lead", role: type == "peer" ? "peer" : "mentee")
        let people = "[{ id: boss, name: Boss, grade: 15 }, { id: lead, name: Lead, grade: 13 }, { id: e1, name: E1, grade: 11 }]"
        let groups = type == "peer" ? "[{ id: kept, peers: [boss, lead, e1] }]" : "[{ id: kept, mentor: boss, mentees: [lead, e1] }]"
        let result = try Matcher(
            program: try program(type, people: people, groups: groups), policy: try policy(type),
            roster: try roster(org.csv)
        ).run()
        #expect(result.groups.map(\.id) == ["kept"], "the program file's group stays as written")
        let note = try #require(result.notes.first { $0.hasPrefix("group 'kept' in the program file breaks a rule") })
        #expect(
            note.contains(
                type == "peer"
                    ? "'boss' and 'e1': one is in the other's chain of command" : "'boss' and 'e1': one is in the other's chain of command")
        )
        if type == "peer" { #expect(note.contains("grades 11 to 15 are more than 2 apart")) }
        #expect(note.hasSuffix("it is kept as written: change it in the program file if it should not stand"))
    }

    @Test("circles: pinned mentees count toward the circle's minimum, so a pin plus one more is not dissolved")
    func circlePinsCount() throws {
        var org = GeneratedRoster()
        org.add("m1", grade: 15, department: "X", manager: nil, role: "mentor", capacity: 4)
        org.add("e1", grade: 11, department: "Y", manager: nil, role: "mentee", pin: "m1")
        org.add("e2", grade: 11, department: "Y", manager: nil, role: "mentee")
        let result = try Matcher(program: try program("circle"), policy: try policy("circle"), roster: try roster(org.csv)).run()
        #expect(result.groups.map { $0.members.map(\.id) } == [["e1", "e2"]])
        #expect(result.unmatched.isEmpty)
    }
}

@Suite("Roster problems are listed up to a limit")
struct RosterProblemLimitTests {
    @Test("60 unknown preferences: 50 warnings with their lines, then one that counts the rest; the roster still reads")
    func cappedWarnings() throws {
        var csv = "id,name,grade,role,prefers\n"
        for index in 0..<60 { csv += "p\(index),P\(index),12,mentee,nobody\(index)\n" }
        let result = RosterReader.read(csv, file: "roster.csv")
        #expect(result.roster != nil)
        #expect(result.diagnostics.count == 51)
        #expect(result.diagnostics.first?.message == "'p0' prefers 'nobody0', who is not in the roster; the preference is ignored")
        #expect(result.diagnostics.last?.message == "10 more warnings like the above, not listed")
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test("60 unknown managers: 50 errors, then one that counts the rest")
    func cappedErrors() {
        var csv = "id,name,grade,role,manager\n"
        for index in 0..<60 { csv += "p\(index),P\(index),12,mentee,boss\(index)\n" }
        let result = RosterReader.read(csv, file: "roster.csv")
        #expect(result.roster == nil)
        #expect(result.diagnostics.count == 51)
        #expect(result.diagnostics.last?.message == "10 more errors like the above, not listed")
    }
}
