import PlanYAML

/// Runs one program type alone, without the command line or a progress store: load a program
/// file written for it and get its schedule and agendas. For testing a type.
public struct ProgramHarness: Sendable {
    /// The type under test.
    public let type: any ProgramType.Type
    /// Plans the program may use (usually the shipped ones).
    public let plans: [PlanSource]

    /// A harness for `type` with `plans` available.
    public init(type: any ProgramType.Type, plans: [PlanSource]) {
        self.type = type
        self.plans = plans
    }

    /// Loads `yaml` with a registry holding only the type under test.
    public func load(_ yaml: String, path: String = "program.yaml") -> ProgramLoadResult {
        let registry = (try? ProgramRegistry(types: [type])) ?? .empty
        return ProgramLoader(registry: registry).load(PlanSource(path: path, text: yaml), shippedPlans: plans)
    }

    /// Every agenda of every group, keyed by group id; `nil` when the program has errors.
    public func agendas(_ yaml: String, progress: GroupProgress = .none) -> [String: [Agenda]]? {
        let result = load(yaml)
        guard !result.hasErrors, let program = result.program else { return nil }
        let builder = AgendaBuilder(program: program, plans: result.plans, type: type)
        return Dictionary(uniqueKeysWithValues: program.groups.map { ($0.id, builder.agendas(for: $0, progress: progress)) })
    }
}
