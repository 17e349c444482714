import Diagnostics

/// A kind of mentoring program: one-to-one, reverse, circle, peer, or one an organization adds.
///
/// A program type is a small type with a static description and optional hooks; every hook has a
/// default, so a new type writes only what makes it different. Types register explicitly in a
/// `ProgramRegistry`; MentorCore never imports one.
///
/// Each hook takes one context value, as a SwiftNIO channel handler does: what a hook may look at
/// can grow (a new field in the context) without changing any type's code.
public protocol ProgramType: Sendable {
    /// Id, name, summary, roles and examples.
    static var description: ProgramTypeDescription { get }

    /// Checks who takes part in the context's group. Default: no type-specific rules.
    static func validate(context: GroupContext) -> [ProgramIssue]

    /// Lays out the group's meetings. Default: `Schedule.standard(for:in:)`.
    static func schedule(context: GroupContext) -> [Meeting]

    /// What the type adds to one meeting: fixed items before and after the plan topics, the
    /// facilitator and spotlight, and who leads mentor-, mentee- and joint topics.
    /// Default: `AgendaShape.standard(for:)`.
    static func shape(context: AgendaContext) -> AgendaShape

    /// The type's own progress measures. Without the context's `state` they describe the plan
    /// (all agendas); with it, what happened (agendas of meetings held, attendance). Default: none.
    static func measures(context: MeasureContext) -> [Measure]
}

/// The defaults: the only place they are written. `ProgramTypeHandle.Hooks.defaults` (what an
/// external type gets for a hook it does not implement) wraps this extension through a type that
/// implements nothing.
extension ProgramType {
    public static func validate(context: GroupContext) -> [ProgramIssue] { [] }

    public static func schedule(context: GroupContext) -> [Meeting] {
        Schedule.standard(for: context.group, in: context.program)
    }

    public static func shape(context: AgendaContext) -> AgendaShape { .standard(for: context) }

    public static func measures(context: MeasureContext) -> [Measure] { [] }
}

/// What `validate` and `schedule` look at: the program and one of its groups.
public struct GroupContext: Sendable {
    /// The program.
    public var program: Program
    /// The group.
    public var group: ProgramGroup

    /// Creates a context (the engine makes them; tests and plugin hosts may too).
    public init(program: Program, group: ProgramGroup) {
        self.program = program
        self.group = group
    }
}

/// What `measures` looks at: a group, its agendas and, once meetings were held, what happened.
public struct MeasureContext: Sendable {
    /// The program.
    public var program: Program
    /// The group.
    public var group: ProgramGroup
    /// The group's agendas: all of them when `state` is nil, else those of meetings held.
    public var agendas: [Agenda]
    /// What the journal says happened; nil when the measures describe the plan.
    public var state: GroupState?

    /// Creates a context (the engine makes them; tests and plugin hosts may too).
    public init(program: Program, group: ProgramGroup, agendas: [Agenda], state: GroupState?) {
        self.program = program
        self.group = group
        self.agendas = agendas
        self.state = state
    }
}

/// What a program type says about itself.
public struct ProgramTypeDescription: Sendable {
    /// Kebab-case id used in program files' `type:`.
    public var id: String
    /// Human name, e.g. "Group mentoring circle".
    public var name: String
    /// One or two sentences on when to use it.
    public var summary: String
    /// Who takes part and in what numbers.
    public var roles: [String]
    /// Example program files; a generic test runs every one.
    public var examples: [ProgramExample]
    /// How `mentor match` forms this type's groups; `nil` when the type doesn't match.
    public var matching: MatchingPolicy?
    /// When a group ends as people leave it. Default: at the first departure.
    public var continuity: GroupContinuity

    /// Creates a description.
    public init(
        id: String, name: String, summary: String, roles: [String], examples: [ProgramExample],
        matching: MatchingPolicy? = nil, continuity: GroupContinuity = .anyExit
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.roles = roles
        self.examples = examples
        self.matching = matching
        self.continuity = continuity
    }
}

/// An example program file for a type, with what loading it must produce.
public struct ProgramExample: Sendable {
    /// What the example shows.
    public var title: String
    /// A complete program file.
    public var yaml: String
    /// `nil` when the example is valid; otherwise the message of the error it must produce.
    public var expectedError: String?
    /// Where in `yaml` that error must point (line and column, from 1). Compiled types always
    /// state it; an external plugin may leave it out, and then only the message is checked.
    public var expectedMark: Mark?

