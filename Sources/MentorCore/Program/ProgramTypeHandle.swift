/// A registered program type as a value: its description and its hooks as stored closures.
///
/// Built-in and in-process plugin types keep writing the static `ProgramType` protocol; the
/// handle wraps their static functions in closures, which cost nothing noticeable on the agenda
/// path. A handle can also be made from closures that call something else, such as an external
/// executable found at run time (see the `ExternalProgramTypes` target). Hooks backed by a
/// process can fail, so every hook `throws(ProgramTypeError)`; hooks of compiled types never throw.
public struct ProgramTypeHandle: Sendable {
    /// Id, name, summary, roles and examples.
    public let description: ProgramTypeDescription
    /// Where the type comes from, for messages and `mentor programs`.
    public let origin: ProgramTypeOrigin
    private let hooks: Hooks

    /// The hooks, batched where an external type would otherwise need one call per item.
    public struct Hooks: Sendable {
        /// Checks every group of the program (one call for the whole program).
        public var validate: @Sendable (Program) throws(ProgramTypeError) -> [ProgramIssue]
        /// Lays out one group's meetings.
        public var schedule: @Sendable (GroupContext) throws(ProgramTypeError) -> [Meeting]
        /// Shapes every meeting of one group: one shape per context, in order.
        public var shapes: @Sendable ([AgendaContext]) throws(ProgramTypeError) -> [AgendaShape]
        /// The type's measures for one group (see `ProgramType.measures(context:)`).
        public var measures: @Sendable (MeasureContext) throws(ProgramTypeError) -> [Measure]

        /// Hooks from closures.
        public init(
            validate: @escaping @Sendable (Program) throws(ProgramTypeError) -> [ProgramIssue],
            schedule: @escaping @Sendable (GroupContext) throws(ProgramTypeError) -> [Meeting],
            shapes: @escaping @Sendable ([AgendaContext]) throws(ProgramTypeError) -> [AgendaShape],
            measures: @escaping @Sendable (MeasureContext) throws(ProgramTypeError) -> [Measure]
        ) {
            self.validate = validate
            self.schedule = schedule
            self.shapes = shapes
            self.measures = measures
        }

        /// Hooks that call a compiled type's static functions.
        init(_ type: any ProgramType.Type) {
            self.init(
                validate: { program in program.groups.flatMap { type.validate(context: GroupContext(program: program, group: $0)) } },
                schedule: { type.schedule(context: $0) },
                shapes: { contexts in contexts.map { type.shape(context: $0) } },
                measures: { type.measures(context: $0) })
        }

        /// The defaults every `ProgramType` starts from (the protocol extension's: no rules, the
        /// standard schedule and meeting shape, no measures). An external type uses them for hooks
        /// it doesn't implement.
        public static let defaults = Hooks(DefaultHooks.self)
    }

    /// A handle for a compiled `ProgramType`.
    public init(_ type: any ProgramType.Type) {
        description = type.description
        origin = .compiled
        hooks = Hooks(type)
    }

    /// A handle from a description and hooks, e.g. for a type found at run time.
    public init(description: ProgramTypeDescription, origin: ProgramTypeOrigin, hooks: Hooks) {
        self.description = description
        self.origin = origin
        self.hooks = hooks
    }

    /// The type's id.
    public var id: String { description.id }

    // MARK: - Hooks

    /// Issues in every group of `program`.
    public func validate(_ program: Program) throws(ProgramTypeError) -> [ProgramIssue] {
        try hooks.validate(program)
    }

    /// The group's meetings; throws when the answer is not a usable schedule.
    public func schedule(for group: ProgramGroup, in program: Program) throws(ProgramTypeError) -> [Meeting] {
        let meetings = try hooks.schedule(GroupContext(program: program, group: group))
        if let problem = Self.problem(in: meetings) {
            throw .unsoundAnswer(type: id, origin: origin, hook: "schedule", reason: "group '\(group.id)': " + problem)
        }
        return meetings
    }

    /// One shape per context; throws when the count doesn't match or a shape can't fit its meeting.
    public func shapes(for contexts: [AgendaContext]) throws(ProgramTypeError) -> [AgendaShape] {
        let shapes = try hooks.shapes(contexts)
        guard shapes.count == contexts.count else {
            throw .unsoundAnswer(
                type: id, origin: origin, hook: "agenda",
                reason: "\(contexts.count) meetings were asked for but \(shapes.count) shapes came back")
        }
        return shapes
    }

    /// The type's measures for `group`.
    public func measures(for group: ProgramGroup, agendas: [Agenda], state: GroupState?, in program: Program)
        throws(ProgramTypeError) -> [Measure]
    {
        try hooks.measures(MeasureContext(program: program, group: group, agendas: agendas, state: state))
    }

    /// What is wrong with a schedule, if anything: the engine relies on meetings numbered 1, 2, …
    /// in date order.
    static func problem(in meetings: [Meeting]) -> String? {
        guard !meetings.isEmpty else { return "the schedule has no meetings" }
        for (index, meeting) in meetings.enumerated() {
            if meeting.number != index + 1 {
                return "meeting \(index + 1) is numbered \(meeting.number); number meetings 1, 2, 3, … in order"
            }
            if index > 0, meeting.date < meetings[index - 1].date {
                return "meeting \(meeting.number) (\(meeting.date)) comes before meeting \(index) (\(meetings[index - 1].date)); "
                    + "list meetings in date order"
            }
        }
        return nil
    }
}

/// A type that implements no hook: what `Hooks.defaults` wraps, so the defaults are written once,
/// in the `ProgramType` extension.
private enum DefaultHooks: ProgramType {
    static let description = ProgramTypeDescription(
        id: "defaults", name: "The default hooks", summary: "Implements nothing.", roles: [], examples: [])
}

/// Where a program type comes from.
public enum ProgramTypeOrigin: Sendable, Equatable, CustomStringConvertible {
    /// Compiled into MentorKit: a built-in type or an in-process Swift plugin.
    case compiled
    /// An external executable, at this path.
    case external(path: String)

    /// "the built-in type" or "plugin 'plugins/mentor-program-flash'".
    public var description: String {
        switch self {
        case .compiled: return "the built-in type"
        case .external(let path): return "plugin '\(path)'"
        }
    }
}

/// A program type's hook failed or answered something the engine can't use.
public enum ProgramTypeError: Error, Equatable, CustomStringConvertible {
    /// An external plugin crashed, hung, or answered badly: `problem` says how (e.g. "timed out
    /// after 10 s"), `advice` what to do.
    case pluginFailed(type: String, path: String, hook: String, problem: String, advice: String)
    /// A hook's answer breaks the engine's rules, e.g. fixed items longer than the meeting.
    case unsoundAnswer(type: String, origin: ProgramTypeOrigin, hook: String, reason: String)

    public var description: String {
        switch self {
        case .pluginFailed(let type, let path, let hook, let problem, let advice):
            return "program type plugin '\(type)' (\(path)) \(problem) during '\(hook)'" + (advice.isEmpty ? "" : "; \(advice)")
        case .unsoundAnswer(let type, let origin, let hook, let reason):
            let source: String
            switch origin {
            case .compiled: source = "program type '\(type)'"
            case .external(let path): source = "program type plugin '\(type)' (\(path))"
            }
            return "\(source) gave an unusable answer to '\(hook)': \(reason)"
        }
    }
}
