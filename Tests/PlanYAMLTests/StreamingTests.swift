import Diagnostics
import PlanYAML
import Testing

/// `Parser.document(streamingItemsOf:_:)`: the items of one root list go to the caller as they are
/// read, and the tree keeps the list empty.
struct StreamingTests {
    @Test("items of the root key's list are handed over in order, with their marks, and left out of the tree")
    func streamsItems() throws {
        var items: [Node] = []
        let (root, streamed) = try Parser("plan: p\ntopics:\n  - id: a\n  - id: b\nafter: x\n")
            .document(streamingItemsOf: "topics") { items.append($0) }
        #expect(streamed == 2)
        #expect(items.map { $0["id"]?.scalarText } == ["a", "b"])
        #expect(items.map(\.mark) == [Mark(line: 3, column: 5), Mark(line: 4, column: 5)])
        let list = try #require(root?["topics"])
        #expect(list.items == [])
        #expect(list.mark == Mark(line: 3, column: 3))
        #expect(root?["after"]?.scalarText == "x")
    }

    @Test("only the root mapping's key streams; a nested list of that name stays in the tree")
    func onlyAtTheRoot() throws {
        var count = 0
        let (root, streamed) = try Parser("outer:\n  topics: [a, b]\n").document(streamingItemsOf: "topics") { _ in count += 1 }
        #expect(streamed == 0 && count == 0)
        #expect(root?["outer"]?["topics"]?.items?.count == 2)
    }

    @Test("an anchored list is kept whole, so an alias still repeats it")
    func anchoredListKept() throws {
        var count = 0
        let (root, streamed) = try Parser("topics: &t [a, b]\nagain: *t\n").document(streamingItemsOf: "topics") { _ in count += 1 }
        #expect(streamed == 0 && count == 0)
        #expect(root?["topics"]?.items?.count == 2)
        #expect(root?["again"]?.items?.count == 2)
    }

    @Test("limits and duplicate keys still apply to streamed items")
    func checksStillApply() throws {
        #expect(throws: YAMLError.self) {
            try Parser("topics:\n  - {a: 1, a: 2}\n").document(streamingItemsOf: "topics") { _ in }
        }
        #expect(throws: YAMLError.self) {
            try Parser("topics: [a, b, c]\n", limits: Limits(maxNodes: 3)).document(streamingItemsOf: "topics") { _ in }
        }
    }

    @Test("the parser reads its text in place and only once")
    func readsOnce() throws {
        let parser = try Parser("a: b")
        #expect(try parser.countEvents() == 8)
        #expect(throws: YAMLError.self) { try parser.document() }
        #expect(try Parser("").document() == nil)
    }
}
