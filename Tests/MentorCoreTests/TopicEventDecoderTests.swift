import PlanYAML
import TestSupport
import Testing

@testable import MentorCore

/// Topics decoded straight from parser events (`TopicEventDecoder`) must be the topics, and give
/// the diagnostics, that decoding each topic's tree gives.
struct TopicEventDecoderTests {
    /// The load with topics decoded from events (the default) and with every topic from its tree.
    static func bothWays(_ text: String, fallback: [PlanSource] = []) -> (fast: PlanLoadResult, tree: PlanLoadResult) {
        let source = PlanSource(path: "p.yaml", text: text)
        var treeLoader = PlanLoader()
        treeLoader.decodesTopicsFromEvents = false
        return (PlanLoader().load([source], fallback: fallback), treeLoader.load([source], fallback: fallback))
    }

    /// How many topics of `text` the event decoder took (the others went to the tree).
    static func decodedFromEvents(_ text: String) throws -> Int {
        var decoder = TopicEventDecoder()
        var decoded = 0
        _ = try Parser(text).document(streamingItemsOf: "topics", decoder: &decoder) { item in
            if case .decoded = item { decoded += 1 }
        }
        return decoded
    }

    @Test("topics of the usual shape are decoded from events, into the topics the tree gives")
    func usualTopics() throws {
        let text = """
            plan: p
            title: P
            topics:
              - id: first
                title: "First: the start"
                minutes: 10
                phase: check-in
                lead: mentee
                confidential: TRUE
                guidance: |
                  Listen first.
                prompts:
                  - One?
                  - 'Two?'
                applies-to: [one-to-one, circle]
              - {id: second, title: Second, minutes: 240, phase: closing, lead: any, confidential: false, prompts: [x]}
              - {title: 'Third', id: third, prompts: [y], minutes: 007}
            """
        #expect(try Self.decodedFromEvents(text) == 3)
        let (fast, tree) = Self.bothWays(text)
        #expect(fast.diagnostics.isEmpty)
        #expect(fast.plans == tree.plans)
        let topic = try #require(fast.plan("p")?.topics.first)
        #expect(topic.guidance == "Listen first.\n")
        #expect(topic.appliesTo == ["one-to-one", "circle"])
        #expect(topic.confidential)
        #expect(fast.plan("p")?.topics.last?.minutes == 7)
    }

    @Test("a topic with any problem goes to the tree, which reports it as before")
    func problemsGoToTheTree() throws {
        let problems = [
            "{id: a, title: A, minutes: 5, prompts: [x], minuts: 5}",
            "{id: a, title: '  ', minutes: 5, prompts: [x]}",
            "{id: a, title: ~, minutes: 5, prompts: [x]}",
            "{id: a, title: A, minutes: 0, prompts: [x]}",
            "{id: a, title: A, minutes: 241, prompts: [x]}",
            "{id: a, title: A, minutes: 5, prompts: []}",
            "{id: a, title: A, minutes: 5, prompts: [x, '']}",
            "{id: a, title: A, minutes: 5, prompts: x}",
            "{id: a, title: A, minutes: 5, prompts: [x], phase: ongoin}",
            "{id: a, title: A, minutes: 5, prompts: [x], lead: Mentor}",
            "{id: a, title: A, minutes: 5, prompts: [x], confidential: yes}",
            "{id: a, title: A, minutes: 5, prompts: [x], applies-to: []}",
            "{id: A, title: A, minutes: 5, prompts: [x]}",
            "{title: A, minutes: 5, prompts: [x]}",
            "{id: a, title: A, minutes: 5, prompts: [x], <<: {b: c}}",
            "{id: a, title: \"\\u3000\", minutes: 5, prompts: [x]}",
        ]
        for topic in problems {
            let text = "plan: p\ntitle: P\ntopics:\n  - \(topic)\n"
            #expect(try Self.decodedFromEvents(text) == 0, "\(topic)")
            let (fast, tree) = Self.bothWays(text)
            #expect(!fast.diagnostics.isEmpty, "\(topic)")
            #expect(fast.diagnostics.map(\.description) == tree.diagnostics.map(\.description), "\(topic)")
        }
    }

    @Test("a valid topic of an unusual form also goes to the tree, which takes it as before")
    func unusualFormsGoToTheTree() throws {
        let forms = [
            "{id: a, title: A, minutes: '5', prompts: [x]}",
            "{id: a, title: !!str A, minutes: 5, prompts: [x]}",
            "{id: a, title: A, minutes: +5, prompts: [x]}",
            "{id: a, title: A, minutes: 5, prompts: [x], confidential: 'True'}",
            "{id: a, title: \"\u{e9}\", minutes: 5, prompts: [x]}",
            "&t {id: a, title: A, minutes: 5, prompts: [x]}",
        ]
        for topic in forms {
            let text = "plan: p\ntitle: P\ntopics:\n  - \(topic)\n"
            let (fast, tree) = Self.bothWays(text)
            #expect(fast.diagnostics.isEmpty, "\(topic)")
            #expect(fast.plans == tree.plans, "\(topic)")
            #expect(fast.plan("p")?.topics.count == 1, "\(topic)")
        }
    }

    @Test("random templates: the same topics and the same diagnostics, message for message, either way")
    func randomTemplates() throws {
        var random = SplitMix64(state: 2026)
        var decodedTotal = 0
        var treeTotal = 0
        for round in 0..<500 {
            let text = Self.randomTemplate(&random)
            let (fast, tree) = Self.bothWays(text, fallback: [Self.base])
            #expect(fast.diagnostics.map(\.description) == tree.diagnostics.map(\.description), "round \(round):\n\(text)")
            #expect(fast.plans == tree.plans, "round \(round):\n\(text)")
            if let decoded = try? Self.decodedFromEvents(text) {
                decodedTotal += decoded
                treeTotal += text.components(separatedBy: "\n  - ").count - 1 - decoded
            }
        }
        // Both ways were exercised: many topics were decoded from events, many went to the tree.
        #expect(decodedTotal > 100)
        #expect(treeTotal > 100)
    }

