import Diagnostics
import TestSupport
import Testing

@testable import PlanYAML

/// `Parser.document(streamingItemsOf:decoder:_:)`: streamed items go to a decoder as events; what
/// it declines reaches the caller as the very `Node` the tree would have built, and every error is
/// the tree's own.
struct ItemDecoderTests {
    /// Builds a `Node` from the events it is given (so a test can compare it with the tree's), and
    /// declines at the `declineAt`-th event of an item (counting from 0), or at `finish` when
    /// `declineAt` equals the item's number of events.
    struct EventTreeDecoder: ItemDecoder {
        var declineAt: Int?
        var events = 0
        var stack: [(node: Node, key: Node?)] = []
        var built: Node?
        var offered = 0

        mutating func reset() {
            events = 0
            stack = []
            built = nil
        }

        mutating func accept(_ event: ItemEvent, at mark: Mark) -> Bool {
            offered += 1
            if events == declineAt { return false }
            events += 1
            switch event {
            case .mappingStart: stack.append((Node(.mapping([]), mark: mark), nil))
            case .sequenceStart: stack.append((Node(.sequence([]), mark: mark), nil))
            case .scalar(let bytes, let style): add(Node(.scalar(String(decoding: bytes, as: UTF8.self), style), mark: mark))
            case .end: add(stack.removeLast().node)
            }
            return true
        }

        mutating func add(_ node: Node) {
            guard !stack.isEmpty else {
                built = node
                return
            }
            var top = stack.removeLast()
            switch top.node.content {
            case .sequence(let items): top.node.content = .sequence(items + [node])
            case .mapping(let pairs):
                if let key = top.key {
                    top.node.content = .mapping(pairs + [Node.Pair(key: key, value: node)])
                    top.key = nil
                } else {
                    top.key = node
                }
            case .scalar: break
            }
            stack.append(top)
        }

        mutating func finish() -> Node? {
            if events == declineAt { return nil }
            return built
        }
    }

    /// The items and error of the plain streaming parse, to compare with.
    static func treeItems(_ text: String, limits: Limits = .default) -> (items: [Node], root: Node?, error: YAMLError?) {
        var items: [Node] = []
        do {
            let root = try Parser(text, limits: limits).document(streamingItemsOf: "topics") { items.append($0) }.root
            return (items, root, nil)
        } catch {
            return (items, nil, error)
        }
    }

    /// The items (decoded or built) and error when the events go to `decoder` first.
    static func decodedItems(_ text: String, limits: Limits = .default, decoder: inout EventTreeDecoder)
        -> (items: [Node], decoded: Int, root: Node?, error: YAMLError?)
    {
        var items: [Node] = []
        var decoded = 0
        do {
            let root = try Parser(text, limits: limits).document(streamingItemsOf: "topics", decoder: &decoder) { item in
                switch item {
                case .decoded(let node):
                    decoded += 1
                    items.append(node)
                case .node(let node):
                    items.append(node)
                }
            }.root
            return (items, decoded, root, nil)
        } catch {
            return (items, decoded, nil, error)
        }
    }

    @Test("a decoder that takes every event sees what the tree holds: the same nodes, texts, styles and marks")
    func eventsMatchTheTree() throws {
        let text = """
            plan: p
            topics:
              - id: a
                title: 'Quoted: yes'
                prompts: [x, "y", z]
                nested: {k: [1, 2]}
              - plain text item
              - [a, list, item]
              - {}
              - guidance: |
                  block
                  text
            after: 1
            """
        var decoder = EventTreeDecoder()
        let fast = Self.decodedItems(text, decoder: &decoder)
        let tree = Self.treeItems(text)
        #expect(fast.error == nil)
        #expect(fast.decoded == 5)
        #expect(fast.items == tree.items)
        #expect(fast.root == tree.root)
    }

    @Test("tags, anchors and aliases never reach the decoder: such items arrive as trees")
    func unusualItemsGoToTheTree() throws {
        let text = """
            topics:
              - !!map {id: a}
              - &t {id: b}
              - *t
              - {id: !!str c}
              - {id: &i d, again: *i}
              - {id: e}
            """
        var decoder = EventTreeDecoder()
        let fast = Self.decodedItems(text, decoder: &decoder)
        let tree = Self.treeItems(text)
        #expect(fast.error == nil)
        #expect(fast.items == tree.items)
        #expect(fast.decoded == 1) // only {id: e}
        #expect(fast.root == tree.root)
    }

