import Diagnostics
import PlanYAML

/// A template file to load: its path as shown to the user and its text.
public struct PlanSource: Sendable, Equatable {
    /// The path shown in diagnostics, e.g. `Plans/career.yaml`.
    public var path: String
    /// The file's text (with U+FFFD for bytes that are not UTF-8, when `problem` says so); empty
    /// for a source that reads `file`.
    public var text: String
    /// Why the file can't be parsed although it was read: too large, or not UTF-8. Loaders report
    /// it as the file's only diagnostic and go on with the other files.
    public var problem: YAMLError?
    /// The file the loader reads a piece at a time, instead of `text`, so that a large file is never
    /// in memory whole (see `PlanSource.open(path:limits:)`); `nil` for a source given as text.
    /// Bytes that are not UTF-8 are then found while it is parsed, and reported as `problem` is.
    public var file: String?

    /// Creates a source.
    public init(path: String, text: String, problem: YAMLError? = nil) {
        self.path = path
        self.text = text
        self.problem = problem
    }
}

/// The plans that loaded, and everything wrong with the files that were read.
public struct PlanLoadResult: Sendable {
    /// Plans that loaded without errors, in file order.
    public var plans: [PlanTemplate]
    /// Problems found in the primary sources, sorted by file and position.
    public var diagnostics: [Diagnostic]

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The plan with `id`, if it loaded.
    public func plan(_ id: String) -> PlanTemplate? { plans.first { $0.id == id } }
}

/// What `PlanLoader.check(_:fallback:)` finds: the plans that would load, and every problem.
public struct PlanCheckResult: Sendable {
    /// Ids of the plans that load without errors, in file order.
    public var planIDs: [String]
    /// Problems found in the primary sources, sorted by file and position.
    public var diagnostics: [Diagnostic]

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Loads plan templates: parses, decodes, applies `extends`/`remove` and checks references.
public struct PlanLoader: Sendable {
    /// Parser limits for every file.
    public var limits: Limits
    /// Program type ids `applies-to` may name; empty means no check. MentorCore knows no type's
    /// id: the caller passes its registry's (`ProgramRegistry.ids`).
    public var programTypes: [String]
    /// More ids `applies-to` may name, asked for once per load and only when a template names an id
    /// `programTypes` lacks: finding them may be costly (the CLI starts the plugins it may run).
    public var moreProgramTypes: (@Sendable () -> [String])?
    /// False to decode every topic from its tree, for tests that compare the two ways.
    var decodesTopicsFromEvents = true
    /// False when the plans are only checked (`check(_:fallback:)`): topics decoded from events
    /// keep no titles, guidance or prompts.
    var keepsTopicTexts = true

    /// Creates a loader.
    public init(limits: Limits = .default, programTypes: [String] = [], moreProgramTypes: (@Sendable () -> [String])? = nil) {
        self.limits = limits
        self.programTypes = programTypes
        self.moreProgramTypes = moreProgramTypes
    }

    /// Loads `sources`, which may extend each other and the `fallback` plans (the shipped ones).
    /// A source defining the same id as a fallback plan replaces it. Diagnostics cover `sources` only.
    public func load(_ sources: [PlanSource], fallback: [PlanSource] = []) -> PlanLoadResult {
        var ignored = Problems(file: "")
        return load(sources, fallbackDrafts: decode(fallback, problems: &ignored))
    }

    /// Checks `sources` as `load(_:fallback:)` loads them, with the same diagnostics and the same
    /// plans found valid, but keeps only the plans' ids: topics read straight from parser events
    /// never have their titles, guidance and prompts made into strings (they are checked as bytes).
    /// For `mentor plans lint`: a 16 MB template then needs ~20 MB less memory.
    public func check(_ sources: [PlanSource], fallback: [PlanSource] = []) -> PlanCheckResult {
        var loader = self
        loader.keepsTopicTexts = false
        let result = loader.load(sources, fallback: fallback)
        return PlanCheckResult(planIDs: result.plans.map(\.id), diagnostics: result.diagnostics)
    }

