/// Finds the known word a misspelling most likely meant.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a typo:
    /// none for words of one or two characters (any other short word is one edit away), one edit
    /// up to four characters, two up to eight, three beyond that. Case-only differences always match.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        let allowed = word.count <= 2 ? 0 : word.count <= 4 ? 1 : word.count <= 8 ? 2 : 3
        let length = word.count
        var best: (String, Int)?
        for candidate in candidates {
            // The distance is at least the difference in length: skip what can't be near (and a
            // megabyte-long key from a hostile file costs no quadratic comparison).
            guard abs(candidate.count - length) <= allowed else { continue }
            if candidate.lowercased() == lowered { return candidate }
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= allowed, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    /// Hand-written: the strings are a few characters long and no listed package offers it.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