    /// A valid example.
    public static func valid(_ title: String, _ yaml: String) -> ProgramExample {
        ProgramExample(title: title, yaml: yaml, expectedError: nil, expectedMark: nil)
    }

    /// An invalid example, the error message it must produce and where that error points
    /// (`line: 9, column: 5` for the group on line 9, from 1 as an editor counts).
    public static func invalid(_ title: String, _ yaml: String, error: String, line: Int, column: Int) -> ProgramExample {
        ProgramExample(title: title, yaml: yaml, expectedError: error, expectedMark: Mark(line: line, column: column))
    }

    /// An invalid example whose error position is not stated (an external plugin's, from a
    /// `describe` answer without `line` and `column`).
    public static func invalid(_ title: String, _ yaml: String, error: String) -> ProgramExample {
        ProgramExample(title: title, yaml: yaml, expectedError: error, expectedMark: nil)
    }
}

/// A problem a program type or the engine finds in a program file.
public struct ProgramIssue: Sendable, Equatable {
    /// Error or warning.
    public var severity: Diagnostic.Severity
    /// What is wrong and what to do.
    public var message: String
    /// Where.
    public var mark: Mark

    /// An error.
    public static func error(_ message: String, at mark: Mark) -> ProgramIssue {
        ProgramIssue(severity: .error, message: message, mark: mark)
    }

    /// A warning.
    public static func warning(_ message: String, at mark: Mark) -> ProgramIssue {
        ProgramIssue(severity: .warning, message: message, mark: mark)
    }
}

/// A progress measure a program type reports, e.g. spotlight turns per mentee.
public struct Measure: Sendable, Equatable, Codable {
    /// What is measured.
    public var name: String
    /// The value, formatted for people.
    public var value: String

    /// Creates a measure.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

// MARK: - Registry

/// The program types available to the engine. Immutable once made.
///
/// The registry holds `ProgramTypeHandle` values rather than metatypes, so a type found at run
/// time (an external plugin) registers the same way as one compiled in.
public struct ProgramRegistry: Sendable {
    /// The registered types, in registration order.
    public let types: [ProgramTypeHandle]

    /// Registers compiled-in `types`; throws on a malformed or duplicate id.
    public init(types: [any ProgramType.Type]) throws(RegistryError) {
        try self.init(handles: types.map(ProgramTypeHandle.init))
    }

    /// Registers `handles`; throws on a malformed id, or an id registered twice (naming both
    /// origins when one of them is an external plugin).
    public init(handles: [ProgramTypeHandle]) throws(RegistryError) {
        var seen: [String: ProgramTypeOrigin] = [:]
        for handle in handles {
            let id = handle.id
            guard PlanFormat.isValidID(id) else { throw .malformedID(id) }
            if let first = seen[id] {
                if first == .compiled, handle.origin == .compiled { throw .duplicateID(id) }
                throw .clash(id, first: first, second: handle.origin)
            }
            seen[id] = handle.origin
        }
        self.types = handles
    }

    /// A registry with these types and then `handles`; the same checks apply.
    public func adding(_ handles: [ProgramTypeHandle]) throws(RegistryError) -> ProgramRegistry {
        try ProgramRegistry(handles: types + handles)
    }

    /// A registry with no types.
    public static var empty: ProgramRegistry { ProgramRegistry(checked: []) }

    private init(checked types: [ProgramTypeHandle]) { self.types = types }

    /// Ids of every registered type.
    public var ids: [String] { types.map(\.id) }

    /// The type with `id`, if registered.
    public func type(_ id: String) -> ProgramTypeHandle? {
        types.first { $0.id == id }
    }
}

/// Why a registry can't be made.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    case malformedID(String)
    case duplicateID(String)
    /// Two types of different origins claim one id, e.g. a plugin named like a built-in type.
    case clash(String, first: ProgramTypeOrigin, second: ProgramTypeOrigin)

    public var description: String {
        switch self {
        case .malformedID(let id): return "program type id '\(id)' is not lowercase words joined by '-'"
        case .duplicateID(let id): return "program type id '\(id)' is registered twice"
        case .clash(let id, let first, let second):
            return "program type id '\(id)' is claimed twice: by \(first) and by \(second); "
                + "rename the plugin (its file is 'mentor-program-ID') or remove one of them"
        }
    }
}
