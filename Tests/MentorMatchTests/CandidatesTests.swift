import MentorCore
@testable import MentorMatch
import Testing

/// Candidate lists, read whole and sampled: the grade-ordered skill index and the recount of a
/// sampled mentor's shared words must give exactly what the rules say.
@Suite("Candidate lists")
struct CandidatesTests {
    /// A roster of `people` like the benchmark's, small: a management tree, grades 5 to 16, four
    /// departments, twelve skill words (so a word's list is long enough to be sampled).
    static func csv(people: Int) -> String {
        var state: UInt64 = 12345
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var lines = ["id,name,grade,department,manager,role,capacity,skills,goals"]
        for index in 0..<people {
            let manager = index == 0 ? "" : "p\(next(max(1, index / 4 + 1)))"
            let kind = next(10)
            let role = kind < 4 ? "mentor" : kind < 8 ? "mentee" : kind == 8 ? "both" : ""
            let words = { (0..<(1 + next(3))).map { _ in "w\(next(12))" }.joined(separator: ";") }
            let capacity = role == "mentor" || role == "both" ? "\(1 + next(2))" : ""
            lines.append("p\(index),Person \(index),\(5 + next(12)),D\(next(4)),\(manager),\(role),\(capacity),\(words()),\(words())")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func setUp() throws -> (rules: MatchRules, mentors: [Int], mentees: [Int]) {
        let roster = try #require(RosterReader.read(csv(people: 700), file: "roster.csv").roster)
        let rules = MatchRules(policy: .seniorMentor, roster: roster)
        let people = roster.people
        return (rules, people.indices.filter { people[$0].role?.canMentor == true },
                people.indices.filter { people[$0].role?.canBeMentored == true })
    }

    @Test("every candidate is eligible and scored as the rules score it, read whole or sampled")
    func exactPoints() throws {
        let (rules, mentors, mentees) = try Self.setUp()
        for scan in [5, 12, Int.max] {
            let candidates = Candidates(rules: rules, mentors: mentors, limit: 5, scanLimit: scan)
            var scratch = Candidates.Scratch(mentors: mentors.count)
            for mentee in mentees {
                let list = candidates.list(for: mentee, scratch: &scratch)
                #expect(Set(list.map(\.mentor)).count == list.count, "scan \(scan), mentee \(mentee): a mentor listed twice")
                for (number, points) in list {
                    #expect(rules.rejection(mentor: mentors[number], mentee: mentee) == nil, "scan \(scan), mentee \(mentee)")
                    #expect(points == rules.points(mentor: mentors[number], mentee: mentee), "scan \(scan), mentee \(mentee)")
                }
            }
        }
    }

    @Test("read whole, a list keeps the best eligible mentors who share a goal word")
    func wholeReadKeepsTheBest() throws {
        let (rules, mentors, mentees) = try Self.setUp()
        let people = rules.roster.people
        let candidates = Candidates(rules: rules, mentors: mentors, limit: 5, scanLimit: Int.max)
        var scratch = Candidates.Scratch(mentors: mentors.count)
        var checked = 0
        for mentee in mentees {
            let list = candidates.list(for: mentee, scratch: &scratch)
            let sharing = mentors.indices.filter { number in
                rules.rejection(mentor: mentors[number], mentee: mentee) == nil
                    && !Set(people[mentors[number]].skills).isDisjoint(with: people[mentee].goals)
            }
            guard sharing.count >= 5 else { continue }
            checked += 1
            #expect(list.count == 5)
            let lowest = list.map(\.points).min() ?? 0
            let listed = Set(list.map(\.mentor))
            let bestLeftOut = sharing.filter { !listed.contains($0) }.map { rules.points(mentor: mentors[$0], mentee: mentee) }.max() ?? 0
            #expect(bestLeftOut <= lowest, "mentee \(mentee): a mentor with \(bestLeftOut) points was left out for one with \(lowest)")
        }
        #expect(checked > 50, "the roster should give many mentees a full list from the skill index")
    }
}

@Suite("Folding roster words")
struct TermFoldingTests {
    @Test("the ASCII fast path folds exactly as the Unicode one, on random text with every kind of white space")
    func asciiAgreesWithUnicode() {
        var state: UInt64 = 99
        let pieces = ["a", "Z", "Skill", "C++", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{1F}", "x", "MiXeD", "-", "_", "7", "é", "İ", "\u{A0}"]
        for round in 0..<3000 {
            var word = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bits = state
            for _ in 0..<Int(bits % 9) {
                bits = bits &* 6_364_136_223_846_793_005 &+ 1
                // Most words plain ASCII (the fast path); one piece in four may not be.
                let range = round % 4 == 0 ? pieces.count : pieces.count - 3
                word += pieces[Int((bits >> 33) % UInt64(range))]
            }
            #expect(TermFolding.fold(word) == TermFolding.unicodeFold(word), "\(Array(word.unicodeScalars))")
        }
        #expect(TermFolding.fold("  Project\t  Management \r\n") == "project management")
    }
}
