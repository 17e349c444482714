import Diagnostics

/// Everything that can go wrong reading a YAML document, each with the mark it concerns.
public enum YAMLError: Error, Sendable, Equatable {
    /// libyaml rejected the text. `problem` is libyaml's wording, `hint` says what to do.
    case syntax(problem: String, hint: String?, at: Mark)
    /// The same key appears twice in one mapping.
    case duplicateKey(String, at: Mark, first: Mark)
    /// A mapping key is a list or mapping instead of text.
    case complexKey(at: Mark)
    /// An alias names an anchor that was never defined.
    case unknownAnchor(String, at: Mark)
    /// Expanding aliases would create more nodes than the limit allows.
    case aliasExpansionLimit(Int, at: Mark)
    /// Nesting is deeper than the limit allows.
    case depthLimit(Int, at: Mark)
    /// The document has more nodes than the limit allows.
    case nodeLimit(Int, at: Mark)
    /// The input is larger than the limit allows.
    case sizeLimit(bytes: Int, limit: Int)
    /// The input holds more than one document.
    case multipleDocuments(at: Mark)
    /// The file's bytes are not UTF-8: `byte` is the first that isn't, at `at`.
    case invalidUTF8(byte: UInt8, at: Mark)
    /// A tag other than the core schema's (`!foo`, `!!binary`), at the tag.
    case unknownTag(String, at: Mark)
    /// A value its core tag can't hold (`!!int abc`, `!!seq` on text), at the tag.
    case tagMismatch(tag: String, expected: String, found: String, at: Mark)

    // MARK: Decoding

    /// A key that the format does not know, with the closest known key if one is near.
    case unknownKey(String, suggestion: String?, at: Mark)
    /// A YAML merge key (`<<`), which templates don't support.
    case mergeKey(at: Mark)
    /// A required key is absent from the mapping at `at`; `owner` says which mapping.
    case missingKey(String, owner: String, at: Mark)
    /// A value has the wrong shape: `expected` is e.g. "a list", `found` describes the node.
    case typeMismatch(key: String, expected: String, found: String, at: Mark)
    /// A number outside the allowed range.
    case outOfRange(key: String, value: Int, range: ClosedRange<Int>, at: Mark)
    /// Something that must be a mapping is not; `subject` names it ("a topic").
    case notAMapping(subject: String, found: String, at: Mark)
    /// A value that is not one of the allowed words.
    case notOneOf(key: String, value: String, allowed: [String], suggestion: String?, at: Mark)

    /// Where the problem is (line 1, column 1 for whole-input problems).
    public var mark: Mark {
        switch self {
        case .syntax(_, _, let mark), .duplicateKey(_, let mark, _), .complexKey(let mark),
            .unknownAnchor(_, let mark), .aliasExpansionLimit(_, let mark), .depthLimit(_, let mark),
            .nodeLimit(_, let mark), .multipleDocuments(let mark), .unknownKey(_, _, let mark),
            .invalidUTF8(_, let mark), .unknownTag(_, let mark), .tagMismatch(_, _, _, let mark),
            .mergeKey(let mark), .missingKey(_, _, let mark), .typeMismatch(_, _, _, let mark),
            .outOfRange(_, _, _, let mark), .notOneOf(_, _, _, _, let mark), .notAMapping(_, _, let mark):
            return mark
        case .sizeLimit:
            return Mark(line: 1, column: 1)
        }
    }

    /// A lowercase message that says what is wrong and what to do.
    public var message: String {
        switch self {
        case .syntax(let problem, let hint, _):
            return hint.map { "\(problem); \($0)" } ?? problem
        case .duplicateKey(let key, _, let first):
            return "duplicate key '\(Self.short(key))' (first used at line \(first.line)); keep one of them"
        case .complexKey:
            return "a key must be plain text, not a list or mapping"
        case .unknownAnchor(let name, _):
            return "alias '*\(Self.short(name))' refers to no anchor; define '&\(Self.short(name))' before using it"
        case .aliasExpansionLimit(let limit, _):
            return "aliases expand to more than \(limit) nodes; this looks like an alias bomb, write the content out instead"
        case .depthLimit(let limit, _):
            return "nesting is deeper than \(limit) levels; flatten the document"
        case .nodeLimit(let limit, _):
            return "the document has more than \(limit) nodes; split it into several files"
        case .sizeLimit(let bytes, let limit):
            // Reading stops one byte past the limit when the size is not known beforehand (a pipe).
            let size = bytes == limit + 1 ? "more than \(limit) bytes" : "\(bytes) bytes, over the limit of \(limit) bytes"
            return "the file is \(size); split it into several files"
        case .multipleDocuments:
            return "a second document starts here ('---'); put one plan template in each file"
        case .invalidUTF8(let byte, _):
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x\(byte < 16 ? "0" : "")\(hex) is not UTF-8 text; "
                + "save the file as UTF-8 (most editors offer it under 'Save As' or 'Encoding')"
        case .unknownTag(let tag, _):
            let core = CoreTag.allCases.map { "!!\($0.rawValue)" }.joined(separator: ", ")
            return "tag '\(Self.short(CoreTag.shortName(tag)))' is not supported; remove it (the tags understood are \(core))"
        case .tagMismatch(let tag, let expected, let found, _):
            return "tag '\(CoreTag.shortName(tag))' needs \(expected), found \(found); fix the value or remove the tag"
        case .unknownKey(let key, let suggestion, _):
            return "unknown key '\(Self.short(key))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .mergeKey:
            return "merge keys ('<<') are not supported; write the keys out in full"
        case .missingKey(let key, let owner, _):
            return "\(owner) is missing the required key '\(key)'"
        case .typeMismatch(let key, let expected, let found, _):
            return "'\(key)' must be \(expected), found \(found)"
        case .notAMapping(let subject, let found, _):
            return "\(subject) must be a mapping of keys to values, found \(found)"
        case .outOfRange(let key, let value, let range, _):
            return "'\(key)' must be from \(range.lowerBound) to \(range.upperBound), found \(value)"
        case .notOneOf(let key, let value, let allowed, let suggestion, _):
            let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
            return "'\(key)' must be one of \(list), found '\(Self.short(value))'\(hint)"
        }
    }

    /// `text` cut to `limit` characters with "…", for quoting values from the file in messages
    /// (a value may be megabytes long).
    public static func short(_ text: String, limit: Int = 80) -> String {
        guard text.utf8.count > limit, text.count > limit else { return text }
        return text.prefix(limit - 1) + "…"
    }
}
