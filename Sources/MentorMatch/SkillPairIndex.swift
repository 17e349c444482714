/// Mentors by pair of skill words, each pair's mentors in grade order: the mentors who share at
/// least two of a mentee's goals, found without reading the (much longer) lists of single words.
///
/// A mentor sharing two words earns at least `MatchRules.oneWordCeiling` points, as much as any
/// mentor sharing one word can; so when a mentee's pairs give `limit` mentors above that, they
/// are the mentee's best and the single-word lists need not be read at all. A mentor with `k`
/// skills is listed under k(k-1)/2 pairs; the index is not built when that grows too large
/// (`maximumEntries`), and candidate search then samples the single-word lists instead.
struct SkillPairIndex {
    /// Each pair's list number, by `key(_:_:)`.
    private let slot: [Int: Int32]
    /// List `n` is `mentors[start[n]..<start[n + 1]]`, with `grades` beside it.
    private let start: [Int]
    private let mentors: [Int32]
    private let grades: [Int32]

    /// Entries allowed per mentor on average before the index is judged too large to be worth it.
    static let entriesPerMentor = 16

    /// The index of the mentors numbered in `order` (grade order), whose skill words are
    /// `words(number)` (sorted, distinct) and grades `grade(number)`; `nil` beyond `maximumEntries` entries.
    init?(order: [Int], maximumEntries: Int, words: (Int) -> ArraySlice<Int32>, grade: (Int) -> Int32) {
        var slot: [Int: Int32] = [:]
        var counts: [Int] = []
        var total = 0
        for number in order {
            let skills = words(number)
            total += skills.count * (skills.count - 1) / 2
            guard total <= maximumEntries else { return nil }
            for (first, second) in Self.pairs(skills) {
                let key = Self.key(first, second)
                if let list = slot[key] {
                    counts[Int(list)] += 1
                } else {
                    slot[key] = Int32(counts.count)
                    counts.append(1)
                }
            }
        }
        var start = [0]
        start.reserveCapacity(counts.count + 1)
        for count in counts { start.append(start[start.count - 1] + count) }
        var fill = start
        var mentors = [Int32](repeating: 0, count: total)
        var grades = [Int32](repeating: 0, count: total)
        for number in order {
            for (first, second) in Self.pairs(words(number)) {
                guard let list = slot[Self.key(first, second)].map(Int.init) else { continue }
                mentors[fill[list]] = Int32(number)
                grades[fill[list]] = grade(number)
                fill[list] += 1
            }
        }
        self.slot = slot
        self.start = start
        self.mentors = mentors
        self.grades = grades
    }

    /// The mentors listed under both `first` and `second` whose grades `mentorGrade - menteeGrade` fall in `gap`.
    func mentors(with first: Int32, _ second: Int32, menteeGrade: Int, gap: ClosedRange<Int>) -> ArraySlice<Int32> {
        guard let list = slot[Self.key(min(first, second), max(first, second))].map(Int.init) else { return [] }
        let range = Candidates.gradeRange(grades[start[list]..<start[list + 1]], menteeGrade: menteeGrade, gap: gap)
        return mentors[range]
    }

    /// Every pair of `words`, each (smaller, larger) when `words` is sorted.
    static func pairs(_ words: ArraySlice<Int32>) -> [(Int32, Int32)] {
        var result: [(Int32, Int32)] = []
        result.reserveCapacity(words.count * (words.count - 1) / 2)
        var index = words.startIndex
        while index < words.endIndex {
            var other = index + 1
            while other < words.endIndex {
                result.append((words[index], words[other]))
                other += 1
            }
            index += 1
        }
        return result
    }

    /// How many shared words a mentor listed under `lists` of a mentee's pairs shares: k words make k(k-1)/2 pairs.
    static func sharedWords(listedUnder lists: Int) -> Int {
        var words = 2
        while words * (words - 1) / 2 < lists { words += 1 }
        return words
    }

    private static func key(_ first: Int32, _ second: Int32) -> Int { Int(first) << 32 | Int(second) }
}
