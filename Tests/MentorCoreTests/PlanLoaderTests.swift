import BuiltInProgramTypes
import MentorCore
import Synchronization
import Testing

struct PlanLoaderTests {
    static let base = PlanSource(
        path: "base.yaml",
        text: """
            plan: base
            title: Base plan
            applies-to: [one-to-one, circle]
            topics:
              - id: first
                title: First
                minutes: 10
                phase: orientation
                lead: mentor
                prompts: [One?]
              - id: second
                title: Second
                minutes: 20
                confidential: true
                guidance: Listen first.
                prompts: [Two?, Three?]
              - id: third
                title: Third
                minutes: 5
                prompts: [Four?]
            """)

    func load(_ sources: PlanSource..., fallback: [PlanSource] = []) -> PlanLoadResult {
        PlanLoader().load(sources, fallback: fallback)
    }

    @Test("a complete template loads with defaults for phase, lead and confidential")
    func loads() throws {
        let result = load(Self.base)
        #expect(result.diagnostics.isEmpty)
        let plan = try #require(result.plan("base"))
        #expect(plan.topics.map(\.id) == ["first", "second", "third"])
        #expect(plan.totalMinutes == 35)
        #expect(plan.topics[2].phase == .ongoing)
        #expect(plan.topics[2].lead == .any)
        #expect(plan.topics[2].confidential == false)
        #expect(plan.topics[1].confidential)
        #expect(plan.appliesTo == ["one-to-one", "circle"])
        #expect(plan.applies(to: "circle") && !plan.applies(to: "peer"))
    }

    @Test("extends overrides topics field by field, removes and appends")
    func extends() throws {
        let child = PlanSource(
            path: "child.yaml",
            text: """
                plan: child
                title: Child plan
                extends: base
                remove: [first]
                topics:
                  - id: second
                    minutes: 25
                    prompts: [New two?]
                  - id: fourth
                    title: Fourth
                    minutes: 15
                    lead: mentee
                    prompts: [Five?]
                """)
        let result = load(Self.base, child)
        #expect(result.diagnostics.isEmpty)
        let plan = try #require(result.plan("child"))
        #expect(plan.extends == "base")
        #expect(plan.topics.map(\.id) == ["second", "third", "fourth"])
        let second = plan.topics[0]
        #expect(second.minutes == 25)
        #expect(second.prompts == ["New two?"])
        #expect(second.title == "Second")
        #expect(second.guidance == "Listen first.")
        #expect(second.confidential)
        #expect(plan.appliesTo == ["one-to-one", "circle"])
        // The base itself is unchanged.
        #expect(result.plan("base")?.topics.count == 3)
    }

    @Test("a chain of extends resolves in order, whatever the file order")
    func chain() throws {
        let middle = PlanSource(path: "middle.yaml", text: "plan: middle\ntitle: M\nextends: base\nremove: [third]\n")
        let top = PlanSource(path: "top.yaml", text: "plan: top\ntitle: T\nextends: middle\nremove: [first]\n")
        let result = load(top, middle, Self.base)
        #expect(result.diagnostics.isEmpty)
        #expect(result.plan("top")?.topics.map(\.id) == ["second"])
        #expect(result.plans.map(\.id) == ["top", "middle", "base"])
    }

    @Test("templates may extend fallback plans; a local plan replaces a fallback plan with its id")
    func fallback() throws {
        let local = PlanSource(path: "local.yaml", text: "plan: mine\ntitle: Mine\nextends: base\n")
        let result = load(local, fallback: [Self.base])
        #expect(result.diagnostics.isEmpty)
        #expect(result.plans.map(\.id) == ["mine"])
        #expect(result.plan("mine")?.topics.count == 3)

        let replacement = PlanSource(
            path: "base.yaml", text: "plan: base\ntitle: Ours\ntopics:\n  - {id: a, title: A, minutes: 5, prompts: [x]}\n")
        let replaced = load(local, replacement, fallback: [Self.base])
        #expect(replaced.plan("mine")?.topics.map(\.id) == ["a"])
    }

    @Test("problems in fallback plans are not reported as the user's")
    func fallbackProblemsHidden() {
        let broken = PlanSource(path: "shipped.yaml", text: "plan: shipped\ntitle: S\ntopics: nope\n")
        let result = load(Self.base, fallback: [broken])
        #expect(result.diagnostics.isEmpty)
    }

