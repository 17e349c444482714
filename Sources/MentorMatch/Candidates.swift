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
/// the benchmark's shape, whose results are then exactly those of a full read); beyond that an
/// evenly spread sample of `scanLimit` is read, so the work per mentee stays bounded as the roster grows.
struct Candidates {
    /// Candidate mentors of one mentee, as (mentor number, points), best first.
    typealias List = [(mentor: Int, points: Int)]

    let rules: MatchRules
    /// Roster positions of the mentors that have places.
    let mentors: [Int]
    let limit: Int
    /// Mentors read through the skill index per goal word of a mentee, at most.
    let scanLimit: Int
    /// Mentors with a grade by skill word, in grade order; `skillGrades` holds their grades.
    private let bySkill: [[Int32]]
    private let skillGrades: [[Int]]
    /// Each mentor's skill words, flat, by mentor number (`skillStart[n]..<skillStart[n + 1]`):
    /// recounting a sampled mentor's shared words reads one short run here rather than the
    /// roster's array per person, which cost two cache misses a mentor.
    private let skillStart: [Int]
    private let skillWords: [Int32]
    private let byGrade: [(grade: Int, mentors: [Int32])]
    private let preferredBy: [Int: [Int32]]
    private let mentorNumber: [Int: Int]

    init(rules: MatchRules, mentors: [Int], limit: Int, scanLimit: Int? = nil) {
        self.rules = rules
        self.mentors = mentors
        self.limit = max(1, limit)
        self.scanLimit = max(self.limit, scanLimit ?? Self.scanFactor * self.limit)
        let people = rules.roster.people
        var bySkill = [[Int32]](repeating: [], count: rules.roster.terms.count)
        var grades: [Int: [Int32]] = [:]
        var preferredBy: [Int: [Int32]] = [:]
        var mentorNumber: [Int: Int] = [:]
        // Numbered in grade order (then roster order), each word's list comes out sorted by grade.
        let graded = mentors.indices.filter { people[mentors[$0]].grade != nil }
            .sorted { (people[mentors[$0]].grade ?? 0, $0) < (people[mentors[$1]].grade ?? 0, $1) }
        var skillGrades = [[Int]](repeating: [], count: rules.roster.terms.count)
        for number in graded {
            let person = people[mentors[number]]
            for skill in person.skills {
                bySkill[Int(skill)].append(Int32(number))
                skillGrades[Int(skill)].append(person.grade ?? 0)
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
    }

    /// Mentors read through the skill index per goal word by default, as a multiple of the list length kept.
    static let scanFactor = 48

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
            let shared = sampled ? MatchRules.sharedCount(skillWords[skillStart[number]..<skillStart[number + 1]], person.goals)
                : Int(scratch.shared[number])
            found.append((number, rules.points(mentor: mentor, mentee: mentee, shared: shared)))
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
        for wanted in person.prefers { if let number = rules.roster.position(of: wanted).flatMap({ mentorNumber[$0] }) { consider(Int32(number)) } }
        // The key holder someone is to succeed is always weighed, whatever words they share.
        if let holder = person.successorFor.flatMap(rules.roster.position(of:)).flatMap({ mentorNumber[$0] }) { consider(Int32(holder)) }
        for number in preferredBy[mentee] ?? [] { consider(number) }
        if found.count < limit { fill(count: found.count, mentee: mentee, grade: grade, consider: consider) }
        return best(found, mentee: mentee)
    }

    /// The part of word `word`'s list whose grades the grade rule allows for a mentee of
    /// `menteeGrade`: contiguous, since the list is in grade order.
    private func eligibleSlice(_ word: Int, menteeGrade: Int) -> ArraySlice<Int32> {
        let grades = skillGrades[word]
        let gap = rules.policy.gradeGap
        // The first index where `prefix` no longer holds (it holds for a prefix of the list).
        func boundary(_ prefix: (Int) -> Bool) -> Int {
            var (low, high) = (0, grades.count)
            while low < high {
                let middle = (low + high) / 2
                if prefix(grades[middle]) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let first = boundary { $0 - menteeGrade < gap.lowerBound }
        let end = boundary { $0 - menteeGrade <= gap.upperBound }
        return bySkill[word][first..<Swift.max(first, end)]
    }

    /// The `limit` best of `found`, best first. Points are small whole numbers, so a histogram
    /// finds the cut without sorting everything; ties at the cut go to mentors in an order that
    /// rotates with the mentee, so equal mentors share the demand.
    private func best(_ found: List, mentee: Int) -> List {
        let rotation = mentee &* 7919
        func key(_ number: Int) -> Int { (number &+ rotation) % Swift.max(1, mentors.count) }
        guard found.count > limit else {
            return found.sorted { $0.points > $1.points || ($0.points == $1.points && key($0.mentor) < key($1.mentor)) }
        }
        var histogram = [Int](repeating: 0, count: MatchRules.maximumPoints + 1)
        for candidate in found { histogram[Swift.min(Swift.max(candidate.points, 0), MatchRules.maximumPoints)] += 1 }
        var cut = MatchRules.maximumPoints
        var above = 0
        while cut > 0, above + histogram[cut] < limit {
            above += histogram[cut]
            cut -= 1
        }
        var chosen = found.filter { $0.points > cut }
        let tied = found.filter { $0.points == cut }.sorted { key($0.mentor) < key($1.mentor) }
        chosen += tied.prefix(limit - chosen.count)
        return chosen.sorted { $0.points > $1.points || ($0.points == $1.points && key($0.mentor) < key($1.mentor)) }
    }

    /// Offers mentors from the grades nearest the ideal gap until twice the shortfall is added or
    /// a bounded number of mentors has been looked at.
    private func fill(count found: Int, mentee: Int, grade: Int, consider: (Int32) -> Bool) {
        let policy = rules.policy
        var wanted = 2 * (limit - found)
        var budget = 8 * limit
        let buckets = byGrade.filter { policy.gradeGap.contains($0.grade - grade) }
            .sorted { abs($0.grade - grade - policy.idealGap) < abs($1.grade - grade - policy.idealGap)
                || (abs($0.grade - grade - policy.idealGap) == abs($1.grade - grade - policy.idealGap) && $0.grade < $1.grade) }
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
