/// Each mentee's best eligible mentors: the sparse candidate lists the assignment runs on.
///
/// Scoring every mentor for every mentee is quadratic (625 million pairs for 50,000 people), so
/// candidates are found the way points are earned: mentors whose skills meet the mentee's goals
/// come through an index of skill words; mentors either side asked for come next; then, while
/// the list is short, mentors from the grades nearest the ideal gap, each mentee starting at a
/// different place so they don't all queue for the same few mentors. Each list keeps the
/// `limit` highest-scoring eligible mentors of those looked at. A word's list in the skill index
/// is kept in grade order, so a mentee reads only the mentors the grade rule allows (the others
/// were read and rejected one by one before, most of each list for junior mentees). That part is
/// read in full while it has at most `scanLimit` mentors (every roster up to ~150,000 people of
/// the benchmark's shape, whose results are then exactly those of a full read); beyond that a
/// sample is read, so the work per mentee stays bounded as the roster grows.
///
/// Mentors sharing two or more goal words come first, through an index of skill-word pairs
/// (`SkillPairIndex`): when `limit` of them earn more than any mentor sharing one word can, the
/// single-word lists are not read at all, and the list is exactly what a full read gives. Otherwise
/// the single-word lists are read, a list longer than `scanLimit` sampled with `sampleReads`
/// reads, the grades nearest the ideal gap first; a mentor first seen there shares exactly one
/// word, so nothing is recounted. Mentors are judged from `MatchRules.Facts` kept by mentor
/// number: one memory read each. (Without the pair index, too large for rosters whose people
/// list very many skills, `scanLimit` mentors are sampled evenly per word and recounted.)
struct Candidates {
    /// Candidate mentors of one mentee, as (mentor number, points), best first.
    typealias List = [(mentor: Int, points: Int)]

    let rules: MatchRules
    /// Roster positions of the mentors that have places.
    let mentors: [Int]
    let limit: Int
    /// Mentors read through the skill index per goal word of a mentee, at most.
    let scanLimit: Int
    /// Mentors read per goal word whose eligible list is longer than `scanLimit`, when mentors
    /// sharing two words did not fill the list (with the skill-pair index only).
    let sampleReads: Int
    /// Mentors with a grade by skill word, in grade order; `skillGrades` holds their grades.
    private let bySkill: [[Int32]]
    private let skillGrades: [[Int32]]
    /// Mentors by pair of skill words; `nil` when it would be too large, or every list is read in full.
    private let pairs: SkillPairIndex?
    /// Each mentor's facts, by mentor number.
    private let facts: [MatchRules.Facts]
    /// Each mentor's skill words, flat, by mentor number (`skillStart[n]..<skillStart[n + 1]`):
    /// recounting a sampled mentor's shared words reads one short run here rather than the
    /// roster's array per person, which cost two cache misses a mentor.
    private let skillStart: [Int]
    private let skillWords: [Int32]
    private let byGrade: [(grade: Int, mentors: [Int32])]
    private let preferredBy: [Int: [Int32]]
    private let mentorNumber: [Int: Int]

    /// Candidate search over `mentors` (roster positions); `scanLimit` `Int.max` reads every
    /// list in full, without the skill-pair index (the quadratic way, kept for comparison).
    init(rules: MatchRules, mentors: [Int], limit: Int, scanLimit: Int? = nil, sampleReads: Int? = nil) {
        self.rules = rules
        self.mentors = mentors
        self.limit = max(1, limit)
        self.scanLimit = max(self.limit, scanLimit ?? Self.scanFactor * self.limit)
        self.sampleReads = min(self.scanLimit, max(self.limit, sampleReads ?? Self.sampleFactor * self.limit))
        let people = rules.roster.people
        var bySkill = [[Int32]](repeating: [], count: rules.roster.terms.count)
        var grades: [Int: [Int32]] = [:]
        var preferredBy: [Int: [Int32]] = [:]
        var mentorNumber: [Int: Int] = [:]
        // Numbered in grade order (then roster order), each word's list comes out sorted by grade.
        let graded = mentors.indices.filter { people[mentors[$0]].grade != nil }
            .sorted { (people[mentors[$0]].grade ?? 0, $0) < (people[mentors[$1]].grade ?? 0, $1) }
        var skillGrades = [[Int32]](repeating: [], count: rules.roster.terms.count)
        for number in graded {
            let person = people[mentors[number]]
            for skill in person.skills {
                bySkill[Int(skill)].append(Int32(number))
                skillGrades[Int(skill)].append(Int32(clamping: person.grade ?? 0))
            }
        }
        var skillStart = [0]
        var skillWords: [Int32] = []
        skillStart.reserveCapacity(mentors.count + 1)
        for (number, position) in mentors.enumerated() {
            skillWords += people[position].skills
            skillStart.append(skillWords.count)
            mentorNumber[position] = number
            if let grade = people[position].grade { grades[grade, default: []].append(Int32(number)) }
            for wanted in people[position].prefers {
                if let mentee = rules.roster.position(of: wanted) { preferredBy[mentee, default: []].append(Int32(number)) }
            }
        }
        self.bySkill = bySkill
        self.skillGrades = skillGrades
        self.skillStart = skillStart
        self.skillWords = skillWords
        byGrade = grades.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.preferredBy = preferredBy
        self.mentorNumber = mentorNumber
        let facts = mentors.map(rules.facts)
        self.facts = facts
        pairs =
            self.scanLimit == Int.max
            ? nil
            : SkillPairIndex(
                order: graded, maximumEntries: SkillPairIndex.entriesPerMentor * mentors.count + 4096,
                words: { skillWords[skillStart[$0]..<skillStart[$0 + 1]] }, grade: { facts[$0].grade })
    }