    @Test("checking gives the diagnostics and the valid plans loading gives, without the topics' texts")
    func checkMatchesLoad() throws {
        var random = SplitMix64(state: 15)
        for round in 0..<300 {
            let text = Self.randomTemplate(&random)
            let sources = [PlanSource(path: "p.yaml", text: text)]
            let loaded = PlanLoader().load(sources, fallback: [Self.base])
            let checked = PlanLoader().check(sources, fallback: [Self.base])
            #expect(checked.diagnostics == loaded.diagnostics, "round \(round):\n\(text)")
            #expect(checked.planIDs == loaded.plans.map(\.id), "round \(round):\n\(text)")
        }
        // The texts are checked as bytes, not kept.
        var decoder = TopicEventDecoder()
        decoder.keepsTexts = false
        var topics: [TopicDraft] = []
        _ = try Parser("topics:\n  - {id: a, title: A, guidance: G, minutes: 5, prompts: [x, y], applies-to: [peer]}\n")
            .document(streamingItemsOf: "topics", decoder: &decoder) { item in
                if case .decoded(let topic) = item { topics.append(topic) }
            }
        let topic = try #require(topics.first)
        #expect(topic.id == "a" && topic.title == "" && topic.guidance == "" && topic.prompts == [] && topic.minutes == 5)
        #expect(topic.appliesTo?.map(\.text) == ["peer"])
    }

    static let base = PlanSource(
        path: "base.yaml", text: "plan: base\ntitle: Base\ntopics:\n  - {id: b1, title: B, minutes: 5, prompts: [x]}\n")

    /// A template whose topics draw each key's value from valid and invalid forms, in block and
    /// flow style, sometimes with unknown, repeated or misspelt keys, tags, anchors and aliases.
    static func randomTemplate(_ random: inout SplitMix64) -> String {
        func pick(_ options: [String]) -> String { options[Int(random.next() % UInt64(options.count))] }
        let values: [String: [String]] = [
            "id": ["t1", "t2", "t-3", "b1", "'t4'", "T5", "t--6", "~", "", "42", "[t7]", "!!str t8", "&i t9", "é"],
            "title": [
                "A title", "'Quoted: title'", "\"d\\tq\"", "''", "'  '", "~", "null", "Null", "!!str T", "[a]", "{a: b}", "\"\\u3000\"",
                "é", "*x",
            ],
            "minutes": ["5", "240", "0", "241", "05", "007", "+5", "'5'", "five", "~", "1.5", "!!int 7", "0x10", "-3", "1000", "[5]"],
            "phase": ["ongoing", "check-in", "orientation", "closing", "Ongoing", "'closing'", "ongoin", "~", "[a]", "!!str ongoing"],
            "lead": ["mentor", "mentee", "any", "anyone", "MENTOR", "\"any\"", "~"],
            "confidential": ["true", "True", "FALSE", "false", "yes", "'true'", "1", "~", "!!bool true", "[true]"],
            "guidance": ["Listen.", "'Say: this'", "''", "~", "[a]", "\"\\t\""],
            "prompts": [
                "[a, b]", "[]", "[a, '']", "[a, ~]", "[a, [b]]", "[a, {b: c}]", "a", "~", "!!seq [a]", "[a, !!str b]", "&p [a]",
                "['  ', b]",
            ],
            "applies-to": ["[one-to-one]", "[circle, peer]", "[]", "[unknown-type]", "one-to-one", "[one-to-one, '']", "~"],
            "minuts": ["5"], "extra": ["1"], "<<": ["{a: b}"], "Title": ["T"], "tïtle": ["x"],
        ]
        let usual = ["id", "title", "minutes", "prompts"]
        let optional = ["phase", "lead", "confidential", "guidance", "applies-to"]
        let odd = ["minuts", "extra", "<<", "Title", "tïtle"]
        var lines = ["plan: p", "title: P", "anchor: &x Anchored"]
        if random.next() % 3 == 0 { lines.append("extends: base") }
        lines.append("topics:")
        for _ in 0..<(1 + Int(random.next() % 6)) {
            var keys = usual.filter { _ in random.next() % 8 != 0 }
            keys += optional.filter { _ in random.next() % 3 == 0 }
            if random.next() % 6 == 0 { keys.append(pick(odd)) }
            if random.next() % 10 == 0, let again = keys.randomElement(using: &random) { keys.append(again) }
            keys.shuffle(using: &random)
            // Mostly valid values (the usual case), sometimes any of the forms.
            let pairs = keys.map { key -> String in
                let options = values[key] ?? ["x"]
                return "\(key): \(random.next() % 3 == 0 ? pick(options) : options[0])"
            }
            switch random.next() % 6 {
            case 0:
                lines.append("  - {" + pairs.joined(separator: ", ") + "}")
            case 1:
                lines.append(
                    pick([
                        "  - just text", "  - [a]", "  - ~", "  - !!map {id: t1}", "  - &t {id: t1, title: T, minutes: 5, prompts: [x]}",
                        "  - *x",
                    ]))
            default:
                guard let first = pairs.first else {
                    lines.append("  - {}")
                    continue
                }
                lines.append("  - " + first)
                lines += pairs.dropFirst().map { "    " + $0 }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
