internal import CLibYAML
import Diagnostics

/// Reads one YAML document into a `Node` tree over libyaml's event API.
///
/// The parser owns the C parser (`deinit` frees it) and reads the text's own UTF-8 storage, without
/// a copy. On top of libyaml it rejects duplicate keys (libyaml keeps them silently), resolves
/// aliases within `Limits`, and bounds depth, node count and input size. A parser reads its input
/// once: a second `document()` or `countEvents()` call throws `.multipleDocuments`.
public final class Parser {
    /// What the parser reads: a text in memory, or a file read a piece at a time.
    private enum Source {
        case text(String)
        case file(FileInput)
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let source: Source
    private let limits: Limits
    /// The input's bytes while a parse of a text runs (the text's storage; empty otherwise).
    private var input = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var used = false

    /// Prepares to parse `text`. Throws `.sizeLimit` for input over `limits.maxBytes`.
    public init(_ text: String, limits: Limits = .default) throws(YAMLError) {
        let count = text.utf8.count
        guard count <= limits.maxBytes else { throw .sizeLimit(bytes: count, limit: limits.maxBytes) }
        self.limits = limits
        source = .text(text)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    /// Prepares to parse the file at `path`, read a piece at a time as libyaml asks for bytes: the
    /// file is never in memory whole (a `String` of it would be, for as long as the parse runs).
    /// What a text read from the file would report is reported the same: `.sizeLimit` for a file
    /// over `limits.maxBytes` (thrown here, from its size), `.invalidUTF8` at the line and column of
    /// the first byte that is not UTF-8, wherever it is and whatever else is wrong with the file.
    /// A file that can't be opened or read is a `.syntax` error at its first line that says so.
    public init(file path: String, limits: Limits = .default) throws(YAMLError) {
        let file = try FileInput(path: path, limit: limits.maxBytes)
        if let size = file.size, size > limits.maxBytes { throw .sizeLimit(bytes: size, limit: limits.maxBytes) }
        self.limits = limits
        source = .file(file)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// Parses `text` and returns its document, or `nil` when it holds none (only comments).
    public static func parse(_ text: String, limits: Limits = .default) throws(YAMLError) -> Node? {
        try Parser(text, limits: limits).document()
    }

    /// Parses the whole input and returns its single document, or `nil` if there is none.
    public func document() throws(YAMLError) -> Node? {
        try document(streamingItemsOf: nil) { _ in }.root
    }

    /// Parses the whole input like `document()`, except that each item of the list under `key` in
    /// the root mapping goes to `item` as soon as it is read and is left out of the tree (the list
    /// stays in the tree, empty, with its mark). A large file is then never held as one tree: a
    /// 16 MB template's topics are decoded one by one. `streamed` counts the items handed over.
    ///
    /// A list with an anchor is kept whole (an alias may repeat it), and a list that an alias
    /// puts under `key` arrives in the tree as usual: callers read both.
    public func document(
        streamingItemsOf key: String?, _ item: (Node) -> Void
    ) throws(YAMLError) -> (root: Node?, streamed: Int) {
        try run(streamKey: key, decodes: false, item, { _ in false })
    }

    /// Parses the whole input like `document(streamingItemsOf:_:)`, and offers each streamed item's
    /// events to `decoder` first: an item it decodes arrives as `.decoded`, without a tree; an item it
    /// declines (or one with tags, anchors or aliases, or that breaks a rule the parser checks) is
    /// built from the events read so far and arrives as `.node`, as `document(streamingItemsOf:_:)`
    /// would hand it over. Errors, limits and marks are those of the tree in every case: the
    /// parser checks each event as it does when building, and leaves every error to the tree.
    ///
    /// Inlinable, so that it is specialized for the caller's decoder: unspecialized, every event
    /// paid a runtime lookup of the decoder's generic types.
    @inlinable
    public func document<Decoder: ItemDecoder>(
        streamingItemsOf key: String, decoder: inout Decoder, _ item: (StreamedItem<Decoder.Item>) -> Void
    ) throws(YAMLError) -> (root: Node?, streamed: Int) {
        try run(
            streamKey: key, decodes: true, { item(.node($0)) },
            { call in
                switch call {
                case .reset:
                    decoder.reset()
                    return true
                case .accept(let event, let mark):
                    return decoder.accept(event, at: mark)
                case .finish:
                    guard let decoded = decoder.finish() else { return false }
                    item(.decoded(decoded))
                    return true
                }
            })
    }

    /// The event loop behind both `document(streamingItemsOf:)` forms. `fast` is the decoder's
    /// side, used only when `decodes` is true.
    @usableFromInline
    func run(
        streamKey key: String?, decodes: Bool, _ item: (Node) -> Void, _ fast: (FastCall) -> Bool
    ) throws(YAMLError) -> (root: Node?, streamed: Int) {
        try withInput { () throws(YAMLError) in
            // The tree is built in a local struct, not in properties of this class: class properties
            // pay a dynamic exclusivity check on every access, which showed in profiles of large files.
            var builder = TreeBuilder(limits: limits, streamKey: key)
            builder.decodes = decodes
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return (builder.root?.node, builder.streamed) }
                try builder.handle(&event, item, fast)
            }
        }
    }