    /// Mentors read through the skill index per goal word by default, as a multiple of the list length kept.
    static let scanFactor = 48
    /// Mentors sampled from a word's list longer than `scanLimit` by default, as a multiple of the list length kept.
    static let sampleFactor = 8

    /// Scratch space reused across mentees, so a lookup allocates only its result.
    struct Scratch {
        var stamp: [Int32]
        var shared: [Int32]
        var touched: [Int32] = []
        var visit: Int32 = 0

        init(mentors: Int) {
            stamp = Array(repeating: -1, count: mentors)
            shared = Array(repeating: 0, count: mentors)
        }

        mutating func start() {
            visit += 1
            touched.removeAll(keepingCapacity: true)
        }

        /// True the first time `mentor` is seen for this mentee.
        mutating func first(_ mentor: Int32) -> Bool {
            guard stamp[Int(mentor)] != visit else { return false }
            stamp[Int(mentor)] = visit
            shared[Int(mentor)] = 0
            touched.append(mentor)
            return true
        }
    }

    /// The candidate list of the mentee at roster position `mentee`.
    func list(for mentee: Int, scratch: inout Scratch) -> List {
        scratch.start()
        let person = rules.roster.people[mentee]
        guard let grade = person.grade else { return [] }
        var found: List
        if let pairs {
            found = throughPairs(pairs, mentee: mentee, grade: grade, scratch: &scratch)
        } else {
            found = throughWords(mentee: mentee, grade: grade, scratch: &scratch)
        }
        /// Adds the mentor numbered `number` if new and eligible; true when added.
        @discardableResult
        func consider(_ number: Int32) -> Bool {
            guard scratch.first(number) else { return false }
            let mentor = mentors[Int(number)]
            guard rules.rejection(mentor: mentor, mentee: mentee) == nil else { return false }
            found.append((Int(number), rules.points(mentor: mentor, mentee: mentee)))
            return true
        }
        for wanted in person.prefers {
            if let number = rules.roster.position(of: wanted).flatMap({ mentorNumber[$0] }) { consider(Int32(number)) }
        }
        // The key holder someone is to succeed is always weighed, whatever words they share.
        if let holder = person.successorFor.flatMap(rules.roster.position(of:)).flatMap({ mentorNumber[$0] }) { consider(Int32(holder)) }
        for number in preferredBy[mentee] ?? [] { consider(number) }
        if found.count < limit { fill(count: found.count, mentee: mentee, grade: grade, consider: consider) }
        return best(found, mentee: mentee)
    }

    /// Eligible mentors sharing goal words, through the skill index alone (no pair index): shared
    /// words counted while reading, recounted when a list was sampled.
    private func throughWords(mentee: Int, grade: Int, scratch: inout Scratch) -> List {
        let person = rules.roster.people[mentee]
        // Shared words per mentor, counted through the skill index: no list merging per pair. A
        // word's list grows with the roster, so at most `perWord` of it is read: spread evenly
        // over the list from a place that turns with the mentee. Reading whole lists made this
        // step quadratic (500,000 people: each of 225,000 mentees read ~22,000 mentors).
        // Per word, not per mentee divided among the words: dividing sampled (and recounted)
        // every list of a 50,000-person roster, 7.7 s against 5.9 s, for no better bound.
        let perWord = scanLimit
        var sampled = false
        for goal in person.goals {
            let list = eligibleSlice(Int(goal), menteeGrade: grade)
            guard list.count > perWord else {
                for number in list {
                    _ = scratch.first(number)
                    scratch.shared[Int(number)] += 1
                }
                continue
            }
            sampled = true
            // Steps of `stride` from `offset`, wrapping: distinct, since perWord * stride <= count.
            let stride = list.count / perWord
            let offset = (mentee &* 7919 &+ Int(goal) &* 104_729) % list.count
            for step in 0..<perWord {
                let number = list[list.startIndex + (offset + step * stride) % list.count]
                _ = scratch.first(number)
                scratch.shared[Int(number)] += 1
            }
        }
        var found: List = []
        found.reserveCapacity(scratch.touched.count)
        for index in scratch.touched.indices {
            let number = Int(scratch.touched[index])
            let mentor = mentors[number]
            guard rules.rejection(mentor: mentor, mentee: mentee) == nil else { continue }
            // A sampled list may have missed a mentor's other shared words: count them exactly then.
            let shared =
                sampled
                ? MatchRules.sharedCount(skillWords[skillStart[number]..<skillStart[number + 1]], person.goals)
                : Int(scratch.shared[number])
            found.append((number, rules.points(mentor: mentor, mentee: mentee, shared: shared)))
        }
        return found
    }

