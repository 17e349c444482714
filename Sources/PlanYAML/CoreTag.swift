/// The tags of YAML 1.2's core schema, the only explicit tags templates and program files may use.
///
/// `!!str 42` is the text "42", `!!int 42` the number 42 and `!!bool false` the boolean false,
/// whatever the plain form would have meant. The parser refuses other tags (`!foo`, `!!binary`,
/// `!!timestamp`) at the tag, and a value its tag can't hold (`!!int abc`).
public enum CoreTag: String, Sendable, CaseIterable {
    case str, int, float, bool, null, seq, map

    /// The URI prefix libyaml expands `!!` to.
    static let prefix = "tag:yaml.org,2002:"

    /// The core tag a full tag names, or `nil` for any other tag.
    public init?(tag: String) {
        guard tag.hasPrefix(Self.prefix) else { return nil }
        self.init(rawValue: String(tag.dropFirst(Self.prefix.count)))
    }

    /// The full tag, as libyaml reports it: `tag:yaml.org,2002:int`.
    public var tag: String { Self.prefix + rawValue }

    /// A tag as written in a file: `!!int` for `tag:yaml.org,2002:int`, other tags as they are.
    public static func shortName(_ tag: String) -> String {
        tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

    /// What a value with this tag must be, for messages: "a whole number such as 42".
    var expectation: String {
        switch self {
        case .str: return "text"
        case .int: return "a whole number such as 42 (or 0x2A, 0o52)"
        case .float: return "a number such as 1.5, .inf or .nan"
        case .bool: return "true or false"
        case .null: return "nothing: empty, ~ or null"
        case .seq: return "a list"
        case .map: return "a mapping"
        }
    }

    // MARK: - The core schema's scalar forms

    /// `text` read as a core-schema integer: decimal with an optional sign, `0o` octal or `0x` hex.
    public static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else { return nil }
        return Int(text)
    }

    /// `text` read as a core-schema float: a decimal number with an optional exponent, or the
    /// infinities and not-a-number (`.inf`, `-.Inf`, `.NaN`).
    public static func float(_ text: String) -> Double? {
        let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        let negative = text.hasPrefix("-")
        switch unsigned {
        case ".inf", ".Inf", ".INF": return negative ? -.infinity : .infinity
        case ".nan", ".NaN", ".NAN": return text == unsigned ? .nan : nil
        default: break
        }
        let allowed = unsigned.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        guard allowed, unsigned.first.map({ $0.isNumber || $0 == "." }) == true else { return nil }
        return Double(text)
    }

    /// `text` read as a core-schema boolean.
    public static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// True for the core schema's ways of writing null.
    public static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// True when a scalar of `text` can carry this tag.
    func accepts(scalar text: String) -> Bool {
        switch self {
        case .str: return true
        case .int: return Self.integer(text) != nil
        case .float: return Self.float(text) != nil
        case .bool: return Self.boolean(text) != nil
        case .null: return Self.isNull(text)
        case .seq, .map: return false
        }
    }
}
