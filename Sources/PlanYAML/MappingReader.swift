import Diagnostics

/// Reads a mapping whose keys are fixed: reports unknown keys (with a suggestion) and missing ones.
public struct MappingReader {
    /// Where the mapping starts (missing keys are reported here).
    public let mark: Mark
    /// The mapping's pairs, shared with the node (no copy). Lookups scan it rather than hash: they
    /// are by the few allowed keys, so an unknown key never matches one.
    private let pairs: [Node.Pair]
    /// Allowed keys that an unknown key was probably meant to be ('minuts' for 'minutes'). Callers
    /// don't report these as missing: the misspelling was reported already.
    public let misspelt: Set<String>

    /// Reads `node` as a mapping with the `allowed` keys; `subject` names it in errors ("a topic").
    /// Unknown keys are appended to `problems` (so one pass reports all); a non-mapping throws.
    public init(_ node: Node, subject: String, allowed: [String], problems: inout [YAMLError]) throws(YAMLError) {
        guard let pairs = node.pairs else {
            throw .notAMapping(subject: subject, found: node.kindDescription, at: node.mark)
        }
        self.mark = node.mark
        var misspelt: Set<String> = []
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            if allowed.contains(where: { Self.same($0, name) }) {
                continue
            } else if name == "<<" {
                problems.append(.mergeKey(at: pair.key.mark))
            } else {
                let suggestion = Suggestion.closest(to: name, in: allowed)
                if let suggestion { misspelt.insert(suggestion) }
                problems.append(.unknownKey(name, suggestion: suggestion, at: pair.key.mark))
            }
        }
        self.pairs = pairs
        self.misspelt = misspelt
    }

    private func index(of key: String) -> Int? {
        pairs.firstIndex { pair in
            if case .scalar(let text, _) = pair.key.content { return Self.same(text, key) }
            return false
        }
    }

    /// String equality that compares lengths first: keys of one format mostly differ in length,
    /// which settles most comparisons without the full comparison's call (a hot path in loading).
    @inline(__always)
    private static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    /// The value for `key`, or `nil` when the key is absent or its value is null.
    public subscript(key: String) -> Node? {
        guard let index = index(of: key), !pairs[index].value.isNull else { return nil }
        return pairs[index].value
    }

    /// Where `key` is written, if present.
    public func mark(of key: String) -> Mark? {
        index(of: key).map { pairs[$0].key.mark }
    }

    /// True when `key` is written, even with an empty value.
    public func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// True when `key` is written with a non-null value (the same test as `self[key] != nil`, without a copy).
    public func hasValue(_ key: String) -> Bool { index(of: key).map { !pairs[$0].value.isNull } ?? false }

    /// The value for `key`, possibly null (so that converting it says "found nothing" at the value);
    /// throws `.missingKey` naming `owner` when the key is absent.
    public func required(_ key: String, owner: String) throws(YAMLError) -> Node {
        guard let index = index(of: key) else { throw .missingKey(key, owner: owner, at: mark) }
        return pairs[index].value
    }
}
