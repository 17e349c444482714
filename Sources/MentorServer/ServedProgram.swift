import MentorCore
import MentorStore

/// One program the server serves: the loaded program, its plans and agenda builder, and the
/// journal its progress is recorded in.
public struct ServedProgram: Sendable {
    /// The program as loaded from its file.
    public let program: Program
    /// The plans it uses.
    public let plans: [PlanTemplate]
    /// Builds its agendas (the same builder as `mentor agenda`).
    public let builder: AgendaBuilder
    /// Records and reads its progress (the same code as the CLI's commands).
    public let journal: ProgramJournal
    /// Which version of the program file this is (its SHA-256 when served from a file): what
    /// was made from an older version (a cached report) is made again.
    public internal(set) var version = ""

    /// Serves `program`, recording into `journal`.
    public init(program: Program, plans: [PlanTemplate], builder: AgendaBuilder, journal: any Journal) {
        self.program = program
        self.plans = plans
        self.builder = builder
        self.journal = ProgramJournal(program: program, plans: plans, builder: builder, journal: journal)
    }
}

extension ServedProgram {
    /// Runs `work`, which may ask the program type's plugin and wait for the answer, off the
    /// cooperative threads when the type is a plugin (`ProgramTypeHandle.calling`).
    func callingType<T: Sendable>(_ work: @escaping @Sendable () throws(ProgramTypeError) -> T) async throws(ProgramTypeError) -> T {
        try await builder.type.calling(work)
    }

    /// The group's schedule with `changes` (see `callingType`).
    func schedule(for group: ProgramGroup, changes: [Int: MeetingChanges] = [:]) async throws(ProgramTypeError) -> [Meeting] {
        let builder = builder
        return try await callingType { () throws(ProgramTypeError) in try builder.schedule(for: group, changes: changes) }
    }

    /// The group's agendas with `progress` (see `callingType`).
    func agendas(for group: ProgramGroup, progress: GroupProgress = .none) async throws(ProgramTypeError) -> [Agenda] {
        let builder = builder
        return try await callingType { () throws(ProgramTypeError) in try builder.agendas(for: group, progress: progress) }
    }
}

/// What a signed-in person may do with a group.
enum GroupRole: Hashable, Sendable {
    /// A member of the group, as the person with this id.
    case member(String)
    /// A coordinator of the group's program: sees it without private notes, records nothing.
    case coordinator(String)
}

/// Who is signed in: the email of the session, and who that address is in each program served.
struct Visitor: Sendable, Equatable {
    /// The address the session was started for.
    var email: String
    /// The session token's hash (for signing out and for the CSRF token).
    var sessionKey: String
    /// The CSRF token every form of this session carries.
    var csrf: String

    /// The role the visitor has for `group` of `served`, or nil (the group is then "not found").
    func role(in served: ServedProgram, group: ProgramGroup) -> GroupRole? {
        if let person = served.program.person(email: email), group.members.contains(person.id) { return .member(person.id) }
        if let coordinator = served.program.coordinator(email: email) { return .coordinator(coordinator.id) }
        return nil
    }

    /// The name to greet the visitor by: their name in the first program that lists them.
    func name(in programs: [ServedProgram]) -> String {
        for served in programs {
            if let person = served.program.person(email: email) { return person.name }
            if let coordinator = served.program.coordinator(email: email) { return coordinator.name }
        }
        return email
    }
}
