import PlanYAML
import TestSupport
import Testing

/// The small YAML writer `mentor match --write` edits program files with: what it writes reads
/// back through libyaml as meant, and everything it doesn't touch stays byte for byte.
struct YAMLEditorTests {
    /// What `value` reads back as when written after `key: `.
    static func readBack(_ written: String) throws -> String? {
        let root = try Parser.parse("key: \(written)\n")
        return root?.pairs?.first?.value.scalarText
    }

    @Test(
        "a scalar reads back as the text it was made from",
        arguments: [
            "Dana Ruiz", "O'Brien", "Ruiz, Dana", "a: b", "# not a comment", "- dash", "true", "No", "~", "null", "12", "1e3",
            "0x1F", " lead", "trail ", "say \"hi\"", "back\\slash", "two\nlines", "tab\there", "cr\rhere", "Zoë Ødegård",
            "@handle", "`tick`", "{ flow }", "[list]", "*alias", "&anchor", "!tag", "%directive", "|", ">", "?", "",
        ])
    func scalarRoundTrip(_ text: String) throws {
        #expect(try Self.readBack(YAMLEditor.scalar(text)) == text)
    }

    @Test("random texts read back as themselves")
    func scalarRoundTripRandom() throws {
        var random = SplitMix64(state: 17)
        let alphabet = Array("aZ9 .,:-_#'\"\\\n\t{}[]&*!|>%@`?éß€")
        for _ in 0..<2_000 {
            let text = String((0..<random.int(0...12)).map { _ in alphabet[random.int(0...(alphabet.count - 1))] })
            #expect(try Self.readBack(YAMLEditor.scalar(text)) == text, "\(text.debugDescription)")
        }
    }

    @Test("plain where plain is safe")
    func plainWhenSafe() {
        #expect(YAMLEditor.scalar("Dana Ruiz") == "Dana Ruiz")
        #expect(YAMLEditor.scalar("true") == "\"true\"")
        #expect(YAMLEditor.scalar("a: b") == "\"a: b\"")
        #expect(YAMLEditor.flowMapping([("id", "a1"), ("name", YAMLEditor.scalar("Diaz, Rosa"))]) == "{ id: a1, name: \"Diaz, Rosa\" }")
    }

    @Test("items go after a block list's last item, indented like it; comments and the rest stay")
    func appendsToBlockList() throws {
        let text = """
            # the program
            people:
                - { id: a }   # first
                - { id: b }

            # groups follow
            groups: []
            other: 1
            """
        let edited = try YAMLEditor.appending([("people", ["{ id: c }"]), ("groups", ["{ id: g }"])], to: text)
        #expect(
            edited == """
                # the program
                people:
                    - { id: a }   # first
                    - { id: b }
                    - { id: c }

                # groups follow
                groups:
                  - { id: g }
                other: 1
                """)
    }

    @Test("a missing key is added at the end; CRLF files stay CRLF")
    func appendsMissingKey() throws {
        let edited = try YAMLEditor.appending([("groups", ["{ id: g }"])], to: "program: P\r\npeople: []\r\n\r\n")
        #expect(edited == "program: P\r\npeople: []\r\ngroups:\r\n  - { id: g }\r\n")
        #expect(try YAMLEditor.appending([("groups", [])], to: "a: 1\n") == "a: 1\n", "nothing to add changes nothing")
    }

    @Test("a flow list, a non-mapping and broken YAML are refused, saying why")
    func refusals() {
        #expect(throws: YAMLEditError.unsupportedLayout(key: "people")) {
            try YAMLEditor.appending([("people", ["{ id: c }"])], to: "people: [a, b]\n")
        }
        #expect(throws: YAMLEditError.unreadable("the file is not a mapping of keys")) {
            try YAMLEditor.appending([("people", ["x"])], to: "- a\n- b\n")
        }
        #expect(throws: YAMLEditError.self) { try YAMLEditor.appending([("people", ["x"])], to: "people: [\n") }
    }
}