    /// Runs libyaml's event loop over the input and counts events, building nothing.
    /// This is the floor that `document()` is measured against in the benchmarks.
    public func countEvents() throws(YAMLError) -> Int {
        try withInput { () throws(YAMLError) in
            var event = yaml_event_t()
            var count = 0
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
                let type = event.type
                yaml_event_delete(&event)
                count += 1
                if type == YAML_STREAM_END_EVENT { return count }
            }
        }
    }

    /// Runs `body` with libyaml reading the input: a text's UTF-8 storage in place (a native
    /// string's storage is contiguous, so this copies nothing; `input` is valid only inside `body`),
    /// or a file through `FileInput`. When a file's parse stops early, the rest of the file is still
    /// read and checked: bad bytes anywhere are the file's error, as they are for a text.
    private func withInput<T>(_ body: () throws(YAMLError) -> T) throws(YAMLError) -> T {
        guard !used else { throw .multipleDocuments(at: Mark(line: 1, column: 1)) }
        used = true
        switch source {
        case .file(let file):
            yaml_parser_set_input(parser, FileInput.handler, Unmanaged.passUnretained(file).toOpaque())
            do throws(YAMLError) {
                let result = try body()
                if let error = file.error(limits: limits) { throw error }
                return result
            } catch {
                file.drain()
                throw file.error(limits: limits) ?? error
            }
        case .text(var text):
            let result: Result<T, YAMLError> = text.withUTF8 { bytes in
                // libyaml wants a non-null pointer even for empty input.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
                    let start = bytes.baseAddress ?? UnsafePointer(empty.baseAddress!)
                    input = UnsafeBufferPointer(start: start, count: bytes.count)
                    defer { input = UnsafeBufferPointer(start: nil, count: 0) }
                    yaml_parser_set_input_string(parser, start, bytes.count)
                    do throws(YAMLError) { return .success(try body()) } catch { return .failure(error) }
                }
            }
            return try result.get()
        }
    }

    /// Bytes of the input read so far (all of a text).
    private var inputCount: Int {
        switch source {
        case .text: return input.count
        case .file(let file): return file.offset
        }
    }

    /// The input's bytes in `range` (cut to what has been read), for error messages.
    private func inputBytes(_ range: Range<Int>) -> [UInt8] {
        let range = range.clamped(to: 0..<inputCount)
        switch source {
        case .text: return Array(input[range])
        case .file(let file): return file.bytes(range)
        }
    }

    /// The line and column of input byte `offset`, counted as libyaml counts them.
    private func inputMark(at offset: Int) -> Mark {
        switch source {
        case .text: return SourceText.mark(at: offset, in: input)
        case .file(let file): return file.bytes(0..<offset + 3).withUnsafeBufferPointer { SourceText.mark(at: offset, in: $0) }
        }
    }

    // MARK: - Errors

    private func syntaxError() -> YAMLError {
        // A file that stopped reading (bad bytes, too large, a read error) has that as its error.
        if case .file(let file) = source, let error = file.error(limits: limits) { return error }
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "the YAML could not be read"
        let count = inputCount
        // At the end of the input, or for a key without its ':', the place to look is where the
        // unfinished quote, bracket or key began: libyaml's context mark.
        let atEnd = Int(state.problem_mark.index) >= count
        let useContext = state.context != nil && (atEnd || problem.contains("could not find expected ':'"))
        let raw = useContext ? state.context_mark : state.problem_mark
        var mark = Mark(line: Int(raw.line) + 1, column: Int(raw.column) + 1)
        var index = Int(state.problem_mark.index)
        if state.error == YAML_READER_ERROR {
            // The reader (bad bytes, control characters such as NUL) reports a byte offset and leaves
            // the marks at the start: count lines and columns up to that byte here.
            index = Int(state.problem_offset)
            mark = inputMark(at: index)
        }
        // The hints look near the problem only: at most 1,000 bytes either side of it.
        let first = max(0, index - 1_000)
        let near = inputBytes(first..<index + 1_000)
        let local = index - first
        let byte = local < near.count ? near[local] : 0
        // The character at the problem (a control character may take two bytes, like U+0080).
        let character =
            local < near.count
            ? String(decoding: near[local..<min(local + 4, near.count)], as: UTF8.self).unicodeScalars.first.map(String.init) ?? ""
            : ""
        let hint = Self.hint(for: problem, byte: byte, line: Self.line(around: local, in: near), character: character)
        return .syntax(problem: problem, hint: hint, at: mark)
    }

    /// The text of the line of `bytes` (the input around the problem) holding byte `index` (a line
    /// may be megabytes long; `bytes` holds at most 1,000 bytes either side of the problem).
    private static func line(around index: Int, in bytes: [UInt8]) -> String {
        guard index < bytes.count else { return "" }
        var start = index
        var end = index
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Advice for the libyaml problems people meet most when editing templates by hand.
    static func hint(for problem: String, byte: UInt8, line: String = "", character: String = "") -> String? {
        if byte == UInt8(ascii: "\t") || problem.contains("tab") {
            return "YAML indents with spaces only; replace the tab with spaces"
        }
        if line.contains(": '"), line.filter({ $0 == "'" }).count >= 3 {
            return "a quote closes before this point: inside single quotes write an apostrophe as '' or use double quotes"
        }
        let hints: [(String, String)] = [
            ("mapping values are not allowed", "quote text that contains ': ', or fix the indentation of this line"),
            ("did not find expected key", "check the indentation: keys of one mapping must line up"),
            ("did not find expected '-' indicator", "check the indentation: line this up with the keys or the '- ' items above it"),
            ("could not find expected ':'", "a key needs a ':' and a space after it; quote text that spans lines"),
            ("found unexpected end of stream", "a quote or bracket opened earlier is never closed"),
            ("did not find expected node content", "a value is missing; remove the stray character or quote the text"),
            ("found unknown escape character", "inside double quotes a backslash starts an escape; use single quotes"),
            ("found character that cannot start any token", "quote the value; '@' and '`' can't start plain text"),
            (
                "control characters are not allowed",
                "the file contains the control character \(SourceExcerpt.escaped(character)) here; "
                    + "delete it, or write it as an escape such as \\t inside double quotes"
            ),
            ("invalid leading UTF-8 octet", "the file is not UTF-8; save it as UTF-8 text"),
            ("invalid trailing UTF-8 octet", "the file is not UTF-8; save it as UTF-8 text"),
            ("did not find expected ',' or ']'", "a '[' list is not closed with ']', or an item needs quotes"),
            ("did not find expected ',' or '}'", "a '{' mapping is not closed with '}', or a value needs quotes"),
        ]
        return hints.first { problem.contains($0.0) }?.1
    }

}

