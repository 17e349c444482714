import Diagnostics
import PlanYAML
import Testing

struct DecodingTests {
    enum Colour: String, CaseIterable { case red, green, blue }

    func node(_ text: String) throws -> Node { try #require(try Parser.parse(text)) }

    @Test("unknown keys are reported with the nearest known key")
    func unknownKeys() throws {
        var problems: [YAMLError] = []
        let reader = try MappingReader(
            try node("titel: a\nzzz: b\nminutes: 3\n<<: x\n"), subject: "a topic",
            allowed: ["title", "minutes"], problems: &problems)
        #expect(
            problems == [
                .unknownKey("titel", suggestion: "title", at: Mark(line: 1, column: 1)),
                .unknownKey("zzz", suggestion: nil, at: Mark(line: 2, column: 1)),
                .mergeKey(at: Mark(line: 4, column: 1)),
            ])
        #expect(reader["minutes"]?.scalarText == "3")
        #expect(reader["title"] == nil)
        #expect(reader.misspelt == ["title"])
    }

    @Test("an absent required key names its owner; an empty one says 'found nothing' at the value")
    func required() throws {
        var problems: [YAMLError] = []
        let reader = try MappingReader(try node("a: 1\nb:\n"), subject: "x", allowed: ["a", "b", "c"], problems: &problems)
        #expect(throws: YAMLError.typeMismatch(key: "b", expected: "text", found: "nothing", at: Mark(line: 2, column: 3))) {
            try reader.required("b", owner: "a topic").text("b")
        }
        #expect(throws: YAMLError.missingKey("c", owner: "a topic", at: Mark(line: 1, column: 1))) {
            try reader.required("c", owner: "a topic")
        }
    }

    @Test("a mapping reader refuses a list")
    func notMapping() throws {
        var problems: [YAMLError] = []
        #expect(throws: YAMLError.notAMapping(subject: "a topic", found: "a list", at: Mark(line: 1, column: 1))) {
            try MappingReader(try node("- a\n"), subject: "a topic", allowed: [], problems: &problems)
        }
    }

    @Test("integers are checked against their range")
    func integers() throws {
        #expect(try node("15").integer("minutes", in: 1...240) == 15)
        #expect(throws: YAMLError.outOfRange(key: "minutes", value: 0, range: 1...240, at: Mark(line: 1, column: 1))) {
            try node("0").integer("minutes", in: 1...240)
        }
        #expect(
            throws: YAMLError.typeMismatch(
                key: "minutes", expected: "a whole number", found: "text '15.5'",
                at: Mark(line: 1, column: 1))
        ) {
            try node("15.5").integer("minutes", in: 1...240)
        }
    }

    @Test("booleans are true or false only")
    func booleans() throws {
        #expect(try node("true").boolean("confidential"))
        #expect(try !node("False").boolean("confidential"))
        #expect(
            throws: YAMLError.typeMismatch(
                key: "confidential", expected: "true or false", found: "text 'yes'",
                at: Mark(line: 1, column: 1))
        ) {
            try node("yes").boolean("confidential")
        }
    }

    @Test("choices suggest the nearest allowed word")
    func choices() throws {
        #expect(try node("green").choice("colour", as: Colour.self) == .green)
        #expect(
            throws: YAMLError.notOneOf(
                key: "colour", value: "gren", allowed: ["red", "green", "blue"],
                suggestion: "green", at: Mark(line: 1, column: 1))
        ) {
            try node("gren").choice("colour", as: Colour.self)
        }
    }

    @Test("text lists reject empty items and non-lists")
    func textLists() throws {
        #expect(try node("[a, b]").textList("prompts").map(\.text) == ["a", "b"])
        #expect(
            throws: YAMLError.typeMismatch(
                key: "prompts", expected: "a list of text", found: "nothing as item 2",
                at: Mark(line: 2, column: 2))
        ) {
            try node("- a\n-\n").textList("prompts")
        }
        #expect(
            throws: YAMLError.typeMismatch(
                key: "prompts", expected: "a list such as [a, b] or lines starting with '- '", found: "text 'why'",
                at: Mark(line: 1, column: 1))
        ) {
            try node("why").textList("prompts")
        }
    }
}

struct SuggestionTests {
    @Test(
        "edit distance counts insertions, deletions, substitutions and swaps",
        arguments: [
            ("minutes", "minutes", 0), ("minuts", "minutes", 1), ("mintues", "minutes", 1),
            ("promts", "prompts", 1), ("", "abc", 3), ("kitten", "sitting", 3),
        ])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(Suggestion.editDistance(a, b) == expected)
    }

    @Test("suggestions need to be close, and prefer the closest")
    func closest() {
        let keys = ["id", "title", "minutes", "phase", "lead", "prompts"]
        #expect(Suggestion.closest(to: "minuts", in: keys) == "minutes")
        #expect(Suggestion.closest(to: "Title", in: keys) == "title")
        #expect(Suggestion.closest(to: "questions", in: keys) == nil)
        #expect(Suggestion.closest(to: "lad", in: keys) == "lead")
        #expect(Suggestion.closest(to: "b", in: ["a", "c"]) == nil, "one-letter words are all one edit apart")
        #expect(Suggestion.closest(to: "ID", in: keys) == "id")
    }
}

struct DiagnosticTests {
    @Test("a diagnostic prints file:line:column, the line and a caret")
    func rendering() {
        let source = "plan: x\ntopics:\n  - minuts: 5\n"
        let diagnostic = Diagnostic(
            file: "Plans/x.yaml", mark: Mark(line: 3, column: 5),
            message: "unknown key 'minuts'; did you mean 'minutes'?")
        #expect(
            diagnostic.rendered(source: source) == """
                Plans/x.yaml:3:5: error: unknown key 'minuts'; did you mean 'minutes'?
                3 |   - minuts: 5
                  |     ^
                """)
    }

    @Test("a mark past the end prints the one-line form only")
    func outOfRange() {
        let diagnostic = Diagnostic(file: "a.yaml", mark: Mark(line: 9, column: 1), message: "m")
        #expect(diagnostic.rendered(source: "one line\n") == "a.yaml:9:1: error: m")
    }
}

struct JSONConversionTests {
    @Test("plain scalars are typed, quoted ones stay text")
    func typing() throws {
        let root = try #require(try Parser.parse("a: 15\nb: '15'\nc: true\nd: ~\ne: 1.5\nf: text\ng: [x]\n"))
        #expect(
            root.json
                == .object([
                    ("a", .int(15)), ("b", .string("15")), ("c", .bool(true)), ("d", .null),
                    ("e", .double(1.5)), ("f", .string("text")), ("g", .array([.string("x")])),
                ]))
    }
}
