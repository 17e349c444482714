import PlanYAML

/// A loaded program with the plans it uses, and every problem found on the way.
public struct ProgramLoadResult: Sendable {
    /// The program, when its file could be read far enough to build one (even with warnings).
    public var program: Program?
    /// The plans the program uses, resolved.
    public var plans: [PlanTemplate]
    /// Problems in the program file and in the user's own plan templates.
    public var diagnostics: [Diagnostic]

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
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
        var problems = Problems(file: source.path)
        let root: Node
        if let problem = source.problem {
            problems.add(problem)
            return ProgramLoadResult(program: nil, plans: [], diagnostics: problems.diagnostics)
        }
        do {
            guard let document = try Parser.parse(source.text, limits: limits) else {
                problems.add(.missingKey("program", owner: "the program file (it is empty)", at: Mark(line: 1, column: 1)))
                return ProgramLoadResult(program: nil, plans: [], diagnostics: problems.diagnostics)
            }
            root = document
        } catch {
            problems.add(error)
            return ProgramLoadResult(program: nil, plans: [], diagnostics: problems.diagnostics)
        }
        guard let draft = ProgramDraft(root: root, file: source.path, registry: registry, problems: &problems) else {
            return ProgramLoadResult(program: nil, plans: [], diagnostics: problems.diagnostics)
        }
        let planLoader = PlanLoader(limits: limits, programTypes: registry.ids)
        let local = planLoader.load(localPlans, fallback: shippedPlans)
        let shipped = planLoader.load(shippedPlans)
        let available = local.plans + shipped.plans.filter { plan in !local.plans.contains { $0.id == plan.id } }
        let plans = resolvePlans(draft, available: available, problems: &problems)
        let program = draft.program
        if let type = registry.type(program.type) {
            validate(program, type: type, plans: plans, draft: draft, problems: &problems)
        }
        return ProgramLoadResult(program: program, plans: plans, diagnostics: local.diagnostics + problems.diagnostics)
    }

    // MARK: - Checks

    /// The program's plans plus the phase plans, checking each named plan exists and fits the type.
    private func resolvePlans(_ draft: ProgramDraft, available: [PlanTemplate], problems: inout Problems) -> [PlanTemplate] {
        var plans: [PlanTemplate] = []
        for (id, mark) in draft.planIDs {
            guard let plan = available.first(where: { $0.id == id }) else {
                let suggestion = Suggestion.closest(to: id, in: available.map(\.id))
                problems.add(.error("'plans' names unknown plan '\(id)'" + didYouMean(suggestion)
                    + "; 'mentor plans list' shows the plans you can use", at: mark))
                continue
            }
            if !plan.applies(to: draft.program.type) {
                problems.add(.warning("plan '\(id)' does not apply to '\(draft.program.type)' programs "
                    + "(see its 'applies-to'); its topics are left out", at: mark))
            }
            plans.append(plan)
        }
        for id in ProgramFormat.phasePlans where !plans.contains(where: { $0.id == id }) {
            if let plan = available.first(where: { $0.id == id }) { plans.append(plan) }
        }
        return plans
    }

    private func validate(
        _ program: Program, type: ProgramTypeHandle, plans: [PlanTemplate], draft: ProgramDraft,
        problems: inout Problems
    ) {
        do throws(ProgramTypeError) {
            for issue in try type.validate(program) { problems.add(issue) }
            for issue in try MeetingClashes.warnings(in: program, type: type) { problems.add(issue) }
            let builder = AgendaBuilder(program: program, plans: plans, type: type)
            if let group = program.groups.first {
                let fixed = try builder.fixedMinutes(for: group)
                if fixed + 5 > program.meetingMinutes {
                    problems.add(.error("'meeting-minutes' is \(program.meetingMinutes), but a '\(program.type)' meeting "
                        + "needs \(fixed) minutes for its fixed items and at least 5 for topics; "
                        + "allow \(fixed + 5) minutes or more", at: draft.marks.meetingMinutes))
                }
            }
        } catch {
            // A plugin that crashes, hangs or answers badly is reported at the program's 'type:'.
            problems.add(.error(error.description, at: draft.marks.type))
        }
        if Schedule.standard(for: program).count < 2 {
            problems.add(.error("a \(program.months)-month term with \(program.cadence) meetings has fewer than two "
                + "meetings; lengthen 'months' or meet more often", at: draft.marks.cadence))
        }
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
