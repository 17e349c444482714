import Diagnostics

/// One event of a streamed item as an `ItemDecoder` sees it (see
/// `Parser.document(streamingItemsOf:decoder:_:)`). Events with a tag or an anchor, aliases, and
/// anything the parser must check itself (a list or mapping as a key, a repeated key, a limit
/// reached) never get here: the parser builds the item as a `Node` instead.
public enum ItemEvent {
    /// A mapping begins.
    case mappingStart
    /// A list begins.
    case sequenceStart
    /// The innermost open mapping or list ends.
    case end
    /// A scalar's UTF-8 bytes (valid only during the call) and how it was written.
    case scalar(UnsafeBufferPointer<UInt8>, Node.ScalarStyle)
}

/// Decodes a streamed item straight from parser events, without building its `Node`.
///
/// It is a fast path with a fallback: the decoder takes the events of the usual shape and declines
/// anything else (`accept` or `finish` returning `false`/`nil`); the parser then builds the item's
/// `Node` from the events it has recorded and hands that over instead, so that the usual, tree-based
/// decoding says what is wrong exactly as it always did. A decoder must therefore decline every
/// item whose tree-based decoding would report a problem, and produce what that decoding produces
/// for the others.
public protocol ItemDecoder {
    /// What an item decodes to.
    associatedtype Item

    /// Forgets any partly decoded item: the next event starts a new one.
    mutating func reset()

    /// The item's next event, which starts at `mark`. `false` declines the item.
    mutating func accept(_ event: ItemEvent, at mark: Mark) -> Bool

    /// The decoded item, once every event of it was accepted; `nil` declines it.
    mutating func finish() -> Item?
}

/// A streamed item: decoded straight from events, or (when the decoder declined it) its `Node`.
public enum StreamedItem<Item> {
    /// The item as the decoder made it.
    case decoded(Item)
    /// The item's tree, for the usual decoding.
    case node(Node)
}
