import Diagnostics

extension Node {
    /// The node as non-empty text; `key` names it in errors.
    public func text(_ key: String) throws(YAMLError) -> String {
        guard let text = scalarText, !isNull, !isTaggedNonText else {
            throw .typeMismatch(key: key, expected: "text", found: kindDescription, at: mark)
        }
        guard !isBlank else { throw .typeMismatch(key: key, expected: "text", found: "only spaces", at: mark) }
        return text
    }

    /// True for a quoted, block or tagged scalar of only white space (`!!str` alone is empty text).
    /// libyaml trims plain scalars, so a non-empty plain scalar always has visible text.
    var isBlank: Bool {
        guard case .scalar(let text, let style) = content, style != .plain || tag != nil else { return false }
        return text.allSatisfy(\.isWhitespace)
    }

    /// The node as a whole number within `range`.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(YAMLError) -> Int {
        let value: Int?
        switch coreTag {
        case nil: value = scalarText.flatMap { isNull ? nil : Int($0) }
        case .int: value = scalarText.flatMap(CoreTag.integer)
        default: value = nil // `!!str 42` is text, `!!float 4` a float: neither is a whole number
        }
        guard let value else {
            throw .typeMismatch(key: key, expected: "a whole number", found: tag == nil ? kindDescription : taggedDescription, at: mark)
        }
        guard range.contains(value) else { throw .outOfRange(key: key, value: value, range: range, at: mark) }
        return value
    }

    /// The node as `true` or `false` (any letter case).
    /// A `!!bool` value must be written as the core schema allows; `!!str true` is text, not a boolean.
    public func boolean(_ key: String) throws(YAMLError) -> Bool {
        switch (coreTag, scalarText?.lowercased()) {
        case (nil, "true"), (.bool, "true"): return true
        case (nil, "false"), (.bool, "false"): return false
        default:
            throw .typeMismatch(key: key, expected: "true or false", found: tag == nil ? kindDescription : taggedDescription, at: mark)
        }
    }

    /// The node as one of `T`'s raw values, suggesting the nearest on a typo.
    /// Inlinable so that callers in other modules get it specialized for their enum.
    @inlinable
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type = T.self) throws(YAMLError) -> T
    where T.RawValue == String {
        let text = try text(key)
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        throw .notOneOf(key: key, value: text, allowed: allowed, suggestion: Suggestion.closest(to: text, in: allowed), at: mark)
    }

    /// The node as a list of non-empty texts, without their marks.
    public func texts(_ key: String) throws(YAMLError) -> [String] {
        guard let items else { return try textList(key).map(\.text) } // throws the shape error
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let text = item.scalarText, !item.isNull, !item.isTaggedNonText, !item.isBlank else {
                return try textList(key).map(\.text) // throws the item's error
            }
            result.append(text)
        }
        return result
    }

    /// The node as a list of non-empty texts, each with its mark.
    public func textList(_ key: String) throws(YAMLError) -> [(text: String, mark: Mark)] {
        guard let items else {
            throw .typeMismatch(key: key, expected: "a list such as [a, b] or lines starting with '- '", found: kindDescription, at: mark)
        }
        var result: [(text: String, mark: Mark)] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let text = item.scalarText, !item.isNull, !item.isTaggedNonText, !item.isBlank else {
                let hint = item.pairs != nil ? "; quote text that contains ': '" : ""
                let found = "\(item.kindDescription) as item \(index + 1)\(hint)"
                throw .typeMismatch(key: key, expected: "a list of text", found: found, at: item.mark)
            }
            result.append((text, item.mark))
        }
        return result
    }
}
