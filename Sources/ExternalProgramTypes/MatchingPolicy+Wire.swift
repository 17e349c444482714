import MentorCore

/// The optional `matching` object of a `describe` reply: how `mentor match` forms the type's
/// groups. Three layouts, told apart by `grouping`, each with only its own keys:
///
/// ```json
/// {"grouping": "pairs", "grade-gap": {"min": 2}, "ideal-gap": 2}
/// {"grouping": "circles", "grade-gap": {"min": 2}, "ideal-gap": 2, "mentees": {"min": 2, "max": 8}, "default-capacity": 4}
/// {"grouping": "peer-groups", "grade-spread": 2, "size": {"min": 3, "max": 6}, "target": 4}
/// ```
///
/// `grade-gap` is the mentor's grade minus the mentee's (negative for reverse mentoring); a bound
/// left out is open. Peer groups have no mentor, so they say `grade-spread` (the largest grade
/// difference inside a group) rather than reuse `grade-gap` with another meaning; it becomes
/// `gradeGap: 0...spread`, as the built-in peer type writes it. The schema checks the layout; the
/// rules that relate two values (min ≤ max, the ideal inside the gap) are checked here, so a
/// policy the matcher can't use never reaches it.
extension MatchingPolicy {
    /// Grades are small numbers; bounds outside this range are surely mistakes.
    static let gradeLimit = 100
    /// Group sizes a matcher can form.
    static let sizeLimit = 1...1_000

    /// The policy in a `describe` reply's `type.matching`.
    init(wire field: Field) throws(PluginError) {
        let grouping = try field.object(required: ["grouping"], optional: Self.allKeys)[required: "grouping"]
            .choice(["pairs", "circles", "peer-groups"])
        switch grouping {
        case "peer-groups":
            let policy = try field.object(required: ["grouping", "grade-spread", "size", "target"])
            let spread = try policy[required: "grade-spread"].int(in: 0...Self.gradeLimit)
            let size = try Self.range(policy[required: "size"], within: 2...Self.sizeLimit.upperBound)
            let targetField = policy[required: "target"]
            let target = try targetField.int(in: Self.sizeLimit)
            guard size.contains(target) else {
                throw targetField.mismatch("a size from \(size.lowerBound) to \(size.upperBound) (see 'size')")
            }
            self.init(grouping: .peerGroups(size: size, target: target), gradeGap: 0...spread, idealGap: 0)
        default:
            let circles = grouping == "circles"
            let policy = try field.object(
                required: ["grouping", "grade-gap", "ideal-gap"]
                    + (circles ? ["mentees", "default-capacity"] : []))
            let gap = try Self.range(policy[required: "grade-gap"], within: -Self.gradeLimit...Self.gradeLimit, open: true)
            let idealField = policy[required: "ideal-gap"]
            let ideal = try idealField.int(in: -Self.gradeLimit...Self.gradeLimit)
            guard gap.contains(ideal) else { throw idealField.mismatch("a gap inside 'grade-gap' (\(Self.words(gap)))") }
            guard circles else {
                self.init(grouping: .pairs, gradeGap: gap, idealGap: ideal)
                return
            }
            let mentees = try Self.range(policy[required: "mentees"], within: Self.sizeLimit)
            let capacityField = policy[required: "default-capacity"]
            let capacity = try capacityField.int(in: Self.sizeLimit)
            guard mentees.contains(capacity) else {
                throw capacityField.mismatch("a circle size from \(mentees.lowerBound) to \(mentees.upperBound) (see 'mentees')")
            }
            self.init(grouping: .circles(mentees: mentees, defaultCapacity: capacity), gradeGap: gap, idealGap: ideal)
        }
    }

    /// Every key any layout has; `init(wire:)` then holds each layout to its own.
    private static let allKeys = ["grade-gap", "ideal-gap", "mentees", "default-capacity", "grade-spread", "size", "target"]

    /// `{"min": a, "max": b}` with `a ≤ b`, both within `limits`; with `open`, a missing bound is
    /// unbounded (`Int.min`/`Int.max`, as the built-in policies write "at least 2 grades"), but
    /// one of the two must be given.
    private static func range(_ field: Field, within limits: ClosedRange<Int>, open: Bool = false) throws(PluginError) -> ClosedRange<Int> {
        let bounds = try field.object(required: open ? [] : ["min", "max"], optional: open ? ["min", "max"] : [])
        guard bounds["min"] != nil || bounds["max"] != nil else { throw field.mismatch("an object with 'min', 'max' or both") }
        let low = try bounds["min"]?.int(in: limits) ?? Int.min
        let high = try bounds["max"]?.int(in: limits) ?? Int.max
        if low > high { throw bounds[required: "max"].mismatch("a number not below 'min' (\(low))") }
        return low...high
    }

    /// "2 or more", "at most -2", "2 to 5".
    private static func words(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return "\(range.lowerBound) or more" }
        if range.lowerBound == Int.min { return "at most \(range.upperBound)" }
        return "\(range.lowerBound) to \(range.upperBound)"
    }
}