    /// The user's `sources` loaded over the `shipped` plans (as `load(_:fallback:)` does), and every
    /// plan a program can use: the user's, then the shipped ones they don't replace (each shipped
    /// plan resolved among the shipped ones, as `load(shipped)` would). The shipped files are
    /// parsed and decoded once for both uses.
    public func loadAvailable(_ sources: [PlanSource], shipped: [PlanSource]) -> (local: PlanLoadResult, available: [PlanTemplate]) {
        var shippedProblems = Problems(file: "")
        let shippedDrafts = decode(shipped, problems: &shippedProblems)
        let local = load(sources, fallbackDrafts: shippedDrafts)
        let own = resolve(shippedDrafts, problems: shippedProblems, fallbackDrafts: [], order: shipped.map(\.path))
        let localIDs = Set(local.plans.map(\.id))
        return (local, local.plans + own.plans.filter { !localIDs.contains($0.id) })
    }

    private func load(_ sources: [PlanSource], fallbackDrafts: [PlanDraft]) -> PlanLoadResult {
        var problems = Problems(file: "")
        let drafts = decode(sources, problems: &problems)
        return resolve(drafts, problems: problems, fallbackDrafts: fallbackDrafts, order: sources.map(\.path))
    }

    /// Resolves decoded `drafts` over the fallback drafts; `problems` holds the decoding's.
    private func resolve(_ drafts: [PlanDraft], problems: Problems, fallbackDrafts allFallbacks: [PlanDraft], order: [String])
        -> PlanLoadResult
    {
        var problems = problems
        let ownIDs = Set(drafts.compactMap(\.id))
        let fallbackDrafts = allFallbacks.compactMap { draft -> PlanDraft? in
            guard let id = draft.id, !ownIDs.contains(id) else { return nil }
            var draft = draft
            draft.isPrimary = false
            return draft
        }
        let replaced = Set(allFallbacks.compactMap(\.id)).intersection(ownIDs)

        let unique = uniqueDrafts(drafts, problems: &problems)
        var resolver = Resolver(drafts: unique + fallbackDrafts, replacedFallbacks: replaced)
        let plans = unique.compactMap { resolver.resolve($0) }
        problems.diagnostics += resolver.diagnostics
        var known = (ids: programTypes, complete: moreProgramTypes == nil)
        for draft in drafts { checkProgramTypes(of: draft, known: &known, problems: &problems) }
        return PlanLoadResult(plans: plans, diagnostics: Self.sorted(problems.diagnostics, order: order))
    }

    // MARK: - Steps

    /// Parses and decodes every source; files that fail to parse yield no draft.
    private func decode(_ sources: [PlanSource], problems all: inout Problems) -> [PlanDraft] {
        var drafts: [PlanDraft] = []
        for source in sources {
            var problems = Problems(file: source.path)
            if let problem = source.problem {
                all.diagnostics.append(Diagnostic(file: source.path, error: problem))
                continue
            }
            do {
                // Topics are decoded as the parser reads them: a large template is never one tree.
                // Topics of the usual shape are decoded straight from the parser's events (no tree);
                // the others arrive as trees and are decoded as before, with the same messages.
                var topics = TopicList(file: source.path)
                // A source from disk is read a piece at a time, never held whole (`PlanSource.open`).
                let parser: Parser
                if let file = source.file {
                    parser = try Parser(file: file, limits: limits)
                } else {
                    parser = try Parser(source.text, limits: limits)
                }
                let root: Node?
                if decodesTopicsFromEvents {
                    var decoder = TopicEventDecoder()
                    decoder.keepsTexts = keepsTopicTexts
                    root = try parser.document(streamingItemsOf: "topics", decoder: &decoder) { topics.add($0) }.root
                } else {
                    root = try parser.document(streamingItemsOf: "topics") { topics.add($0) }.root
                }
                if let root {
                    if let draft = PlanDraft.decode(root: root, file: source.path, streamed: &topics, problems: &problems) {
                        drafts.append(draft)
                    }
                } else {
                    problems.add(PlanError.emptyFile)
                }
            } catch {
                problems.add(error)
            }
            all.diagnostics += problems.diagnostics
        }
        return drafts
    }

