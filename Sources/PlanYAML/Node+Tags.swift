extension Node {
    /// The node's core tag, when it has one (the parser refuses any other tag).
    public var coreTag: CoreTag? { tag.flatMap(CoreTag.init(tag:)) }

    /// True when the node's tag says it is not text: `!!int`, `!!float`, `!!bool` or `!!null`.
    var isTaggedNonText: Bool {
        switch coreTag {
        case .int, .float, .bool, .null: return true
        default: return false
        }
    }

    /// "text '42' tagged !!str", for messages about a value whose tag doesn't fit.
    var taggedDescription: String {
        guard let tag else { return kindDescription }
        let text = YAMLError.short(scalarText ?? "")
        return "'\(text)' tagged \(CoreTag.shortName(tag))"
    }
}
