import Diagnostics
import PlanYAML
import Testing

struct ParserTests {
    @Test("nodes carry 1-based line and column marks")
    func marks() throws {
        let root = try #require(try Parser.parse("plan: career\ntopics:\n  - id: next\n    minutes: 15\n"))
        #expect(root.mark == Mark(line: 1, column: 1))
        let topics = try #require(root["topics"])
        #expect(topics.mark == Mark(line: 3, column: 3))
        let topic = try #require(topics.items?.first)
        #expect(topic["minutes"]?.mark == Mark(line: 4, column: 14))
        #expect(topic["minutes"]?.scalarText == "15")
        #expect(root.pairs?.map { $0.key.mark } == [Mark(line: 1, column: 1), Mark(line: 2, column: 1)])
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let root = try #require(try Parser.parse("title: Protégé plan\nnext: x\n"))
        #expect(root["title"]?.scalarText == "Protégé plan")
        let text = "a: [é, b]"
        let list = try #require(try Parser.parse(text)?["a"]?.items)
        #expect(list[1].mark == Mark(line: 1, column: 8))
    }

    @Test("scalar styles are kept, so only plain scalars are typed")
    func styles() throws {
        let root = try #require(try Parser.parse("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\ne: >\n  fold\nf: ~\ng: '~'\n"))
        let styles = root.pairs?.compactMap { pair -> Node.ScalarStyle? in
            if case .scalar(_, let style) = pair.value.content { return style }
            return nil
        }
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded, .plain, .singleQuoted])
        #expect(root["f"]?.isNull == true)
        #expect(root["g"]?.isNull == false)
        #expect(root["d"]?.scalarText == "lit\n")
    }

    @Test("an input with only comments has no document")
    func empty() throws {
        #expect(try Parser.parse("# nothing here\n") == nil)
        #expect(try Parser.parse("") == nil)
    }

    @Test("duplicate keys are rejected with both positions")
    func duplicateKeys() {
        #expect(throws: YAMLError.duplicateKey("title", at: Mark(line: 3, column: 3), first: Mark(line: 2, column: 3))) {
            try Parser.parse("outer:\n  title: a\n  title: b\n")
        }
    }

    @Test("the same key in different mappings is fine")
    func sameKeyElsewhere() throws {
        let root = try #require(try Parser.parse("- id: a\n- id: b\n"))
        #expect(root.items?.map { $0["id"]?.scalarText } == ["a", "b"])
    }

    @Test("keys must be text")
    func complexKey() {
        #expect(throws: YAMLError.complexKey(at: Mark(line: 1, column: 3))) { try Parser.parse("? [a, b]\n: value\n") }
    }

    @Test("a second document is refused")
    func multipleDocuments() {
        #expect(throws: YAMLError.multipleDocuments(at: Mark(line: 2, column: 1))) { try Parser.parse("a: 1\n---\nb: 2\n") }
    }

    @Test("syntax errors carry libyaml's problem, a hint and the mark")
    func syntax() {
        #expect(
            throws: YAMLError.syntax(
                problem: "found character that cannot start any token",
                hint: "YAML indents with spaces only; replace the tab with spaces",
                at: Mark(line: 2, column: 1))
        ) { try Parser.parse("a:\n\tb: 1\n") }
        do {
            _ = try Parser.parse("title: 'unclosed\n")
            Issue.record("an unclosed quote must not parse")
        } catch {
            #expect(error.message.contains("found unexpected end of stream"))
            #expect(error.message.contains("never closed"))
        }
    }

    @Test("the size limit is checked before parsing")
    func sizeLimit() {
        #expect(throws: YAMLError.sizeLimit(bytes: 11, limit: 10)) {
            try Parser.parse("a: 12345678", limits: Limits(maxBytes: 10))
        }
    }

    @Test("nesting deeper than the limit is refused")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: YAMLError.depthLimit(9, at: Mark(line: 1, column: 10))) {
            try Parser.parse(deep, limits: Limits(maxDepth: 9))
        }
        #expect(try Parser.parse(deep, limits: Limits(maxDepth: 10)) != nil)
    }

    @Test("the node limit counts every node")
    func nodeLimit() throws {
        #expect(throws: YAMLError.nodeLimit(3, at: Mark(line: 1, column: 11))) {
            try Parser.parse("[a, b, c, d]", limits: Limits(maxNodes: 3))
        }
        #expect(try Parser.parse("[a, b]", limits: Limits(maxNodes: 3))?.items?.count == 2)
    }
}

// MARK: - Aliases

struct AliasTests {
    @Test("aliases resolve to a copy of their anchor's node")
    func resolves() throws {
        let root = try #require(try Parser.parse("base: &p [Why?, How?]\nother: *p\n"))
        #expect(root["other"]?.items?.map(\.scalarText) == ["Why?", "How?"])
    }

    @Test("an alias to an unknown anchor is an error")
    func unknown() {
        #expect(throws: YAMLError.unknownAnchor("nope", at: Mark(line: 1, column: 4))) { try Parser.parse("a: *nope\n") }
    }

    /// The classic "billion laughs": nine levels of nine aliases, 387 million nodes if expanded.
    static let billionLaughs: String = {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            let refs = Array(repeating: "*\(previous)", count: 9).joined(separator: ", ")
            text += "\(name): &\(name) [\(refs)]\n"
        }
        return text
    }()

    @Test("billion laughs is refused once the expansion limit is reached")
    func billionLaughs() {
        #expect(Self.billionLaughs.utf8.count < 600)
        #expect(throws: YAMLError.aliasExpansionLimit(10_000, at: Mark(line: 5, column: 8))) {
            try Parser.parse(Self.billionLaughs)
        }
    }

    @Test("expansion up to the limit is allowed, and one node more is not")
    func expansionBoundary() throws {
        let text = "a: &a [x, y, z]\nb: [*a, *a]\n" // each alias expands to 4 nodes
        #expect(try Parser.parse(text, limits: Limits(maxAliasExpansion: 8)) != nil)
        #expect(throws: YAMLError.aliasExpansionLimit(7, at: Mark(line: 2, column: 9))) {
            try Parser.parse(text, limits: Limits(maxAliasExpansion: 7))
        }
    }

    @Test("an alias counts its height toward the depth limit")
    func aliasDepth() {
        let text = "a: &a [[[x]]]\nb: [[*a]]\n"
        #expect(throws: YAMLError.depthLimit(5, at: Mark(line: 2, column: 6))) {
            try Parser.parse(text, limits: Limits(maxDepth: 5))
        }
    }
}

// MARK: - Event loop floor

struct EventCountTests {
    @Test("the bare event loop sees every event")
    func counts() throws {
        // stream start, document start, mapping start, 2 scalars, mapping end, document end, stream end
        #expect(try Parser("a: b").countEvents() == 8)
    }
}