// MARK: - Building the tree

/// The tree under construction: open collections, anchors and the counts the limits bound.
private struct TreeBuilder {
    let limits: Limits
    var stack: [Frame] = []
    var anchors: [String: Built] = [:]
    var nodeCount = 0
    var aliasExpansion = 0
    var root: Built?
    var documents = 0
    /// The root mapping's key whose list items are streamed rather than kept (see `document(streamingItemsOf:_:)`).
    let streamKey: String?
    /// Items handed over so far.
    var streamed = 0
    /// True when streamed items are first offered to a decoder (see `handleFast`).
    var decodes = false
    /// The streamed item being decoded from events, and what the tree needs to build it after all.
    var current = FastItem()

    init(limits: Limits, streamKey: String?) {
        self.limits = limits
        self.streamKey = streamKey
    }

    // MARK: Events

    mutating func handle(_ event: inout yaml_event_t, _ item: (Node) -> Void, _ fast: (FastCall) -> Bool) throws(YAMLError) {
        if decodes, current.active || startsStreamedItem(event.type) {
            if try handleFast(&event, item, fast) { return }
        }
        let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 { throw .multipleDocuments(at: mark) }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = Self.cString(scalar.value, Int(scalar.length))
            let style = Self.scalarStyle(scalar.style)
            let tag = try Self.checkedTag(Self.tagName(scalar.tag), scalar: text, style: style, at: mark)
            let node = Node(.scalar(text, style), mark: mark, tag: tag)
            try add(Built(node: node, size: 1, height: 0), anchor: scalar.anchor.map { Self.cString($0) }, at: mark, item)
        case YAML_SEQUENCE_START_EVENT:
            try open(.sequence, event.data.sequence_start.anchor, event.data.sequence_start.tag, at: mark)
        case YAML_MAPPING_START_EVENT:
            try open(.mapping, event.data.mapping_start.anchor, event.data.mapping_start.tag, at: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = stack.removeLast()
            try add(frame.built, anchor: frame.anchor, at: frame.mark, item)
        case YAML_ALIAS_EVENT:
            let name = Self.cString(event.data.alias.anchor)
            guard let target = anchors[name] else { throw .unknownAnchor(name, at: mark) }
            aliasExpansion += target.size
            if aliasExpansion > limits.maxAliasExpansion {
                throw .aliasExpansionLimit(limits.maxAliasExpansion, at: mark)
            }
            if stack.count + target.height > limits.maxDepth { throw .depthLimit(limits.maxDepth, at: mark) }
            try add(target, anchor: nil, at: mark, counted: false, item)
        default:
            break
        }
    }

