import Diagnostics

/// One node of a parsed YAML document. Every node remembers where it started.
public struct Node: Sendable, Equatable {
    /// How a scalar was written; only plain scalars can mean `null`, `true` or a number.
    public enum ScalarStyle: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// A key and its value inside a mapping, in source order.
    public struct Pair: Sendable, Equatable {
        /// The key node (always a scalar: the parser refuses other keys).
        public var key: Node
        /// The value node.
        public var value: Node
    }

    /// What the node holds.
    public enum Content: Sendable, Equatable {
        case scalar(String, ScalarStyle)
        case sequence([Node])
        case mapping([Pair])
    }

    /// The node's content.
    public var content: Content
    /// Where the node starts in the source.
    public var mark: Mark
    /// An explicit tag such as `!!str`, when the source gave one.
    public var tag: String?

    /// Creates a node.
    public init(_ content: Content, mark: Mark, tag: String? = nil) {
        self.content = content
        self.mark = mark
        self.tag = tag
    }
}

// MARK: - Convenience

extension Node {
    /// The scalar's text, or `nil` for a sequence or mapping.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// True for an empty value, `~` or `null` written as a plain scalar, and for a `!!null` scalar.
    public var isNull: Bool {
        guard case .scalar(let text, let style) = content else { return false }
        if let tag { return tag == CoreTag.null.tag }
        return style == .plain && CoreTag.isNull(text)
    }

    /// The pairs of a mapping, or `nil`.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The items of a sequence, or `nil`.
    public var items: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The value for a scalar key in a mapping, or `nil`.
    public subscript(key: String) -> Node? {
        pairs?.first { $0.key.scalarText == key }?.value
    }

    /// A short description of the node's kind for error messages: "text", "a list", "a mapping".
    public var kindDescription: String {
        switch content {
        case .scalar:
            if isNull { return "nothing" }
            if isTaggedNonText { return taggedDescription }
            return "text '\(YAMLError.short(scalarText ?? ""))'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
