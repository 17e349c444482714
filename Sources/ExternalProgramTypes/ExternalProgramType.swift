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

    /// Asks the plugin at `path` to describe itself, one process for this one request; `fileID` is
    /// the id its file name gives.
    public static func describe(path: String, fileID: String, limits: PluginLimits) throws(ProgramTypeError) -> PluginProtocol.Described {
        let described = try call(
            path, type: fileID, hook: "describe", request: PluginProtocol.describeRequest(), cache: nil,
            send: { request throws(PluginError) in try PluginProcess.run(path, input: request, limits: limits) },
            read: PluginProtocol.described)
        guard described.description.id == fileID else {
            throw PluginError.idMismatch(fileID: fileID, described: described.description.id)
                .programTypeError(type: fileID, path: path, hook: "describe")
        }
        return described
    }

    /// A handle for the plugin at `path`, for one command: describes it, keeping the process when
    /// it speaks protocol 2, so that the command's requests all go to that one process.
    public static func handle(path: String, fileID: String, limits: PluginLimits = .fromEnvironment())
        throws(ProgramTypeError) -> ProgramTypeHandle
    {
        let pool = try PluginPool(path: path, fileID: fileID, configuration: .command(limits: limits))
        return handle(pool: pool, replies: .all)
    }

    /// A handle for a plugin already described: one process per request, whatever it speaks.
    public static func handle(path: String, described: PluginProtocol.Described, limits: PluginLimits) -> ProgramTypeHandle {
        let version = described.protocolVersion
        return handle(described: described, path: path, version: version, cache: ReplyCache()) { request throws(PluginError) in
            try PluginProcess.run(path, input: request, limits: limits)
        }
    }

    /// Which replies a handle keeps, to answer an identical request without asking the plugin.
    public enum ReplyCaching: Sendable, Equatable {
        /// None: every request goes to the plugin.
        case none
        /// Every reply, for the handle's life: right for a command.
        case all
        /// The most recent replies, at most this many: right for a server, whose pages ask the
        /// same requests again (a group's schedule, its agendas until something is recorded)
        /// but which must not keep every reply it ever had.
        case recent(Int)
    }

    /// A handle whose hooks go through `pool`, keeping the replies `replies` says.
    public static func handle(pool: PluginPool, replies: ReplyCaching = .none) -> ProgramTypeHandle {
        let cache: ReplyCache?
        switch replies {
        case .none: cache = nil
        case .all: cache = ReplyCache()
        case .recent(let count): cache = count > 0 ? ReplyCache(limit: count) : nil
        }
        return handle(described: pool.described, path: pool.path, version: pool.protocolVersion, cache: cache) {
            request throws(PluginError) in try pool.request(request)
        }
    }

    /// Wraps the hooks the plugin lists; `send` runs one request.
    private static func handle(
        described: PluginProtocol.Described, path: String, version: Int, cache replies: ReplyCache?,
        send: @escaping @Sendable (Data) throws(PluginError) -> PluginProcess.Output
    ) -> ProgramTypeHandle {
        let id = described.description.id
        @Sendable func call<Reply>(
            hook: String, request: Data,
            read: (Data, String) throws(PluginError) -> Reply
        ) throws(ProgramTypeError) -> Reply {
            try ExternalProgramType.call(path, type: id, hook: hook, request: request, cache: replies, send: send, read: read)
        }
        var hooks = ProgramTypeHandle.Hooks.defaults
        if described.hooks.contains("validate") {
            hooks.validate = { program throws(ProgramTypeError) in
                try call(hook: "validate", request: PluginProtocol.validateRequest(program, protocol: version)) {
                    data, stderr throws(PluginError) in try PluginProtocol.issues(data, stderr: stderr, program: program, version: version)
                }
            }
        }
        if described.hooks.contains("schedule") {
            hooks.schedule = { context throws(ProgramTypeError) in
                let request = PluginProtocol.scheduleRequest(group: context.group, program: context.program, protocol: version)
                return try call(hook: "schedule", request: request) {
                    data, stderr throws(PluginError) in try PluginProtocol.meetings(data, stderr: stderr, version: version)
                }
            }
        }
        if described.hooks.contains("agenda") {
            hooks.shapes = { contexts throws(ProgramTypeError) in
                guard !contexts.isEmpty else { return [] }
                return try call(hook: "agenda", request: PluginProtocol.agendaRequest(contexts, protocol: version)) {
                    data, stderr throws(PluginError) in
                    try PluginProtocol.shapes(data, stderr: stderr, contexts: contexts, version: version)
                }
            }
        }
        if described.hooks.contains("measures") {
            hooks.measures = { context throws(ProgramTypeError) in
                let request = PluginProtocol.measuresRequest(
                    group: context.group, agendas: context.agendas, state: context.state, program: context.program,
                    protocol: version)
                return try call(hook: "measures", request: request) {
                    data, stderr throws(PluginError) in try PluginProtocol.measures(data, stderr: stderr, version: version)
                }
            }
        }
        return ProgramTypeHandle(description: described.description, origin: .external(path: path), hooks: hooks)
    }

    /// Runs one request with `send` and reads the reply with `read`, naming the plugin and hook in
    /// any error. With a `cache`, a request already answered is not sent again.
    private static func call<Reply>(
        _ path: String, type: String, hook: String, request: Data, cache: ReplyCache?,
        send: (Data) throws(PluginError) -> PluginProcess.Output, read: (Data, String) throws(PluginError) -> Reply
    ) throws(ProgramTypeError) -> Reply {
        do {
            if let output = cache?.reply(to: request) { return try read(output.stdout, output.stderr) }
            let output = try send(request)
            let reply = try read(output.stdout, output.stderr)
            cache?.store(output, for: request)
            return reply
        } catch {
            throw error.programTypeError(type: type, path: path, hook: hook)
        }
    }
}

/// Replies a plugin gave, by request.
///
/// Loading a program checks the first group's meeting shapes, and the command then asks for the
/// same group's schedule and agenda again; a server's pages ask the same requests over and over.
/// Plugins must answer the same request the same way (agendas are deterministic), so a reply is
/// reused for an identical request. Requests are encoded with sorted keys, so equal requests are
/// equal bytes. Only good replies are kept; with a `limit`, the oldest go first.
final class ReplyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [Data: PluginProcess.Output] = [:]
    /// Requests in the order they were stored, from `oldest` on (only with a limit).
    private var order: [Data] = []
    private var oldest = 0
    private let limit: Int?

    /// A cache of every reply, or of the `limit` most recent ones.
    init(limit: Int? = nil) { self.limit = limit }

    func reply(to request: Data) -> PluginProcess.Output? { lock.withLock { replies[request] } }

    func store(_ output: PluginProcess.Output, for request: Data) {
        lock.withLock {
            guard replies.updateValue(output, forKey: request) == nil, let limit else { return }
            order.append(request)
            while replies.count > limit, oldest < order.count {
                replies[order[oldest]] = nil
                oldest += 1
            }
            if oldest > 1024, oldest * 2 > order.count { // drop the evicted keys now and then
                order.removeFirst(oldest)
                oldest = 0
            }
        }
    }

    /// How many replies are kept.
    var count: Int { lock.withLock { replies.count } }
}