    /// Eligible mentors sharing goal words: first those sharing two or more, through the pair
    /// index; then, unless `limit` of them already beat anyone sharing one word, the single-word
    /// lists (whole up to `scanLimit`, else `sampleReads` of them, nearest the ideal grade first).
    private func throughPairs(_ pairs: SkillPairIndex, mentee: Int, grade: Int, scratch: inout Scratch) -> List {
        let goals = rules.roster.people[mentee].goals
        let menteeFacts = rules.facts(mentee)
        for (first, second) in SkillPairIndex.pairs(goals[...]) {
            for number in pairs.mentors(with: first, second, menteeGrade: grade, gap: rules.policy.gradeGap) {
                _ = scratch.first(number)
                scratch.shared[Int(number)] += 1
            }
        }
        var found: List = []
        var aboveOneWord = 0
        for index in scratch.touched.indices {
            let number = Int(scratch.touched[index])
            let shared = SkillPairIndex.sharedWords(listedUnder: Int(scratch.shared[number]))
            guard let points = score(number, mentee: mentee, menteeFacts, shared: shared) else { continue }
            if points > MatchRules.oneWordCeiling { aboveOneWord += 1 }
            found.append((number, points))
        }
        // Everyone left shares at most one word, so scores at most the ceiling: the list is complete.
        if aboveOneWord >= limit { return found }
        // A mentor first seen now shares exactly this one word: sharing two, a pair list had them.
        for goal in goals {
            let eligible = eligibleRange(Int(goal), menteeGrade: grade)
            func visit(_ number: Int32) {
                guard scratch.first(number), let points = score(Int(number), mentee: mentee, menteeFacts, shared: 1) else { return }
                found.append((Int(number), points))
            }
            if eligible.count <= scanLimit {
                for number in bySkill[Int(goal)][eligible] { visit(number) }
            } else {
                readNearestGrades(Int(goal), eligible, menteeGrade: grade, mentee: mentee, visit: visit)
            }
        }
        return found
    }

    /// The points of the mentor numbered `number` with `mentee`, sharing `shared` goal words, or
    /// `nil` when the chain-of-command rule (or, for the few who are not plain, any rule) forbids
    /// the pair. The grade rule is not checked: the skill index lists only mentors it allows.
    private func score(_ number: Int, mentee: Int, _ menteeFacts: MatchRules.Facts, shared: Int) -> Int? {
        let mentorFacts = facts[number]
        guard MatchRules.outsideChain(mentorFacts, menteeFacts) else { return nil }
        if mentorFacts.plain, menteeFacts.plain { return rules.points(mentorFacts, menteeFacts, shared: shared) }
        let mentor = mentors[number]
        guard rules.rejection(mentor: mentor, mentee: mentee) == nil else { return nil }
        return rules.points(mentor: mentor, mentee: mentee, shared: shared)
    }

    /// Visits `sampleReads` mentors of `eligible` (a part of word `word`'s list): the ideal grade
    /// first, then one grade either side, then the rest, each part spread evenly from a place that
    /// turns with the mentee, so mentees of one grade don't all read the same few mentors.
    private func readNearestGrades(_ word: Int, _ eligible: Range<Int>, menteeGrade: Int, mentee: Int, visit: (Int32) -> Void) {
        let list = bySkill[word]
        let ideal = menteeGrade + rules.policy.idealGap
        func cut(_ grade: Int) -> Int {
            let index = Self.boundary(skillGrades[word]) { $0 < grade }
            return Swift.min(Swift.max(index, eligible.lowerBound), eligible.upperBound)
        }
        let cuts = [eligible.lowerBound, cut(ideal - 1), cut(ideal), cut(ideal + 1), cut(ideal + 2), eligible.upperBound]
        var budget = sampleReads
        for (low, high) in [(2, 3), (1, 2), (3, 4), (0, 1), (4, 5)] where budget > 0 && cuts[low] < cuts[high] {
            let part = cuts[low]..<cuts[high]
            let reads = Swift.min(budget, part.count)
            budget -= reads
            // Steps of `stride` from `offset`, wrapping: distinct, since reads * stride <= count.
            let stride = part.count / reads
            let offset = (mentee &* 7919 &+ word &* 104_729) % part.count
            for step in 0..<reads { visit(list[part.lowerBound + (offset + step * stride) % part.count]) }
        }
    }

