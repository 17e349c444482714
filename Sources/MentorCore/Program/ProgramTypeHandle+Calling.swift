import Dispatch

extension ProgramTypeHandle {
    /// True when the type is a plugin: its hooks wait for another process to answer.
    public var runsPlugin: Bool {
        if case .external = origin { return true }
        return false
    }

    /// Runs `work`, which may call this type's hooks, from async code. A plugin type's hooks block
    /// while the plugin answers (up to its time limit), and Swift's cooperative pool has one thread
    /// per core: so for a plugin type `work` runs on a Dispatch thread, and a slow or hanging plugin
    /// holds none of the threads other requests of a server need. A compiled type's work, which
    /// only computes, runs here without the hop.
    public func calling<Value: Sendable, Failure: Error>(_ work: @escaping @Sendable () throws(Failure) -> Value)
        async throws(Failure) -> Value {
        guard runsPlugin else { return try work() }
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            pluginCalls.async { continuation.resume(returning: Result { () throws(Failure) in try work() }) }
        }
        return try result.get()
    }
}

/// Where plugin calls wait: a queue of its own, whose threads Dispatch adds as these block,
/// rather than the cooperative pool's.
private let pluginCalls = DispatchQueue(label: "mentorkit.plugin-calls", attributes: .concurrent)