    private mutating func open(
        _ kind: Frame.Kind, _ anchor: UnsafeMutablePointer<UInt8>?, _ tag: UnsafeMutablePointer<UInt8>?,
        at mark: Mark
    ) throws(YAMLError) {
        guard stack.count < limits.maxDepth else { throw .depthLimit(limits.maxDepth, at: mark) }
        let name = anchor.map { Self.cString($0) }
        let tag = try Self.checkedTag(Self.tagName(tag), collection: kind, at: mark)
        var frame = Frame(kind: kind, mark: mark, tag: tag, anchor: name)
        if let streamKey, kind == .sequence, name == nil, stack.count == 1, stack[0].kind == .mapping,
            stack[0].pendingKey?.scalarText == streamKey
        {
            frame.streams = true
        }
        stack.append(frame)
    }

    // MARK: Tags

    /// The scalar's tag once checked: a core tag whose form the text has, or `nil`. The
    /// non-specific tag `!` makes a scalar text, as YAML says (`! 42` is "42").
    static func checkedTag(_ tag: String?, scalar text: String, style: Node.ScalarStyle, at mark: Mark) throws(YAMLError) -> String? {
        guard let tag else { return nil }
        if tag == "!" { return CoreTag.str.tag }
        guard let core = CoreTag(tag: tag) else { throw .unknownTag(tag, at: mark) }
        guard core.accepts(scalar: text) else {
            let found = core == .seq || core == .map ? "text" : "'\(YAMLError.short(text))'"
            throw .tagMismatch(tag: tag, expected: core.expectation, found: found, at: mark)
        }
        return tag
    }

