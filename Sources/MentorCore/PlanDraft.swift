import Diagnostics
import PlanYAML

/// A template as written, before `extends` is applied: every field optional, marks kept.
struct PlanDraft {
    var file: String
    /// True for files the user asked about; problems in fallback (shipped) files are not reported.
    var isPrimary = true
    /// True when decoding found an error; such a plan is reported but never built.
    var hasErrors = false
    var mark: Mark
    var id: String?
    var idMark: Mark
    var title: String?
    var summary: String?
    var extends: (id: String, mark: Mark)?
    var remove: [(text: String, mark: Mark)] = []
    var removeMark: Mark?
    var appliesTo: [(text: String, mark: Mark)]?
    var topics: [TopicDraft] = []
}

/// A topic as written. A topic overriding one of the base plan may give only some fields.
struct TopicDraft {
    var id: String
    var mark: Mark
    var title: String?
    var minutes: Int?
    var phase: Phase?
    var lead: Lead?
    var confidential: Bool?
    var guidance: String?
    var prompts: [String]?
    var appliesTo: [(text: String, mark: Mark)]?
    /// Required keys written with a value in the source, valid or not; missing-key checks skip
    /// these (an invalid value is reported where it stands, not again as missing).
    var written: RequiredKeys = []

    /// The topic with `self`'s fields over `base`'s.
    func merged(over base: TopicDraft) -> TopicDraft {
        var result = base
        result.mark = mark
        result.title = title ?? base.title
        result.minutes = minutes ?? base.minutes
        result.phase = phase ?? base.phase
        result.lead = lead ?? base.lead
        result.confidential = confidential ?? base.confidential
        result.guidance = guidance ?? base.guidance
        result.prompts = prompts ?? base.prompts
        result.appliesTo = appliesTo ?? base.appliesTo
        result.written.formUnion(written)
        return result
    }

    /// The complete topic, or the keys still missing. Phase defaults to `ongoing`, lead to `any`.
    func completed() -> Result<Topic, PlanError> {
        guard let title, let minutes, let prompts else {
            var missing: [String] = []
            if title == nil, !written.contains(.title) { missing.append("title") }
            if minutes == nil, !written.contains(.minutes) { missing.append("minutes") }
            if prompts == nil, !written.contains(.prompts) { missing.append("prompts") }
            return .failure(.missingTopicKeys(topic: id, keys: missing, near: nil, at: mark))
        }
        return .success(
            Topic(
                id: id, title: title, minutes: minutes, phase: phase ?? .ongoing, lead: lead ?? .any,
                confidential: confidential ?? false, guidance: guidance, prompts: prompts, appliesTo: appliesTo?.map(\.text)
            ))
    }

    /// A draft of a finished topic, so resolved base plans can be extended again.
    init(_ topic: Topic, mark: Mark) {
        self.init(id: topic.id, mark: mark)
        title = topic.title
        minutes = topic.minutes
        phase = topic.phase
        lead = topic.lead
        confidential = topic.confidential
        guidance = topic.guidance
        prompts = topic.prompts
        appliesTo = topic.appliesTo?.map { ($0, mark) }
    }

    init(id: String, mark: Mark) {
        self.id = id
        self.mark = mark
    }
}

/// The keys `PlanFormat.requiredTopicKeys` names, as a bit set (one per topic, so kept small).
struct RequiredKeys: OptionSet {
    let rawValue: UInt8
    static let title = RequiredKeys(rawValue: 1)
    static let minutes = RequiredKeys(rawValue: 2)
    static let prompts = RequiredKeys(rawValue: 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The required keys for which `written` is true.
    init(written: (String) -> Bool) {
        self = []
        if written("title") { insert(.title) }
        if written("minutes") { insert(.minutes) }
        if written("prompts") { insert(.prompts) }
    }
}

// MARK: - Decoding

/// Topics decoded one by one as the parser reads them (see `Parser.document(streamingItemsOf:_:)`),
/// so that a large template is never held as one tree; duplicates are reported as they arrive.
struct TopicList {
    var topics: [TopicDraft] = []
    /// Problems in the topics; kept apart, since a syntax error later in the file replaces them.
    var problems: Problems
    /// Items read, with or without a usable id.
    var count = 0
    private var seen: [String: Mark] = [:]

    /// Topics that came decoded straight from parser events (`TopicEventDecoder`), not from a tree.
    var decodedFromEvents = 0

    init(file: String) { problems = Problems(file: file) }

    /// Takes one streamed item of `topics`: decoded from events, or its tree.
    mutating func add(_ item: StreamedItem<TopicDraft>) {
        switch item {
        case .decoded(let topic):
            count += 1
            decodedFromEvents += 1
            keep(topic)
        case .node(let node):
            add(node)
        }
    }

    /// Decodes one item of `topics`.
    mutating func add(_ node: Node) {
        count += 1
        guard let topic = TopicDraft(node: node, problems: &problems) else { return }
        keep(topic)
    }

    /// The topics, moved out (not copied); the list keeps no topics nor ids after this.
    mutating func takeTopics() -> [TopicDraft] {
        let taken = topics
        topics = []
        seen = [:]
        return taken
    }

    /// Keeps a decoded topic, or reports it when its id was used before.
    private mutating func keep(_ topic: consuming TopicDraft) {
        // One lookup: a new id is entered with this topic's mark (no mark is at line 0); an id seen
        // before keeps its first mark. The table grows four times over, not twice: fewer rehashes
        // for the tens of thousands of topics of a large template.
        if seen.count == seen.capacity { seen.reserveCapacity(max(64, seen.capacity * 4)) }
        var first: Mark?
        Self.enter(topic.mark, into: &seen[topic.id, default: Mark(line: 0, column: 0)], first: &first)
        if let first {
            problems.add(.duplicateTopic(topic.id, first: first, at: topic.mark))
            return
        }
        topics.append(topic)
    }

