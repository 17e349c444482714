/// Runs one program type alone, without the command line or a progress store: load a program
/// file written for it and get its schedule and agendas. For testing a type, compiled or external.
public struct ProgramHarness: Sendable {
    /// The type under test.
    public let type: ProgramTypeHandle
    /// Plans the program may use (usually the shipped ones).
    public let plans: [PlanSource]

    /// A harness for the compiled `type` with `plans` available.
    public init(type: any ProgramType.Type, plans: [PlanSource]) {
        self.init(handle: ProgramTypeHandle(type), plans: plans)
    }

    /// A harness for any registered type, e.g. an external plugin's handle.
    public init(handle: ProgramTypeHandle, plans: [PlanSource]) {
        self.type = handle
        self.plans = plans
    }

    /// Loads `yaml` with a registry holding only the type under test.
    public func load(_ yaml: String, path: String = "program.yaml") -> ProgramLoadResult {
        let registry = (try? ProgramRegistry(handles: [type])) ?? .empty
        return ProgramLoader(registry: registry).load(PlanSource(path: path, text: yaml), shippedPlans: plans)
    }

    /// Every agenda of every group, keyed by group id; `nil` when the program has errors.
    public func agendas(_ yaml: String, progress: GroupProgress = .none) throws(ProgramTypeError) -> [String: [Agenda]]? {
        let result = load(yaml)
        guard !result.hasErrors, let program = result.program else { return nil }
        let builder = AgendaBuilder(program: program, plans: result.plans, type: type)
        var agendas: [String: [Agenda]] = [:]
        for group in program.groups { agendas[group.id] = try builder.agendas(for: group, progress: progress) }
        return agendas
    }
}
