import Foundation

extension ProgramTypeHandle {
    /// True when the type is a plugin: its hooks wait for another process to answer.
    public var runsPlugin: Bool {
        if case .external = origin { return true }
        return false
    }

    /// Runs `work`, which may call this type's hooks, from async code. A plugin type's hooks block
    /// while the plugin answers (up to its time limit), and Swift's cooperative pool has one thread
    /// per core: so for a plugin type `work` runs on a thread of its own, and a slow or hanging
    /// plugin holds none of the threads other requests of a server need. A compiled type's work,
    /// which only computes, runs here without the hop.
    ///
    /// A new `Thread` per call, not a Dispatch queue: on Linux, Dispatch's worker threads are the
    /// ones Swift's executor runs tasks on, as many as there are cores, and Dispatch notices a
    /// blocked one only after a while; a thread costs tens of microseconds, a plugin's answer a
    /// millisecond or more.
    public func calling<Value: Sendable, Failure: Error>(_ work: @escaping @Sendable () throws(Failure) -> Value)
        async throws(Failure) -> Value
    {
        guard runsPlugin else { return try work() }
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result { () throws(Failure) in try work() }) }
            thread.name = "mentorkit.plugin-call"
            thread.start()
        }
        return try result.get()
    }
}