    @Test("an item declined at any event, or at its end, is built exactly as the tree builds it")
    func declinedAnywhere() throws {
        let text = "topics:\n  - {id: a, prompts: [x, y], more: {b: c}}\n  - [1, [2, 3]]\n  - s\n"
        let tree = Self.treeItems(text)
        for declineAt in 0...12 {
            var decoder = EventTreeDecoder(declineAt: declineAt)
            let fast = Self.decodedItems(text, decoder: &decoder)
            #expect(fast.error == nil)
            #expect(fast.items == tree.items, "declined at event \(declineAt)")
            #expect(fast.root == tree.root)
        }
    }

    @Test("repeated keys, keys that are lists, and limits give the tree's errors at the tree's marks")
    func errorsAreTheTrees() throws {
        let cases: [(String, Limits)] = [
            ("topics:\n  - {a: 1, b: 2, a: 3}\n", .default),
            ("topics:\n  - {a: {x: 1, x: 2}}\n", .default),
            ("topics:\n  - {? [a] : 1}\n", .default),
            ("topics:\n  - {? {a: b} : 1}\n", .default),
            ("topics:\n  - {é: 1, \"e\\u0301\": 2}\n", .default),
            ("topics:\n  - {a: 1}\n  - [b, c, d]\n", Limits(maxNodes: 6)),
            ("topics:\n  - {a: 1}\n  - [b, c, d]\n", Limits(maxNodes: 9)),
            ("topics:\n  - {a: [[[1]]]}\n", Limits(maxDepth: 4)),
            ("topics:\n  - {a: [[[1]]]}\n", Limits(maxDepth: 5)),
            ("topics:\n  - {a: 1}\n  - {b: [unclosed\n", .default),
        ]
        for (text, limits) in cases {
            var decoder = EventTreeDecoder()
            let fast = Self.decodedItems(text, limits: limits, decoder: &decoder)
            let tree = Self.treeItems(text, limits: limits)
            #expect(fast.error == tree.error, "\(text)")
            #expect(fast.items == tree.items, "\(text)")
        }
    }

    @Test("random documents: items and errors match the tree whether the decoder takes or declines them")
    func randomDocuments() throws {
        var random = SplitMix64(state: 15)
        for round in 0..<400 {
            let text = Self.randomDocument(&random)
            let limits =
                random.next() % 5 == 0 ? Limits(maxDepth: 4 + Int(random.next() % 3), maxNodes: 10 + Int(random.next() % 30)) : .default
            let tree = Self.treeItems(text, limits: limits)
            var decoder = EventTreeDecoder(declineAt: random.next() % 3 == 0 ? Int(random.next() % 8) : nil)
            let fast = Self.decodedItems(text, limits: limits, decoder: &decoder)
            #expect(fast.error == tree.error, "round \(round):\n\(text)")
            #expect(fast.items == tree.items, "round \(round):\n\(text)")
            #expect(fast.root == tree.root, "round \(round):\n\(text)")
        }
    }

    /// A small YAML document with a `topics` list of varied items: flow and block collections,
    /// quoted, block and tagged scalars, anchors and aliases, repeated keys.
    static func randomDocument(_ random: inout SplitMix64) -> String {
        let scalars = ["a", "b", "'q: x'", "\"d\\tq\"", "~", "''", "!!str 5", "!!int 7", "&s x", "*s", "é", "12", "null", "' '"]
        func value(_ depth: Int) -> String {
            switch random.next() % (depth > 2 ? 1 : 4) {
            case 0: return scalars[Int(random.next() % UInt64(scalars.count))]
            case 1: return "[" + (0..<Int(random.next() % 4)).map { _ in value(depth + 1) }.joined(separator: ", ") + "]"
            case 2: return "{" + (0..<Int(random.next() % 4)).map { _ in "\(key()): \(value(depth + 1))" }.joined(separator: ", ") + "}"
            default: return "&m {\(key()): \(value(depth + 1))}"
            }
        }
        func key() -> String { ["id", "title", "k", "'id'", "é", "a"][Int(random.next() % 6)] }
        var lines = ["plan: p", "anchor: &s text", "topics:"]
        for _ in 0..<Int(random.next() % 5) {
            switch random.next() % 4 {
            case 0:
                lines.append("  - \(key()): \(value(1))")
                for _ in 0..<Int(random.next() % 3) { lines.append("    \(key()): \(value(1))") }
            case 1:
                lines.append("  - |\n    block \(random.next() % 10)")
            default:
                lines.append("  - \(value(0))")
            }
        }
        if random.next() % 4 == 0 { lines.append("again: *s") }
        return lines.joined(separator: "\n") + "\n"
    }
}