    /// A list's or mapping's tag once checked: `!!seq` on a list, `!!map` on a mapping, or none.
    static func checkedTag(_ tag: String?, collection kind: Frame.Kind, at mark: Mark) throws(YAMLError) -> String? {
        guard let tag, tag != "!" else { return nil }
        guard let core = CoreTag(tag: tag) else { throw .unknownTag(tag, at: mark) }
        let fits = kind == .sequence ? core == .seq : core == .map
        guard fits else {
            throw .tagMismatch(tag: tag, expected: core.expectation, found: kind == .sequence ? "a list" : "a mapping", at: mark)
        }
        return tag
    }

    /// Adds a finished node to the open collection (or makes it the document root).
    /// `counted: false` is for aliases, which add the expanded size of their target.
    private mutating func add(
        _ built: consuming Built, anchor: String?, at mark: Mark, counted: Bool = true, _ item: (Node) -> Void
    ) throws(YAMLError) {
        nodeCount += counted ? 1 : built.size
        if nodeCount > limits.maxNodes { throw .nodeLimit(limits.maxNodes, at: mark) }
        if let anchor { anchors[anchor] = built }
        guard !stack.isEmpty else {
            root = built
            return
        }
        if stack[stack.count - 1].streams {
            // Counted into the list's size and height as if kept, then handed over and dropped.
            stack[stack.count - 1].size += built.size
            stack[stack.count - 1].height = max(stack[stack.count - 1].height, built.height + 1)
            streamed += 1
            item(built.node)
            return
        }
        try stack[stack.count - 1].append(built)
    }

    // MARK: C helpers