    private static func enter(_ mark: Mark, into entry: inout Mark, first: inout Mark?) {
        if entry.line == 0 {
            entry = mark
        } else {
            first = entry
        }
    }
}

extension PlanDraft {
    /// Decodes the root node of a template file, recording every problem found in `problems`.
    /// `streamed` holds the topics the parser handed over while reading (the root's `topics` list
    /// is then empty in the tree); items still in the tree are decoded after them.
    init?(root: Node, file: String, problems: inout Problems) {
        var topics = TopicList(file: file)
        self.init(root: root, file: file, streamed: &topics, problems: &problems)
    }

    /// Decodes the root node like `init(root:file:problems:)`, taking the topics from `streamed`
    /// (which is left empty: the topics move to the draft rather than being copied).
    init?(root: Node, file: String, streamed: inout TopicList, problems: inout Problems) {
        var errors: [YAMLError] = []
        guard
            let map = problems.attempt({ () throws(YAMLError) in
                try MappingReader(root, subject: "the plan template", allowed: PlanFormat.planKeys, problems: &errors)
            })
        else { return nil }
        errors.forEach { problems.add($0) }
        self.init(file: file, mark: root.mark, idMark: map.mark(of: "plan") ?? root.mark)

        id = Self.requiredText("plan", in: map, problems: &problems)
        if let id, !PlanFormat.isValidID(id) {
            problems.add(.invalidID(kind: "plan", id: id, at: map["plan"]?.mark ?? root.mark))
            self.id = nil
        }
        title = Self.requiredText("title", in: map, problems: &problems)
        summary = map.text("summary", into: &problems)
        if let node = map["extends"], let base = node.text("extends", into: &problems) {
            extends = (base, node.mark)
        }
        if let node = map["remove"] {
            removeMark = map.mark(of: "remove")
            remove = node.textList("remove", into: &problems) ?? []
        }
        if let node = map["applies-to"] {
            appliesTo = node.textList("applies-to", into: &problems)
            if appliesTo?.isEmpty == true { problems.add(.emptyList(key: "applies-to", at: node.mark)) }
        }
        decodeTopics(map, streamed: &streamed, problems: &problems)
    }

    /// Decodes `root`, marking the draft as erroneous when any problem was found.
    static func decode(root: Node, file: String, streamed: inout TopicList, problems: inout Problems) -> PlanDraft? {
        let before = problems.diagnostics.count
        var draft = PlanDraft(root: root, file: file, streamed: &streamed, problems: &problems)
        draft?.hasErrors = problems.diagnostics.count > before
        return draft
    }

    /// The text of a required top-level key. A key reported as misspelt is not reported again as missing.
    private static func requiredText(_ key: String, in map: MappingReader, problems: inout Problems) -> String? {
        if !map.contains(key), map.misspelt.contains(key) { return nil }
        return map.requiredText(key, owner: "the plan template", into: &problems)
    }

    private mutating func decodeTopics(_ map: MappingReader, streamed list: inout TopicList, problems: inout Problems) {
        guard map.contains("topics") else {
            if extends == nil, !map.misspelt.contains("topics") {
                problems.add(.missingKey("topics", owner: "the plan template", at: mark))
            }
            return
        }
        guard let node = map.required("topics", owner: "the plan template", into: &problems) else { return }
        guard let items = node.items else {
            problems.add(.typeMismatch(key: "topics", expected: "a list of topics", found: node.kindDescription, at: node.mark))
            return
        }
        if items.isEmpty, list.count == 0 { problems.add(.emptyList(key: "topics", at: node.mark)) }
        if !items.isEmpty { list.topics.reserveCapacity(list.topics.count + items.count) }
        for item in items { list.add(item) }
        problems.diagnostics += list.problems.diagnostics
        topics = list.takeTopics()
    }
}

extension TopicDraft {
    /// Decodes one item of `topics`, reporting every problem in it; `nil` when it has no usable id.
    init?(node: Node, problems: inout Problems) {
        var errors: [YAMLError] = []
        guard
            let map = problems.attempt({ () throws(YAMLError) in
                try MappingReader(node, subject: "a topic", allowed: PlanFormat.topicKeys, problems: &errors)
            })
        else { return nil }
        errors.forEach { problems.add($0) }
        var id = map.requiredText("id", owner: "a topic", into: &problems)
        if let text = id, !PlanFormat.isValidID(text) {
            problems.add(.invalidID(kind: "topic", id: text, at: map["id"]?.mark ?? node.mark))
            id = nil
        }
        // Every field is decoded even without a usable id, so one pass reports all of the topic's problems.
        self.init(id: id ?? "", mark: node.mark)
        written = RequiredKeys(written: { map.hasValue($0) || map.misspelt.contains($0) })
        title = map.text("title", into: &problems)
        minutes = map.integer("minutes", in: PlanFormat.minutes, into: &problems)
        phase = map.choice("phase", as: Phase.self, into: &problems)
        lead = map.choice("lead", as: Lead.self, into: &problems)
        confidential = map.boolean("confidential", into: &problems)
        guidance = map.text("guidance", into: &problems)
        if let node = map["applies-to"] {
            appliesTo = node.textList("applies-to", into: &problems)
            if appliesTo?.isEmpty == true { problems.add(.emptyList(key: "applies-to", at: node.mark)) }
        }
        if let list = map["prompts"], let prompts = list.texts("prompts", into: &problems) {
            if prompts.isEmpty { problems.add(.emptyList(key: "prompts", at: list.mark)) }
            self.prompts = prompts.isEmpty ? nil : prompts
        }
        if id == nil { return nil }
    }
}
