import Diagnostics
import PlanYAML
import Testing

// MARK: - Echoing the line

struct SourceExcerptTests {
    @Test("a long line is cut around the column, with … marks, and the caret stays under its character")
    func longLine() throws {
        let line = String(repeating: "a", count: 5_000) + "X" + String(repeating: "b", count: 5_000)
        let diagnostic = Diagnostic(file: "a.yaml", mark: Mark(line: 2, column: 5_001), message: "m")
        let rendered = diagnostic.rendered(source: "plan: x\n" + line + "\n")
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 3)
        let shown = lines[1].dropFirst("2 | ".count)
        let caret = lines[2].dropFirst("  | ".count)
        #expect(shown.hasPrefix("…a") && shown.hasSuffix("b…"))
        #expect(shown.count <= SourceExcerpt.defaultWidth + 2)
        #expect(caret.hasSuffix("^"))
        #expect(Array(shown)[caret.count - 1] == "X", "the caret is under the character the column names")
    }

    @Test("a short line is shown whole, and a column past its end puts the caret after it")
    func shortLine() {
        let excerpt = SourceExcerpt(source: "key: value", line: 1, column: 11)
        #expect(excerpt?.text == "key: value")
        #expect(excerpt?.caretIndent == String(repeating: " ", count: 10))
    }

    @Test("control characters are shown escaped and the caret accounts for the escape's width")
    func controls() throws {
        let excerpt = try #require(SourceExcerpt(source: "title: \u{1B}[2Jx: y", line: 1, column: 13))
        #expect(excerpt.text == "title: \\u{1B}[2Jx: y")
        #expect(!excerpt.text.unicodeScalars.contains("\u{1B}"))
        #expect(excerpt.caretIndent.count == "title: \\u{1B}[2Jx".count)
    }

    @Test("bidirectional overrides are escaped; wide characters take two columns, combining marks none")
    func widths() throws {
        let bidi = try #require(SourceExcerpt(source: "a\u{202E}b", line: 1, column: 3))
        #expect(bidi.text == "a\\u{202E}b")
        let wide = try #require(SourceExcerpt(source: "日本: x", line: 1, column: 3))
        #expect(wide.caretIndent == "    ")
        let combining = try #require(SourceExcerpt(source: "e\u{301}x", line: 1, column: 3))
        #expect(combining.caretIndent == " ")
    }

    @Test("tabs stay tabs in the caret line, so the caret lines up in a terminal")
    func tabs() throws {
        let excerpt = try #require(SourceExcerpt(source: "a\tb", line: 1, column: 3))
        #expect(excerpt.caretIndent == " \t")
    }

    @Test("lines end where libyaml ends them: LF, CR, CRLF, NEL, LS and PS")
    func lineBreaks() {
        let source = "one\r\ntwo\rthree\u{85}four\u{2028}five\nsix"
        let lines = (1...6).map { SourceExcerpt(source: source, line: $0, column: 1)?.text }
        #expect(lines == ["one", "two", "three", "four", "five", "six"])
        #expect(SourceExcerpt(source: source, line: 7, column: 1) == nil)
    }

    @Test("the one-line form escapes control characters in the file name and the message")
    func description() {
        let diagnostic = Diagnostic(file: "a\u{1B}]0;x\u{7}.yaml", mark: Mark(line: 1, column: 1), message: "found '\u{1B}[31m'")
        #expect(diagnostic.description == "a\\u{1B}]0;x\\u{7}.yaml:1:1: error: found '\\u{1B}[31m'")
    }

    @Test("a value quoted in a message is cut, however long it is")
    func longValue() throws {
        let long = String(repeating: "x", count: 100_000)
        do {
            _ = try Parser.parse("minutes: \(long)\n")?["minutes"]?.integer("minutes", in: 1...10)
            Issue.record("text is not a number")
        } catch {
            #expect(error.message.count < 200)
            #expect(error.message.contains("…"))
        }
    }
}

// MARK: - Bytes

struct SourceTextTests {
    func decode(_ bytes: [UInt8]) -> (text: String, error: YAMLError?) {
        bytes.withUnsafeBufferPointer { SourceText.decode($0) }
    }

    @Test("the first byte that is not UTF-8 is reported at its line and column, counted in characters")
    func invalidUTF8() {
        let bytes = Array("a: 1\r\nb: ü".utf8) + [0xFF] + Array("x\n".utf8)
        let (text, error) = decode(bytes)
        #expect(error == .invalidUTF8(byte: 0xFF, at: Mark(line: 2, column: 5)))
        #expect(text == "a: 1\r\nb: ü\u{FFFD}x\n", "the text keeps the line for the echo")
    }

    @Test("valid UTF-8, a U+FFFD written in the file included, is no problem")
    func valid() {
        #expect(decode(Array("a: \u{FFFD} é\n".utf8)).error == nil)
    }

