import Foundation
import MentorCore

/// External types described and ready to register, and the ones that failed.
public struct ExternalTypes: Sendable {
    /// One handle per plugin that described itself.
    public var handles: [ProgramTypeHandle] = []
    /// Plugins that failed to describe themselves, with the error.
    public var failures: [(candidate: PluginDiscovery.Candidate, error: ProgramTypeError)] = []

    /// Describes every candidate (one process each, at the same time); a failure is recorded,
    /// never thrown. Results keep the candidates' order.
    ///
    /// One thread per plugin rather than Dispatch's pool: each call mostly waits (for a process
    /// that may hang until the time limit), and the pool is as wide as the machine has cores, so
    /// three hanging plugins on two cores would take two time limits instead of one.
    public init(_ candidates: [PluginDiscovery.Candidate], limits: PluginLimits = .fromEnvironment()) {
        self.init(candidates) { candidate throws(ProgramTypeError) in
            try ExternalProgramType.handle(path: candidate.path, fileID: candidate.id, limits: limits)
        }
    }

    /// Makes each candidate's handle with `make` (a server's `PluginPools.handle(for:)`), the
    /// same way: at the same time, failures recorded, never thrown.
    public init(
        _ candidates: [PluginDiscovery.Candidate],
        make: @escaping @Sendable (PluginDiscovery.Candidate) throws(ProgramTypeError) -> ProgramTypeHandle
    ) {
        let results = Results(count: candidates.count)
        let done = DispatchGroup()
        let slots = DispatchSemaphore(value: Self.atOnce)
        for (index, candidate) in candidates.enumerated() {
            done.enter()
            Thread {
                slots.wait()
                defer {
                    slots.signal()
                    done.leave()
                }
                results.set(index, Result { () throws(ProgramTypeError) in try make(candidate) })
            }.start()
        }
        done.wait()
        for (candidate, result) in zip(candidates, results.all) {
            switch result {
            case .success(let handle): handles.append(handle)
            case .failure(let error): failures.append((candidate, error))
            case nil: break // unreachable: every thread sets its slot before leaving the group
            }
        }
    }
}

extension ExternalTypes {
    /// Plugins described at the same time, at most: a long PATH of plugins shouldn't start
    /// dozens of processes and threads at once.
    static let atOnce = 8
}

/// One result slot per plugin, filled from several threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<ProgramTypeHandle, ProgramTypeError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<ProgramTypeHandle, ProgramTypeError>) { lock.withLock { slots[index] = result } }

    var all: [Result<ProgramTypeHandle, ProgramTypeError>?] { lock.withLock { slots } }
}
