import Foundation
import MentorCore

/// A program type implemented by an executable `mentor-program-ID` that speaks `PluginProtocol`.
///
/// `handle(...)` asks the plugin to describe itself and returns a `ProgramTypeHandle` whose hooks
/// run the plugin; the engine then treats it like a built-in type. Hooks the plugin doesn't list
/// in `describe` use the defaults without starting it. Every reply is read strictly, and the
/// engine checks what it gets (schedules numbered in date order, shapes that fit their meeting).
public enum ExternalProgramType {
    /// The file-name prefix of a plugin: `mentor-program-flash` is the type `flash`.
    public static let prefix = "mentor-program-"

    /// Asks the plugin at `path` to describe itself; `fileID` is the id its file name gives.
    public static func describe(path: String, fileID: String, limits: PluginLimits) throws(ProgramTypeError) -> PluginProtocol.Described {
        let described = try call(path, type: fileID, hook: "describe", request: PluginProtocol.describeRequest(),
                                 limits: limits, read: PluginProtocol.described)
        guard described.description.id == fileID else {
            throw PluginError.idMismatch(fileID: fileID, described: described.description.id)
                .programTypeError(type: fileID, path: path, hook: "describe")
        }
        return described
    }

    /// A handle for the plugin at `path`: describes it, then wraps its hooks.
    public static func handle(path: String, fileID: String, limits: PluginLimits = .fromEnvironment())
        throws(ProgramTypeError) -> ProgramTypeHandle {
        let described = try describe(path: path, fileID: fileID, limits: limits)
        return handle(path: path, described: described, limits: limits)
    }

    /// A handle for a plugin already described.
    public static func handle(path: String, described: PluginProtocol.Described, limits: PluginLimits) -> ProgramTypeHandle {
        let id = described.description.id
        let replies = ReplyCache()
        @Sendable func call<Reply>(_ path: String, type: String, hook: String, request: Data, limits: PluginLimits,
                         read: (Data, String) throws(PluginError) -> Reply) throws(ProgramTypeError) -> Reply {
            try ExternalProgramType.call(path, type: type, hook: hook, request: request, limits: limits, cache: replies, read: read)
        }
        var hooks = ProgramTypeHandle.Hooks.defaults
        if described.hooks.contains("validate") {
            hooks.validate = { program throws(ProgramTypeError) in
                try call(path, type: id, hook: "validate", request: PluginProtocol.validateRequest(program), limits: limits) {
                    data, stderr throws(PluginError) in try PluginProtocol.issues(data, stderr: stderr, program: program)
                }
            }
        }
        if described.hooks.contains("schedule") {
            hooks.schedule = { group, program throws(ProgramTypeError) in
                try call(path, type: id, hook: "schedule", request: PluginProtocol.scheduleRequest(group: group, program: program),
                         limits: limits, read: PluginProtocol.meetings)
            }
        }
        if described.hooks.contains("agenda") {
            hooks.shapes = { contexts throws(ProgramTypeError) in
                guard !contexts.isEmpty else { return [] }
                return try call(path, type: id, hook: "agenda", request: PluginProtocol.agendaRequest(contexts), limits: limits) {
                    data, stderr throws(PluginError) in try PluginProtocol.shapes(data, stderr: stderr, contexts: contexts)
                }
            }
        }
        if described.hooks.contains("measures") {
            hooks.measures = { group, agendas, state, program throws(ProgramTypeError) in
                let request = PluginProtocol.measuresRequest(group: group, agendas: agendas, state: state, program: program)
                return try call(path, type: id, hook: "measures", request: request, limits: limits, read: PluginProtocol.measures)
            }
        }
        return ProgramTypeHandle(description: described.description, origin: .external(path: path), hooks: hooks)
    }

    /// Runs one request and reads the reply with `read`, naming the plugin and hook in any error.
    /// With a `cache`, a request already answered is not sent again.
    private static func call<Reply>(
        _ path: String, type: String, hook: String, request: Data, limits: PluginLimits, cache: ReplyCache? = nil,
        read: (Data, String) throws(PluginError) -> Reply
    ) throws(ProgramTypeError) -> Reply {
        do {
            if let output = cache?.reply(to: request) { return try read(output.stdout, output.stderr) }
            let output = try PluginProcess.run(path, input: request, limits: limits)
            let reply = try read(output.stdout, output.stderr)
            cache?.store(output, for: request)
            return reply
        } catch {
            throw error.programTypeError(type: type, path: path, hook: hook)
        }
    }
}

/// Replies a plugin gave during this run, by request.
///
/// Loading a program checks the first group's meeting shapes, and the command then asks for the
/// same group's schedule and agenda again; each costs a process start (about 80 ms for Python).
/// Plugins must answer the same request the same way (agendas are deterministic), so a reply is
/// reused for an identical request. Requests are encoded with sorted keys, so equal requests are
/// equal bytes. Only good replies are kept.
final class ReplyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [Data: PluginProcess.Output] = [:]

    func reply(to request: Data) -> PluginProcess.Output? { lock.withLock { replies[request] } }

    func store(_ output: PluginProcess.Output, for request: Data) { lock.withLock { replies[request] = output } }
}