    /// Drops (and reports) drafts whose id an earlier file already used.
    private func uniqueDrafts(_ drafts: [PlanDraft], problems: inout Problems) -> [PlanDraft] {
        var first: [String: PlanDraft] = [:]
        var unique: [PlanDraft] = []
        for draft in drafts {
            guard let id = draft.id else { continue } // its invalid id is already reported
            if let earlier = first[id] {
                let error = PlanError.duplicatePlan(id, firstFile: earlier.file, firstMark: earlier.idMark, at: draft.idMark)
                problems.diagnostics.append(Diagnostic(file: draft.file, mark: error.mark, message: error.message))
            } else {
                first[id] = draft
                unique.append(draft)
            }
        }
        return unique
    }

    /// Checks the plan's and its topics' `applies-to` against the known program types.
    /// Reports ids in `applies-to` that no known type has; `known` is completed with
    /// `moreProgramTypes` the first time an id is missing from it.
    private func checkProgramTypes(of draft: PlanDraft, known: inout (ids: [String], complete: Bool), problems: inout Problems) {
        guard !known.ids.isEmpty else { return }
        let lists = [draft.appliesTo ?? []] + draft.topics.map { $0.appliesTo ?? [] }
        for (id, mark) in lists.joined() where !known.ids.contains(id) {
            if !known.complete, let more = moreProgramTypes {
                known = (more(), true)
                if known.ids.contains(id) { continue }
            }
            let error = PlanError.unknownProgramType(
                id, suggestion: Suggestion.closest(to: id, in: known.ids), known: known.ids, at: mark)
            problems.diagnostics.append(Diagnostic(file: draft.file, mark: mark, message: error.message))
        }
    }

    private static func sorted(_ diagnostics: [Diagnostic], order: [String]) -> [Diagnostic] {
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return diagnostics.enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element, rhs.element)
            let (lr, rr) = (rank[l.file] ?? .max, rank[r.file] ?? .max)
            if lr != rr { return lr < rr }
            if l.mark != r.mark { return l.mark < r.mark }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

// MARK: - Resolving `extends`

/// Applies `extends` and `remove`, memoizing resolved plans and detecting cycles.
/// Each plan is resolved once, so each problem is reported once, whichever plan reached it first.
private struct Resolver {
    var drafts: [String: PlanDraft] = [:]
    var resolved: [String: PlanTemplate?] = [:]
    /// Ids of fallback (shipped) plans that a primary plan replaces.
    let replacedFallbacks: Set<String>
    /// Problems found in primary files.
    var diagnostics: [Diagnostic] = []

    init(drafts: [PlanDraft], replacedFallbacks: Set<String>) {
        self.replacedFallbacks = replacedFallbacks
        for draft in drafts {
            if let id = draft.id { self.drafts[id] = draft }
        }
    }

    /// The plan `draft` describes, or `nil` after recording why it can't be built.
    mutating func resolve(_ draft: PlanDraft) -> PlanTemplate? {
        guard let id = draft.id else { return nil }
        if let done = resolved[id] { return done }
        resolved[id] = .some(nil) // provisional; a cycle finds this and stops
        var problems = Problems(file: draft.file)
        let plan = build(draft, id: id, problems: &problems)
        resolved[id] = .some(plan)
        if draft.isPrimary { diagnostics += problems.diagnostics }
        return plan
    }

