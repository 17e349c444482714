import Diagnostics
import PlanYAML

/// A loaded program with the plans it uses, and every problem found on the way.
public struct ProgramLoadResult: Sendable {
    /// The program, when its file could be read far enough to build one (even with warnings).
    public var program: Program?
    /// The plans the program uses, resolved.
    public var plans: [PlanTemplate]
    /// Problems in the program file and in the user's own plan templates.
    public var diagnostics: [Diagnostic]
    /// The agenda builder the load checked the program with, when its type is known: commands
    /// use this one rather than building another (it keeps the shapes the check computed).
    public var builder: AgendaBuilder?

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A program file parsed once: its tree, or the problems that stopped parsing. A command reads
/// the `type:` from it (to start only that plugin) and hands it to `ProgramLoader.load(_:)`.
public struct ParsedProgram: Sendable {
    /// The file.
    public let source: PlanSource
    /// The document, when the file parsed and holds one.
    let root: Node?
    /// Why there is no document: unreadable, too large, a syntax error, or empty.
    let problems: [Diagnostic]

    /// The type id the file's `type:` names, when it has a readable one.
    public var typeID: String? { root?["type"]?.scalarText }

    /// Parses `source` within `limits`.
    public init(_ source: PlanSource, limits: Limits = .default) {
        self.source = source
        var problems = Problems(file: source.path)
        var root: Node?
        if let problem = source.problem {
            problems.add(problem)
        } else {
            do {
                root = try Parser.parse(source.text, limits: limits)
                if root == nil {
                    problems.add(.missingKey("program", owner: "the program file (it is empty)", at: Mark(line: 1, column: 1)))
                }
            } catch {
                problems.add(error)
            }
        }
        self.root = root
        self.problems = problems.diagnostics
    }
}

/// Reads a program file, resolves its plans and checks it with the engine's and its type's rules.
public struct ProgramLoader: Sendable {
    /// The program types available.
    public var registry: ProgramRegistry
    /// Parser limits.
    public var limits: Limits

    /// Creates a loader.
    public init(registry: ProgramRegistry, limits: Limits = .default) {
        self.registry = registry
        self.limits = limits
    }

    /// Loads `source`. Plans come from `localPlans` (the `Plans/` folder beside the program file)
    /// first, then from `shippedPlans`.
    public func load(_ source: PlanSource, localPlans: [PlanSource] = [], shippedPlans: [PlanSource] = []) -> ProgramLoadResult {
        load(ParsedProgram(source, limits: limits), localPlans: localPlans, shippedPlans: shippedPlans)
    }

    /// Loads a program file parsed already (one parse per command: the caller read its `type:`).
    public func load(_ parsed: ParsedProgram, localPlans: [PlanSource] = [], shippedPlans: [PlanSource] = []) -> ProgramLoadResult {
        let source = parsed.source
        var problems = Problems(file: source.path)
        guard let root = parsed.root else {
            return ProgramLoadResult(program: nil, plans: [], diagnostics: parsed.problems)
        }
        guard let draft = ProgramDraft(root: root, file: source.path, registry: registry, problems: &problems) else {
            return ProgramLoadResult(program: nil, plans: [], diagnostics: problems.diagnostics)
        }
        let planLoader = PlanLoader(limits: limits, programTypes: registry.ids)
        let (local, available) = planLoader.loadAvailable(localPlans, shipped: shippedPlans)
        let plans = resolvePlans(draft, available: available, problems: &problems)
        let program = draft.program
        var builder: AgendaBuilder?
        if let type = registry.type(program.type) {
            builder = validate(program, type: type, plans: plans, draft: draft, problems: &problems)
        }
        return ProgramLoadResult(program: program, plans: plans, diagnostics: local.diagnostics + problems.diagnostics, builder: builder)
    }

    // MARK: - Checks

    /// The program's plans plus the phase plans, checking each named plan exists and fits the type.
    private func resolvePlans(_ draft: ProgramDraft, available: [PlanTemplate], problems: inout Problems) -> [PlanTemplate] {
        var plans: [PlanTemplate] = []
        for (id, mark) in draft.planIDs {
            guard let plan = available.first(where: { $0.id == id }) else {
                let suggestion = Suggestion.closest(to: id, in: available.map(\.id))
                problems.add(
                    .error(
                        "'plans' names unknown plan '\(id)'" + didYouMean(suggestion)
                            + "; 'mentor plans list' shows the plans you can use", at: mark))
                continue
            }
            if !plan.applies(to: draft.program.type) {
                problems.add(
                    .warning(
                        "plan '\(id)' does not apply to '\(draft.program.type)' programs "
                            + "(see its 'applies-to'); its topics are left out", at: mark))
            }
            plans.append(plan)
        }
        for id in ProgramFormat.phasePlans where !plans.contains(where: { $0.id == id }) {
            if let plan = available.first(where: { $0.id == id }) { plans.append(plan) }
        }
        return plans
    }

    /// Checks `program`; returns the agenda builder it was checked with (kept for the command).
    private func validate(
        _ program: Program, type: ProgramTypeHandle, plans: [PlanTemplate], draft: ProgramDraft,
        problems: inout Problems
    ) -> AgendaBuilder {
        var builder = AgendaBuilder(program: program, plans: plans, type: type)
        do throws(ProgramTypeError) {
            for issue in try type.validate(program) { problems.add(issue) }
            for issue in try MeetingClashes.warnings(in: program, type: type) { problems.add(issue) }
            if let group = program.groups.first {
                let fixed = try builder.checkFixedMinutes(for: group)
                if fixed + 5 > program.meetingMinutes {
                    problems.add(
                        .error(
                            "'meeting-minutes' is \(program.meetingMinutes), but a '\(program.type)' meeting "
                                + "needs \(fixed) minutes for its fixed items and at least 5 for topics; "
                                + "allow \(fixed + 5) minutes or more", at: draft.marks.meetingMinutes))
                }
            }
        } catch {
            // A plugin that crashes, hangs or answers badly is reported at the program's 'type:'.
            problems.add(.error(error.description, at: draft.marks.type))
        }
        if Schedule.standard(for: program).count < 2 {
            problems.add(
                .error(
                    "a \(program.months)-month term with \(program.cadence) meetings has fewer than two "
                        + "meetings; lengthen 'months' or meet more often", at: draft.marks.cadence))
        }
        return builder
    }
}

func didYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean '\($0)'?" } ?? ""
}

extension Problems {
    mutating func add(_ issue: ProgramIssue) {
        diagnostics.append(Diagnostic(file: file, mark: issue.mark, severity: issue.severity, message: issue.message))
    }
}