    @Test("a cycle is reported on every plan in it, even when reached through another plan")
    func cycle() {
        let a = PlanSource(path: "a.yaml", text: "plan: a\ntitle: A\nextends: b\n")
        let b = PlanSource(path: "b.yaml", text: "plan: b\ntitle: B\nextends: a\n")
        let c = PlanSource(path: "c.yaml", text: "plan: c\ntitle: C\nextends: a\n")
        let result = load(c, a, b)
        #expect(
            result.diagnostics.map(\.description) == [
                "a.yaml:3:10: error: 'extends' makes a cycle: a -> b -> a; one of these plans must stop extending the other",
                "b.yaml:3:10: error: 'extends' makes a cycle: b -> a -> b; one of these plans must stop extending the other",
            ])
        #expect(result.plans.isEmpty)
    }

    @Test("a plan with errors is reported and not built")
    func erroneousNotBuilt() {
        let bad = PlanSource(
            path: "bad.yaml", text: "plan: bad\ntitle: Bad\ncolour: red\ntopics:\n  - {id: a, title: A, minutes: 5, prompts: [x]}\n")
        let result = load(bad)
        #expect(result.hasErrors)
        #expect(result.plan("bad") == nil)
    }

    @Test("unknown program types in applies-to are checked against the loader's list")
    func programTypes() {
        let plan = PlanSource(
            path: "p.yaml", text: "plan: p\ntitle: P\napplies-to: [flash]\ntopics:\n  - {id: a, title: A, minutes: 5, prompts: [x]}\n")
        let builtIn = BuiltInProgramTypes.registry.ids
        #expect(PlanLoader(programTypes: builtIn).load([plan]).hasErrors)
        #expect(!PlanLoader(programTypes: builtIn + ["flash"]).load([plan]).hasErrors)
        #expect(!PlanLoader().load([plan]).hasErrors, "a loader given no ids checks none")
    }

    @Test("more program types are asked for only when a template names an id the loader lacks, and once")
    func moreProgramTypesOnDemand() {
        let asked = Mutex(0)
        let loader = PlanLoader(programTypes: BuiltInProgramTypes.registry.ids) {
            asked.withLock { $0 += 1 }
            return BuiltInProgramTypes.registry.ids + ["flash"]
        }
        func plan(_ name: String, _ types: String) -> PlanSource {
            PlanSource(
                path: "\(name).yaml",
                text: "plan: \(name)\ntitle: P\napplies-to: [\(types)]\ntopics:\n  - {id: a, title: A, minutes: 5, prompts: [x]}\n")
        }
        #expect(!loader.load([plan("p", "peer, circle")]).hasErrors)
        #expect(asked.withLock { $0 } == 0, "built-in ids need no lookup")
        let mixed = loader.load([plan("p", "flash"), plan("q", "flash, pear"), plan("r", "flashy")])
        #expect(asked.withLock { $0 } == 1, "asked once for the whole load")
        #expect(
            mixed.diagnostics.map(\.message) == [
                "'applies-to' names unknown program type 'pear' (known: 'one-to-one', 'reverse', 'circle', 'peer', 'flash'); did you mean 'peer'?",
                "'applies-to' names unknown program type 'flashy' (known: 'one-to-one', 'reverse', 'circle', 'peer', 'flash'); did you mean 'flash'?",
            ])
    }

    @Test("a topic's applies-to is checked like the plan's and inherited by overrides")
    func topicAppliesTo() throws {
        let plan = PlanSource(
            path: "p.yaml",
            text: """
                plan: p
                title: P
                topics:
                  - {id: a, title: A, minutes: 5, prompts: [x], applies-to: [peer]}
                  - {id: b, title: B, minutes: 5, prompts: [x], applies-to: [pear]}
                """)
        let result = PlanLoader(programTypes: BuiltInProgramTypes.registry.ids).load([plan])
        #expect(
            result.diagnostics.map(\.description) == [
                "p.yaml:5:62: error: 'applies-to' names unknown program type 'pear' (known: 'one-to-one', 'reverse', 'circle', 'peer'); did you mean 'peer'?"
            ])
        let good = PlanSource(
            path: "q.yaml", text: "plan: q\ntitle: Q\ntopics:\n  - {id: a, title: A, minutes: 5, prompts: [x], applies-to: [peer]}\n")
        let child = PlanSource(path: "r.yaml", text: "plan: r\ntitle: R\nextends: q\ntopics:\n  - {id: a, minutes: 9}\n")
        let loaded = PlanLoader().load([good, child])
        let topic = try #require(loaded.plan("r")?.topics.first)
        #expect(topic.appliesTo == ["peer"] && topic.applies(to: "peer") && !topic.applies(to: "circle"))
    }

    @Test(
        "ids are lowercase words joined by hyphens",
        arguments: [
            ("career", true), ("next-level", true), ("six-month-2", true), ("Career", false), ("next_level", false),
            ("-a", false), ("a-", false), ("a--b", false), ("", false), ("a b", false),
        ])
    func ids(_ id: String, _ valid: Bool) {
        #expect(PlanFormat.isValidID(id) == valid)
    }
}