    private mutating func build(_ draft: PlanDraft, id: String, problems: inout Problems) -> PlanTemplate? {
        var baseTopics: [TopicDraft] = []
        var appliesTo: [String]?
        if let extends = draft.extends {
            if extends.id == id {
                problems.add(.extendsItself(shipped: replacedFallbacks.contains(id) ? id : nil, at: extends.mark))
                return nil
            }
            if let cycle = cycle(from: id) {
                problems.add(.extendsCycle(cycle, at: extends.mark))
                return nil
            }
            guard let baseDraft = drafts[extends.id] else {
                let suggestion = Suggestion.closest(to: extends.id, in: drafts.keys.sorted())
                problems.add(.unknownBase(extends.id, suggestion: suggestion, at: extends.mark))
                return nil
            }
            guard let base = resolve(baseDraft) else { return nil }
            baseTopics = base.topics.map { TopicDraft($0, mark: draft.mark) }
            appliesTo = base.appliesTo
        } else if let mark = draft.removeMark {
            problems.add(.removeWithoutExtends(at: mark))
        }
        let merged = merge(draft, over: baseTopics, problems: &problems)
        let baseIDs = baseTopics.map(\.id)
        var topics: [Topic] = []
        topics.reserveCapacity(merged.count)
        for topic in merged {
            switch topic.completed() {
            case .success(let topic):
                topics.append(topic)
            case .failure(.missingTopicKeys(let name, let keys, _, let mark)):
                // No keys missing means every absent key was invalid and is reported where it stands.
                guard !keys.isEmpty else { continue }
                let near = draft.extends.flatMap { base in
                    Suggestion.closest(to: name, in: baseIDs).map { NearTopic(topic: $0, plan: base.id) }
                }
                problems.add(.missingTopicKeys(topic: name, keys: keys, near: near, at: mark))
            case .failure(let error):
                problems.add(error)
            }
        }
        if merged.isEmpty, draft.extends != nil { problems.add(.noTopics(plan: id, at: draft.idMark)) }
        guard !draft.hasErrors, problems.diagnostics.isEmpty, topics.count == merged.count, !topics.isEmpty,
            let title = draft.title
        else { return nil }
        return PlanTemplate(
            id: id, title: title, summary: draft.summary, extends: draft.extends?.id,
            appliesTo: draft.appliesTo.map { $0.map(\.text) } ?? appliesTo, topics: topics, source: draft.file
        )
    }

    /// The ids around the cycle that following `extends` from `id` enters, if it returns to `id`.
    private func cycle(from id: String) -> [String]? {
        var path = [id]
        var current = drafts[id]?.extends?.id
        while let next = current {
            if next == id { return path + [id] }
            if path.contains(next) { return nil }
            path.append(next)
            current = drafts[next]?.extends?.id
        }
        return nil
    }

    /// Base topics minus `remove`, with same-id topics merged and new ones appended.
    private func merge(_ draft: PlanDraft, over base: [TopicDraft], problems: inout Problems) -> [TopicDraft] {
        var topics = base
        // Only `remove` needs the topics' ids as a set (a large plan without it builds none).
        let ownIDs = draft.remove.isEmpty ? [] : Set(draft.topics.map(\.id))
        for (id, mark) in draft.remove where draft.extends != nil {
            if let index = topics.firstIndex(where: { $0.id == id }) {
                if ownIDs.contains(id) { problems.add(.removedAndRedefined(id, at: mark)) }
                topics.remove(at: index)
            } else {
                let suggestion = Suggestion.closest(to: id, in: topics.map(\.id))
                problems.add(.unknownRemovedTopic(id, base: draft.extends?.id ?? "", suggestion: suggestion, at: mark))
            }
        }
        guard !topics.isEmpty || !draft.remove.isEmpty else { return draft.topics }
        var index = Dictionary(topics.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let removed = Set(draft.remove.map(\.text))
        for topic in draft.topics where !removed.contains(topic.id) { // removed-and-redefined is reported above
            if let position = index[topic.id] {
                topics[position] = topic.merged(over: topics[position])
            } else {
                index[topic.id] = topics.count
                topics.append(topic)
            }
        }
        return topics
    }
}