    static func cString(_ pointer: UnsafeMutablePointer<UInt8>, _ length: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    static func cString(_ pointer: UnsafeMutablePointer<UInt8>) -> String {
        String(cString: pointer)
    }

    static func tagName(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    static func scalarStyle(_ style: yaml_scalar_style_t) -> Node.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}

// MARK: - Frames

/// A node with the bookkeeping the alias limits need: its expanded size and height.
private struct Built {
    var node: Node
    var size: Int
    var height: Int
}

/// A sequence or mapping that is still being read.
private struct Frame {
    enum Kind { case sequence, mapping }

    let kind: Kind
    let mark: Mark
    let tag: String?
    let anchor: String?
    var items: [Node] = []
    var pairs: [Node.Pair] = []
    var pendingKey: Node?
    /// Key positions for duplicate detection, built only once a mapping outgrows a linear scan.
    var keyIndex: [String: Mark]?
    var size = 1
    var height = 1
    /// True for the list whose items go to the caller instead of into `items`.
    var streams = false

    init(kind: Kind, mark: Mark, tag: String?, anchor: String?) {
        self.kind = kind
        self.mark = mark
        self.tag = tag
        self.anchor = anchor
    }

    mutating func append(_ child: consuming Built) throws(YAMLError) {
        size += child.size
        height = max(height, child.height + 1)
        switch kind {
        case .sequence:
            if items.isEmpty { items.reserveCapacity(4) } // one allocation instead of growing 1, 2, 4
            items.append(child.node)
        case .mapping:
            guard let key = pendingKey else {
                guard let text = child.node.scalarText else { throw .complexKey(at: child.node.mark) }
                if let first = firstMark(of: text) { throw .duplicateKey(text, at: child.node.mark, first: first) }
                keyIndex?[text] = child.node.mark
                pendingKey = child.node
                return
            }
            if pairs.isEmpty { pairs.reserveCapacity(8) } // a topic has up to 8 keys: one allocation
            pairs.append(Node.Pair(key: key, value: child.node))
            pendingKey = nil
        }
    }

    /// Where `key` already stands in this mapping. Templates' mappings have a handful of keys, where
    /// a scan beats hashing; past 16 keys an index keeps large mappings linear overall.
    mutating func firstMark(of key: String) -> Mark? {
        if let keyIndex { return keyIndex[key] }
        if let pair = pairs.first(where: { $0.key.scalarText == key }) { return pair.key.mark }
        if pairs.count >= 16 {
            keyIndex = Dictionary(pairs.map { ($0.key.scalarText ?? "", $0.key.mark) }, uniquingKeysWith: { first, _ in first })
        }
        return nil
    }

    var built: Built {
        let content: Node.Content = kind == .sequence ? .sequence(items) : .mapping(pairs)
        return Built(node: Node(content, mark: mark, tag: tag), size: size, height: height)
    }
}

// MARK: - Decoding streamed items from events

/// What the event loop asks of an `ItemDecoder` (one closure, so the tree builder stays non-generic).
@usableFromInline
enum FastCall {
    case reset
    case accept(ItemEvent, Mark)
    /// The item's last event was accepted: `true` when the decoder made and delivered the item.
    case finish
}

/// A streamed item while its events go to the decoder: every accepted event is recorded (scalars'
/// bytes in one reused buffer), so that the tree can be built from them when the item is declined.
private struct FastItem {
    enum Kind: UInt8 { case mappingStart, sequenceStart, end, scalar }

    struct Record {
        var kind: Kind
        var style: Node.ScalarStyle
        var mark: Mark
        /// A scalar's bytes in `bytes`.
        var offset: Int
        var count: Int
    }

    /// An open list or mapping inside the item.
    struct Level {
        var isMapping: Bool
        /// For a mapping: the next scalar is a key.
        var expectsKey: Bool
        /// Where this mapping's keys begin in `keys`.
        var firstKey: Int
    }

    var active = false
    var records: [Record] = []
    var bytes: [UInt8] = []
    var levels: [Level] = []
    /// The keys of the open mappings, as ranges of `bytes`, for the duplicate-key check.
    var keys: [(offset: Int, count: Int)] = []
    /// Nodes the item holds so far, and the deepest nesting reached (the tree's size and height).
    var nodes = 0
    var height = 0
    /// The builder's node count when the item began (the tree recounts when it builds the item).
    var nodeCountBefore = 0

    mutating func start(nodeCount: Int) {
        active = true
        records.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        levels.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        nodes = 0
        height = 0
        nodeCountBefore = nodeCount
    }

    /// True when the next scalar would be a key of the innermost open mapping.
    var expectsKey: Bool { levels.last.map { $0.isMapping && $0.expectsKey } ?? false }

    /// True when `key` (ASCII) equals a key already read in the innermost mapping.
    func repeats(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let level = levels.last else { return false }
        var index = level.firstKey
        while index < keys.count {
            let (offset, count) = keys[index]
            if count == key.count {
                var same = true
                var byte = 0
                while same, byte < count {
                    same = bytes[offset + byte] == key[byte]
                    byte += 1
                }
                if same { return true }
            }
            index += 1
        }
        return false
    }
}

extension TreeBuilder {
    /// True when `type` starts an item of the streamed list.
    fileprivate func startsStreamedItem(_ type: yaml_event_type_t) -> Bool {
        guard let top = stack.last, top.streams else { return false }
        return type == YAML_SCALAR_EVENT || type == YAML_MAPPING_START_EVENT || type == YAML_SEQUENCE_START_EVENT
    }

    /// Offers an event of a streamed item to the decoder. `false` means the item goes to the tree
    /// after all: its events so far have been built into frames, and the caller handles this one as
    /// usual, so that any error is the tree's own. Nothing here throws an error of its own: every
    /// check the tree makes is made first and leaves the event to the tree when it would fail.
    fileprivate mutating func handleFast(
        _ event: inout yaml_event_t, _ item: (Node) -> Void, _ fast: (FastCall) -> Bool
    ) throws(YAMLError) -> Bool {
        if !current.active {
            current.start(nodeCount: nodeCount)
            _ = fast(.reset)
        }
        let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil, scalar.tag == nil, nodeCount < limits.maxNodes else { return try decline(item) }
            let value = UnsafeBufferPointer(start: UnsafePointer(scalar.value), count: Int(scalar.length))
            let isKey = current.expectsKey
            // Keys are compared byte by byte; a key with other than ASCII goes to the tree, which
            // compares as Swift strings do (canonical equivalence).
            if isKey, value.contains(where: { $0 >= 0x80 }) || current.repeats(value) { return try decline(item) }
            let style = Self.scalarStyle(scalar.style)
            guard fast(.accept(.scalar(value, style), mark)) else { return try decline(item) }
            let offset = current.bytes.count
            current.bytes.append(contentsOf: value)
            current.records.append(.init(kind: .scalar, style: style, mark: mark, offset: offset, count: value.count))
            nodeCount += 1
            current.nodes += 1
            if isKey {
                current.keys.append((offset, value.count))
                current.levels[current.levels.count - 1].expectsKey = false
            } else if !current.levels.isEmpty, current.levels[current.levels.count - 1].isMapping {
                current.levels[current.levels.count - 1].expectsKey = true
            }
            if current.levels.isEmpty { try finishFast(item, fast) }
            return true
        case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let (anchor, tag) =
                isMapping
                ? (event.data.mapping_start.anchor, event.data.mapping_start.tag)
                : (event.data.sequence_start.anchor, event.data.sequence_start.tag)
            // A list or mapping as a key is the tree's error; so is nesting past the limit.
            guard anchor == nil, tag == nil, !current.expectsKey, stack.count + current.levels.count < limits.maxDepth else {
                return try decline(item)
            }
            guard fast(.accept(isMapping ? .mappingStart : .sequenceStart, mark)) else { return try decline(item) }
            current.records.append(.init(kind: isMapping ? .mappingStart : .sequenceStart, style: .plain, mark: mark, offset: 0, count: 0))
            current.levels.append(.init(isMapping: isMapping, expectsKey: true, firstKey: current.keys.count))
            current.height = max(current.height, current.levels.count)
            return true
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard nodeCount < limits.maxNodes, fast(.accept(.end, mark)) else { return try decline(item) }
            current.records.append(.init(kind: .end, style: .plain, mark: mark, offset: 0, count: 0))
            let level = current.levels.removeLast()
            current.keys.removeSubrange(level.firstKey...)
            nodeCount += 1
            current.nodes += 1
            if current.levels.isEmpty {
                try finishFast(item, fast)
            } else if current.levels[current.levels.count - 1].isMapping {
                current.levels[current.levels.count - 1].expectsKey = true // it was a value: keys are scalars
            }
            return true
        default: // an alias, or an event that can't be inside an item
            return try decline(item)
        }
    }

    /// The item's last event was accepted: the decoder's item goes out, or the tree's.
    private mutating func finishFast(_ item: (Node) -> Void, _ fast: (FastCall) -> Bool) throws(YAMLError) {
        current.active = false
        guard fast(.finish) else {
            try buildRecorded(item)
            return
        }
        // Counted into the list as if the item had been built and streamed (see `add`).
        let top = stack.count - 1
        stack[top].size += current.nodes
        stack[top].height = max(stack[top].height, current.height + 1)
        streamed += 1
    }

    /// Builds the recorded events into the tree (frames for what is still open) and returns `false`,
    /// for the caller to handle the current event as usual.
    private mutating func decline(_ item: (Node) -> Void) throws(YAMLError) -> Bool {
        current.active = false
        try buildRecorded(item)
        return false
    }

    /// Replays the recorded events through the tree builder, counting nodes again from where the
    /// item began. They passed every check when recorded, so the same checks pass again.
    private mutating func buildRecorded(_ item: (Node) -> Void) throws(YAMLError) {
        nodeCount = current.nodeCountBefore
        for record in current.records {
            switch record.kind {
            case .mappingStart:
                try open(.mapping, nil, nil, at: record.mark)
            case .sequenceStart:
                try open(.sequence, nil, nil, at: record.mark)
            case .end:
                let frame = stack.removeLast()
                try add(frame.built, anchor: frame.anchor, at: frame.mark, item)
            case .scalar:
                let text = current.bytes.withUnsafeBufferPointer { bytes in
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[record.offset..<record.offset + record.count]), as: UTF8.self)
                }
                let node = Node(.scalar(text, record.style), mark: record.mark)
                try add(Built(node: node, size: 1, height: 0), anchor: nil, at: record.mark, item)
            }
        }
        current.records.removeAll(keepingCapacity: true)
    }
}