    @Test("a NUL byte is reported where it is, not at 1:1")
    func nul() {
        #expect(
            throws: YAMLError.syntax(
                problem: "control characters are not allowed",
                hint:
                    "the file contains the control character \\u{0} here; delete it, or write it as an escape such as \\t inside double quotes",
                at: Mark(line: 2, column: 6))
        ) { try Parser.parse("a: 1\nb: éx\u{0}y\n") }
    }
}

// MARK: - Tags

struct CoreTagTests {
    func root(_ yaml: String) throws -> Node {
        try #require(try Parser.parse(yaml))
    }

    @Test("core tags decide the JSON type: !!int 42 is a number, !!bool false a boolean, !!str 42 text")
    func json() throws {
        let node = try root(
            """
            a: !!int 42
            b: !!bool false
            c: !!str 42
            d: !!float 1.5
            e: !!null ~
            f: !!int 0x1F
            g: ! 42
            h: !!seq [1]
            i: !!map {k: v}
            j: !!float .inf
            """)
        #expect(
            node.json
                == .object([
                    ("a", .int(42)), ("b", .bool(false)), ("c", .string("42")), ("d", .double(1.5)), ("e", .null),
                    ("f", .int(31)), ("g", .string("42")), ("h", .array([.int(1)])), ("i", .object([("k", .string("v"))])),
                    ("j", .string(".inf")),
                ]))
    }

    @Test("a tagged value is read as its tag says where a type is expected")
    func decoding() throws {
        let node = try root("n: !!int 42\ns: !!str 42\nb: !!bool FALSE\nt: !!str true\nz: !!null\nq: !!str\n")
        #expect(try node["n"]?.integer("n", in: 1...100) == 42)
        #expect(try node["s"]?.text("s") == "42")
        #expect(try node["b"]?.boolean("b") == false)
        #expect(
            throws: YAMLError.typeMismatch(
                key: "s", expected: "a whole number", found: "'42' tagged !!str",
                at: Mark(line: 2, column: 4))
        ) { try node["s"]?.integer("s", in: 1...100) }
        #expect(
            throws: YAMLError.typeMismatch(
                key: "n", expected: "text", found: "'42' tagged !!int",
                at: Mark(line: 1, column: 4))
        ) { try node["n"]?.text("n") }
        #expect(
            throws: YAMLError.typeMismatch(
                key: "t", expected: "true or false", found: "'true' tagged !!str",
                at: Mark(line: 4, column: 4))
        ) { try node["t"]?.boolean("t") }
        #expect(node["z"]?.isNull == true, "a !!null value is absent, like an empty one")
        #expect(
            throws: YAMLError.typeMismatch(
                key: "q", expected: "text", found: "only spaces",
                at: Mark(line: 6, column: 4))
        ) { try node["q"]?.text("q") }
    }

    @Test(
        "a value its tag can't hold is an error at the tag",
        arguments: [
            ("a: !!int abc", "tag '!!int' needs a whole number such as 42 (or 0x2A, 0o52), found 'abc'; fix the value or remove the tag"),
            ("a: !!bool yes", "tag '!!bool' needs true or false, found 'yes'; fix the value or remove the tag"),
            ("a: !!float 1.2.3", "tag '!!float' needs a number such as 1.5, .inf or .nan, found '1.2.3'; fix the value or remove the tag"),
            ("a: !!null x", "tag '!!null' needs nothing: empty, ~ or null, found 'x'; fix the value or remove the tag"),
            ("a: !!seq x", "tag '!!seq' needs a list, found text; fix the value or remove the tag"),
            ("a: !!seq {k: v}", "tag '!!seq' needs a list, found a mapping; fix the value or remove the tag"),
            ("a: !!str [x]", "tag '!!str' needs text, found a list; fix the value or remove the tag"),
        ])
    func mismatch(_ yaml: String, _ message: String) {
        do {
            _ = try Parser.parse(yaml)
            Issue.record("'\(yaml)' must not parse")
        } catch {
            #expect(error.message == message)
            #expect(error.mark == Mark(line: 1, column: 4))
        }
    }

    @Test(
        "tags outside the core schema are refused at the tag",
        arguments: [
            "!foo x", "!!binary aGVsbG8=", "!!timestamp 2027-01-11",
            "!<tag:example.com,2000:x> y", "!!set {a: ~}",
        ])
    func unknown(_ value: String) {
        do {
            _ = try Parser.parse("title: ok\nvalue: \(value)\n")
            Issue.record("'\(value)' must not parse")
        } catch {
            #expect(error.mark == Mark(line: 2, column: 8))
            #expect(error.message.hasPrefix("tag '"))
            #expect(error.message.contains("is not supported; remove it"))
        }
    }
}

struct ControlCharacterTests {
    @Test("a two-byte control character (U+0080) is named whole, at its column")
    func c1Control() {
        do {
            _ = try Parser.parse("a: x\u{80}y\n")
            Issue.record("a C1 control character must not parse")
        } catch {
            #expect(error.mark == Mark(line: 1, column: 5))
            #expect(error.message.contains("the control character \\u{80} here"))
        }
    }
}
