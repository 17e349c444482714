import Diagnostics
import MentorCore
import Testing

/// Plans load with their topics decoded as the parser reads them; what is reported must not change.
struct StreamedLoadTests {
    @Test("a syntax error after bad topics is the file's only problem, as when the tree was built first")
    func syntaxErrorWins() {
        let text = "plan: p\ntitle: P\ntopics:\n  - id: a\n    minuts: 5\n  - id: b\n    title: [unclosed\n"
        let result = PlanLoader().load([PlanSource(path: "p.yaml", text: text)])
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.mark.line == 7)
    }

    @Test("topic problems and plan problems come out sorted by position, each with its mark")
    func sortedDiagnostics() {
        let text = """
            plan: p
            titel: P
            topics:
              - id: a
                title: A
                minutes: 500
                prompts: [x]
              - id: a
                title: Again
                minutes: 5
                prompts: [y]
            extra: 1
            """
        let messages = PlanLoader().load([PlanSource(path: "p.yaml", text: text)]).diagnostics.map(\.description)
        #expect(messages.count == 4)
        #expect(messages[0].hasPrefix("p.yaml:2:1: error: unknown key 'titel'"))
        #expect(messages[1].hasPrefix("p.yaml:6:14: error:"))
        #expect(messages[2].hasPrefix("p.yaml:8:5: error:"))
        #expect(messages[3].hasPrefix("p.yaml:12:1: error: unknown key 'extra'"))
    }

    @Test("topics given by an alias are decoded from the tree")
    func aliasedTopics() throws {
        let text = """
            plan: p
            title: P
            topics: &all
              - { id: a, title: A, minutes: 5, prompts: [x] }
            """
        let result = PlanLoader().load([PlanSource(path: "p.yaml", text: text)])
        #expect(result.diagnostics.isEmpty)
        #expect(result.plan("p")?.topics.map(\.id) == ["a"])
    }

    @Test("an empty topics list is still reported")
    func emptyTopics() {
        let result = PlanLoader().load([PlanSource(path: "p.yaml", text: "plan: p\ntitle: P\ntopics: []\n")])
        #expect(result.diagnostics.map(\.mark) == [Mark(line: 3, column: 9)])
    }
}
