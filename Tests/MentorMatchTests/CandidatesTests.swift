import MentorCore
import Testing

@testable import MentorMatch

/// Candidate lists, read whole and sampled: the grade-ordered skill index and the recount of a
/// sampled mentor's shared words must give exactly what the rules say.
@Suite("Candidate lists")
struct CandidatesTests {
    /// A roster of `people` like the benchmark's, small: a management tree, grades 5 to 16, four
    /// departments, twelve skill words (so a word's list is long enough to be sampled).
    /// With `extras`, some people also prefer others, hold key positions and may retire, or are to
    /// succeed someone: the people whose points candidate search can't take from facts alone.
    static func csv(people: Int, extras: Bool = false) -> String {
        var state: UInt64 = 12345
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var lines = [
            "id,name,grade,department,manager,role,capacity,skills,goals" + (extras ? ",prefers,retires,key-position,successor-for" : "")
        ]
        for index in 0..<people {
            let manager = index == 0 ? "" : "p\(next(max(1, index / 4 + 1)))"
            let kind = next(10)
            let role = kind < 4 ? "mentor" : kind < 8 ? "mentee" : kind == 8 ? "both" : ""
            let words = { (0..<(1 + next(3))).map { _ in "w\(next(12))" }.joined(separator: ";") }
            let capacity = role == "mentor" || role == "both" ? "\(1 + next(2))" : ""
            var line = "p\(index),Person \(index),\(5 + next(12)),D\(next(4)),\(manager),\(role),\(capacity),\(words()),\(words())"
            if extras {
                let prefers = next(10) == 0 ? "p\(next(people))" : ""
                let keyHolder = next(8) == 0
                let successorFor = next(12) == 0 ? "p\(next(people))" : ""
                line += ",\(prefers),\(keyHolder ? "2028-06-30" : ""),\(keyHolder),\(successorFor == "p\(index)" ? "" : successorFor)"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func setUp(extras: Bool = false) throws -> (rules: MatchRules, mentors: [Int], mentees: [Int]) {
        let roster = try #require(RosterReader.read(csv(people: 700, extras: extras), file: "roster.csv").roster)
        let rules = MatchRules(policy: .seniorMentor, roster: roster)
        let people = roster.people
        return (
            rules, people.indices.filter { people[$0].role?.canMentor == true },
            people.indices.filter { people[$0].role?.canBeMentored == true }
        )
    }

    @Test(
        "every candidate is eligible and scored as the rules score it, read whole or sampled, with or without preferences",
        arguments: [false, true])
    func exactPoints(extras: Bool) throws {
        let (rules, mentors, mentees) = try Self.setUp(extras: extras)
        for scan in [5, 12, 60, Int.max] {
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

// MARK: - The skill-pair index and per-mentor facts

extension CandidatesTests {
    @Test(
        "through the skill-pair index, lists read whole are exactly those of a full read without it",
        arguments: [(3, false), (5, false), (20, false), (5, true), (20, true)])
    func pairsMatchFullRead(limit: Int, extras: Bool) throws {
        let (rules, mentors, mentees) = try Self.setUp(extras: extras)
        // `Int.max` reads every list whole without the pair index; a finite limit above every list's length uses it.
        let full = Candidates(rules: rules, mentors: mentors, limit: limit, scanLimit: Int.max)
        let paired = Candidates(rules: rules, mentors: mentors, limit: limit, scanLimit: 100_000)
        var (a, b) = (Candidates.Scratch(mentors: mentors.count), Candidates.Scratch(mentors: mentors.count))
        for mentee in mentees {
            let expected = full.list(for: mentee, scratch: &a)
            let listed = paired.list(for: mentee, scratch: &b)
            #expect(listed.map(\.mentor) == expected.map(\.mentor), "limit \(limit), mentee \(mentee)")
            #expect(listed.map(\.points) == expected.map(\.points), "limit \(limit), mentee \(mentee)")
        }
    }

    @Test("sampled through the pair index, lists are valid and miss no better mentor sharing two words", arguments: [false, true])
    func sampledPairsKeepTwoWordMentors(extras: Bool) throws {
        let (rules, mentors, mentees) = try Self.setUp(extras: extras)
        let people = rules.roster.people
        let candidates = Candidates(rules: rules, mentors: mentors, limit: 5, scanLimit: 5, sampleReads: 5)
        var scratch = Candidates.Scratch(mentors: mentors.count)
        var full = 0
        for mentee in mentees {
            let list = candidates.list(for: mentee, scratch: &scratch)
            #expect(Set(list.map(\.mentor)).count == list.count, "mentee \(mentee): a mentor listed twice")
            for (number, points) in list {
                #expect(rules.rejection(mentor: mentors[number], mentee: mentee) == nil, "mentee \(mentee)")
                #expect(points == rules.points(mentor: mentors[number], mentee: mentee), "mentee \(mentee)")
            }
            guard list.count == 5, let lowest = list.map(\.points).min() else { continue }
            full += 1
            let listed = Set(list.map(\.mentor))
            for number in mentors.indices where !listed.contains(number) && rules.rejection(mentor: mentors[number], mentee: mentee) == nil
            {
                let shared = rules.sharedCount(people[mentors[number]].skills, people[mentee].goals)
                guard shared >= 2 else { continue }
                #expect(rules.points(mentor: mentors[number], mentee: mentee) <= lowest, "mentee \(mentee): a two-word mentor left out")
            }
        }
        #expect(full > 50)
    }

    @Test("facts kept beside each other judge and score pairs as the rules do", arguments: [false, true])
    func factsAgreeWithRules(extras: Bool) throws {
        let (rules, mentors, mentees) = try Self.setUp(extras: extras)
        var plainPairs = 0
        for mentor in mentors where rules.roster.people[mentor].grade != nil {
            let mentorFacts = rules.facts(mentor)
            for mentee in mentees.prefix(200) where rules.roster.people[mentee].grade != nil {
                let menteeFacts = rules.facts(mentee)
                let inChain = mentor == mentee || rules.roster.inChainOfCommand(mentor, mentee)
                #expect(MatchRules.outsideChain(mentorFacts, menteeFacts) == !inChain, "mentor \(mentor), mentee \(mentee)")
                guard mentorFacts.plain, menteeFacts.plain else { continue }
                plainPairs += 1
                let shared = rules.sharedCount(rules.roster.people[mentor].skills, rules.roster.people[mentee].goals)
                #expect(rules.points(mentorFacts, menteeFacts, shared: shared) == rules.points(mentor: mentor, mentee: mentee))
            }
        }
        #expect(plainPairs > 1000)
        if extras {
            let people = rules.roster.people
            #expect(people.indices.contains { !rules.facts($0).plain }, "the extras should make some people not plain")
            for person in people.indices where !people[person].prefers.isEmpty { #expect(!rules.facts(person).plain) }
        }
    }

    @Test("shared words follow from the number of pair lists a mentor is on")
    func sharedWordsFromPairs() {
        #expect([1, 3, 6, 10].map(SkillPairIndex.sharedWords(listedUnder:)) == [2, 3, 4, 5])
        let words: [Int32] = [1, 4, 9]
        #expect(SkillPairIndex.pairs(words[...]).map { [$0.0, $0.1] } == [[1, 4], [1, 9], [4, 9]])
    }

    @Test("a pair index that would be too large is not built, and candidate search samples words instead")
    func pairIndexLimit() throws {
        let (rules, mentors, _) = try Self.setUp()
        let people = rules.roster.people
        let order = Array(mentors.indices)
        let words = { (number: Int) in people[mentors[number]].skills[...] }
        let tooLarge = SkillPairIndex(order: order, maximumEntries: 1, words: words, grade: { _ in 0 }) != nil
        let roomy = SkillPairIndex(order: order, maximumEntries: 100 * mentors.count, words: words, grade: { _ in 0 }) != nil
        #expect(!tooLarge)
        #expect(roomy)
    }
}

// MARK: - What sampling costs

extension CandidatesTests {
    /// A roster whose mentees name one goal each, out of six words: nothing is found through skill
    /// pairs, so every list longer than the read limit is sampled.
    static func oneGoalCSV(people: Int) -> String {
        var state: UInt64 = 777
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var lines = ["id,name,grade,department,manager,role,capacity,skills,goals"]
        for index in 0..<people {
            let manager = index == 0 ? "" : "p\(next(max(1, index / 8 + 1)))"
            let role = next(5) < 2 ? "mentor" : "mentee"
            let skills = (0..<(2 + next(2))).map { _ in "w\(next(6))" }.joined(separator: ";")
            lines.append(
                "p\(index),Person \(index),\(5 + next(12)),D\(next(12)),\(manager),\(role),\(role == "mentor" ? "\(1 + next(3))" : ""),\(skills),w\(next(6))"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("sampling long lists, nearest the ideal grade first, matches as many mentees and loses little against reading them whole")
    func sampledQuality() throws {
        let roster = try #require(RosterReader.read(Self.oneGoalCSV(people: 3000), file: "roster.csv").roster)
        var exact = Matcher(program: try program("one-to-one"), policy: try policy("one-to-one"), roster: roster, candidatesPerMentee: 10)
        exact.skillIndexReads = Int.max
        var sampled = exact
        sampled.skillIndexReads = 10 // a list longer than 10 eligible mentors: 10 read, the ideal grade first
        let (whole, sample) = (try exact.run(), try sampled.run())
        let pairs = (whole.groups.count, sample.groups.count)
        #expect(pairs.0 > 500)
        #expect(pairs.1 * 100 >= pairs.0 * 99, "pairs: \(pairs.1) sampled against \(pairs.0) read whole")
        #expect(sample.totalPoints * 100 >= whole.totalPoints * 95, "points: \(sample.totalPoints) sampled against \(whole.totalPoints)")
    }
}

@Suite("Folding roster words")
struct TermFoldingTests {
    @Test("the ASCII fast path folds exactly as the Unicode one, on random text with every kind of white space")
    func asciiAgreesWithUnicode() {
        var state: UInt64 = 99
        let pieces = [
            "a", "Z", "Skill", "C++", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{1F}", "x", "MiXeD", "-", "_", "7", "é", "İ",
            "\u{A0}",
        ]
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