    /// The part of word `word`'s list whose grades the grade rule allows for a mentee of
    /// `menteeGrade`: contiguous, since the list is in grade order.
    private func eligibleSlice(_ word: Int, menteeGrade: Int) -> ArraySlice<Int32> {
        bySkill[word][eligibleRange(word, menteeGrade: menteeGrade)]
    }

    /// The indices of `eligibleSlice(_:menteeGrade:)` in word `word`'s list.
    private func eligibleRange(_ word: Int, menteeGrade: Int) -> Range<Int> {
        Self.gradeRange(skillGrades[word], menteeGrade: menteeGrade, gap: rules.policy.gradeGap)
    }

    /// The indices of `grades` (ascending) whose `grade - menteeGrade` falls in `gap`: contiguous.
    static func gradeRange<Grades: RandomAccessCollection>(_ grades: Grades, menteeGrade: Int, gap: ClosedRange<Int>) -> Range<Int>
    where Grades.Element == Int32, Grades.Index == Int {
        let first = boundary(grades) { $0 - menteeGrade < gap.lowerBound }
        let end = boundary(grades) { $0 - menteeGrade <= gap.upperBound }
        return first..<Swift.max(first, end)
    }

    /// The first index of `grades` where `prefix` no longer holds (it holds for a prefix of them).
    static func boundary<Grades: RandomAccessCollection>(_ grades: Grades, _ prefix: (Int) -> Bool) -> Int
    where Grades.Element == Int32, Grades.Index == Int {
        var (low, high) = (grades.startIndex, grades.endIndex)
        while low < high {
            let middle = (low + high) / 2
            if prefix(Int(grades[middle])) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The `limit` best of `found`, best first. Points are small whole numbers, so a histogram
    /// finds the cut without sorting everything; ties at the cut go to mentors in an order that
    /// rotates with the mentee, so equal mentors share the demand.
    private func best(_ found: List, mentee: Int) -> List {
        Self.best(found, limit: limit, rotation: mentee &* 7919, mentorCount: Swift.max(1, mentors.count))
    }

    /// `best(_:mentee:)` without `self` (its sort closures captured the whole struct, and copying
    /// it, a dozen arrays retained and released per comparison, took 13% of a 500,000-row match),
    /// sorting plain integers: each candidate's points, then its rotated mentor number reversed.
    private static func best(_ found: List, limit: Int, rotation: Int, mentorCount: Int) -> List {
        let shift = rotation % mentorCount
        let low = Int(UInt32.max)
        var cut = Int.min
        if found.count > limit {
            var histogram = [Int](repeating: 0, count: MatchRules.maximumPoints + 1)
            for candidate in found { histogram[Swift.min(Swift.max(candidate.points, 0), MatchRules.maximumPoints)] += 1 }
            cut = MatchRules.maximumPoints
            var above = 0
            while cut > 0, above + histogram[cut] < limit {
                above += histogram[cut]
                cut -= 1
            }
        }
        var keys: [Int] = []
        keys.reserveCapacity(Swift.min(found.count, 4 * limit))
        for candidate in found where candidate.points >= cut {
            keys.append((candidate.points << 32) | (low - (candidate.mentor + shift) % mentorCount))
        }
        keys.sort(by: >)
        return keys.prefix(limit).map { key in
            let rotated = low - (key & low)
            return ((rotated - shift + mentorCount) % mentorCount, key >> 32)
        }
    }

    /// Offers mentors from the grades nearest the ideal gap until twice the shortfall is added or
    /// a bounded number of mentors has been looked at.
    private func fill(count found: Int, mentee: Int, grade: Int, consider: (Int32) -> Bool) {
        let policy = rules.policy
        var wanted = 2 * (limit - found)
        var budget = 8 * limit
        let buckets = byGrade.filter { policy.gradeGap.contains($0.grade - grade) }
            .sorted {
                abs($0.grade - grade - policy.idealGap) < abs($1.grade - grade - policy.idealGap)
                    || (abs($0.grade - grade - policy.idealGap) == abs($1.grade - grade - policy.idealGap) && $0.grade < $1.grade)
            }
        for bucket in buckets {
            let count = bucket.mentors.count
            let offset = (mentee &* 7919) % count
            for step in 0..<count {
                guard wanted > 0, budget > 0 else { return }
                budget -= 1
                if consider(bucket.mentors[(offset + step) % count]) { wanted -= 1 }
            }
        }
    }
}
