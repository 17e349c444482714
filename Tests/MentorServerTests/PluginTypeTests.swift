import BuiltInProgramTypes
import ExternalProgramTypes
import Foundation
import MentorCore
import Synchronization
import TestSupport
import Testing

@testable import MentorServer

/// A program whose type is a plugin, served the way `mentor serve` serves it: through the
/// server's `PluginPools`, so that pages come from one long-lived plugin process.
@Suite(.serialized)
struct PluginTypeTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A copy of the example flash plugin in a folder of its own (so that its processes can be
    /// told from other tests'), and the flash program with emails to sign in with.
    static func flash() throws -> (plugin: PluginDiscovery.Candidate, program: String) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "mentorkit-flash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let plugin = folder.appending(path: "mentor-program-flash").path
        try FileManager.default.copyItem(
            atPath: packageRoot.appending(path: "Plugins/Examples/flash/plugins/mentor-program-flash").path,
            toPath: plugin)
        let program = try String(contentsOf: packageRoot.appending(path: "Plugins/Examples/flash/flash.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: Noor Aziz,", with: "name: Noor Aziz, email: noor.aziz@example.org,")
            .replacingOccurrences(of: "name: Leo Brandt,", with: "name: Leo Brandt, email: leo.brandt@example.org,")
        return (PluginDiscovery.Candidate(id: "flash", path: plugin, place: "PATH"), program)
    }

    /// False where a test can't run (recording an issue when CI requires python3): without
    /// python3 (the plugin is a Python script), or, for a test that lists processes, without /proc.
    static func canRun(listingProcesses: Bool) -> Bool {
        guard Required.pythonRuns else {
            #expect(!Required.python, "python3 is required here")
            return false
        }
        #if os(Linux)
            return true
        #else
            return !listingProcesses
        #endif
    }

    /// The ids of running processes whose command line names `path`.
    static func processes(running path: String) throws -> [Int32] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            return String(decoding: line, as: UTF8.self).split(separator: "\0").contains { $0 == path } ? pid : nil
        }
    }

    @Test("group pages of a plugin type come from one long-lived process; a killed one is restarted; a reload keeps the pool")
    func pagesThroughThePool() async throws {
        guard Self.canRun(listingProcesses: true) else { return }
        let (candidate, text) = try Self.flash()
        // Every request reaches the plugin here (no replies kept), to see its processes at work.
        let pools = PluginPools(recentReplies: 0) { _ in
            PluginPool.Configuration(processes: 2, idleTimeout: nil, limits: PluginLimits(timeout: 20))
        }
        defer { pools.shutdown() }
        // As `mentor serve` loads a program file, on start and after every change: the type's
        // handle from the pools, so that a reload finds the pool already running.
        let loads = LoadCounter()
        let fixture = try ServerFixture(examples: [], programs: ["flash": text]) {
            loads.add()
            return [try pools.handle(for: candidate)]
        }
        let id = try #require(fixture.programs.first?.program.id)
        let page = "/programs/\(id)/groups/aziz-brandt"
        try await fixture.test { client in
            let (cookie, _) = try await client.signIn("leo.brandt@example.org")
            for _ in 0..<5 {
                let shown = try await client.get(page, cookies: cookie)
                #expect(shown.status == .ok)
                #expect(shown.body.contains("Focus: presenting to council"), "the plugin's agenda item is on the page")
            }
            let running = try Self.processes(running: candidate.path)
            #expect(running.count == 1, "one plugin process served every page: \(running)")
            #expect(pools.statistics[candidate.path]?.started == 1)

            // The plugin dies between requests: the next page starts another and is served.
            let first = try #require(running.first)
            kill(first, SIGKILL)
            for _ in 0..<100 where (try Self.processes(running: candidate.path)).contains(first) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let after = try await client.get(page, cookies: cookie)
            #expect(after.status == .ok && after.body.contains("Focus: presenting to council"))
            #expect(pools.statistics[candidate.path]?.started == 2)

            // The program file changes (a match accepted elsewhere): read again, same pool, no new process.
            let path = fixture.file("flash")
            try (text + "\n# edited\n").write(toFile: path, atomically: true, encoding: .utf8)
            let edited = try await client.get(page, cookies: cookie)
            #expect(edited.status == .ok && edited.body.contains("Focus: presenting to council"))
            #expect(loads.count == 2, "the edited file was read again")
            #expect(pools.statistics[candidate.path]?.started == 2)
            #expect(try Self.processes(running: candidate.path).count == 1)
        }
        pools.shutdown()
        for _ in 0..<100 where !(try Self.processes(running: candidate.path)).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        #expect(try Self.processes(running: candidate.path).isEmpty, "shutdown() ends the plugin's processes")
    }

    @Test("a slow plugin holds none of the threads other pages need: a built-in program's page is served meanwhile")
    func slowPluginBlocksNothing() async throws {
        guard Self.canRun(listingProcesses: false) else { return }
        let (candidate, text) = try Self.flash()
        // Every agenda request now takes 1.5 s: three pages at once keep both plugin processes busy
        // and a third request waiting, more requests than the cooperative pool has threads here.
        let script = try String(contentsOfFile: candidate.path, encoding: .utf8)
            .replacingOccurrences(of: "def agenda(request):\n", with: "def agenda(request):\n    import time; time.sleep(1.5)\n")
        try script.write(toFile: candidate.path, atomically: true, encoding: .utf8)
        #expect(chmod(candidate.path, 0o755) == 0)
        let pools = PluginPools(recentReplies: 0) { _ in
            PluginPool.Configuration(processes: 2, idleTimeout: nil, limits: PluginLimits(timeout: 20))
        }
        defer { pools.shutdown() }
        let fixture = try ServerFixture(examples: ["one-to-one"], programs: ["flash": text]) { [try pools.handle(for: candidate)] }
        try await fixture.test { client in
            let (leo, _) = try await client.signIn("leo.brandt@example.org")
            let (sam, _) = try await client.signIn("sam.lin@example.org")
            let done = Finishes()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<(ProcessInfo.processInfo.activeProcessorCount + 1) {
                    group.addTask {
                        let page = try await client.get("/programs/flash/groups/aziz-brandt", cookies: leo)
                        #expect(page.status == .ok)
                        done.add("flash \(index)")
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(300))
                    let page = try await client.get("/programs/one-to-one/groups/ruiz-lin", cookies: sam)
                    #expect(page.status == .ok)
                    done.add("one-to-one")
                }
                try await group.waitForAll()
            }
            let order = done.order
            #expect(order.first == "one-to-one", "the built-in program's page waited for the plugin: \(order)")
        }
    }

    @Test(
        "a plugin that may not be started again: the page is a 503 that says so, the home page says why its meeting is missing, the log says why"
    )
    func refusedPlugin() async throws {
        guard Self.canRun(listingProcesses: true) else { return }
        let (candidate, text) = try Self.flash()
        let refuse = candidate.folder + "/refuse"
        let pools = PluginPools(recentReplies: 0) { _ in
            PluginPool.Configuration(processes: 1, idleTimeout: nil, limits: PluginLimits(timeout: 20)) { path in
                FileManager.default.fileExists(atPath: refuse) ? "'\(path)' has changed since it was trusted" : nil
            }
        }
        defer { pools.shutdown() }
        let fixture = try ServerFixture(examples: [], programs: ["flash": text]) { [try pools.handle(for: candidate)] }
        let log = LogLines()
        try await fixture.test(log: log) { client in
            let (cookie, _) = try await client.signIn("leo.brandt@example.org")
            #expect(try await client.get("/programs/flash/groups/aziz-brandt", cookies: cookie).status == .ok)
            _ = FileManager.default.createFile(atPath: refuse, contents: nil)
            for pid in try Self.processes(running: candidate.path) { kill(pid, SIGKILL) }
            for _ in 0..<100 where !(try Self.processes(running: candidate.path)).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            let page = try await client.get("/programs/flash/groups/aziz-brandt", cookies: cookie)
            #expect(page.status == .serviceUnavailable)
            #expect(page.body.contains("add-on that is not working right now"))
            #expect(!page.body.contains(candidate.path), "the page names no file")
            #expect(log.all.contains { $0.contains("has changed since it was trusted") }, "\(log.all)")
            // The home page still shows the group, saying why its next meeting is missing.
            let home = try await client.get("/", cookies: cookie)
            #expect(home.status == .ok)
            #expect(home.body.contains("aziz-brandt") && home.body.contains("Your next meeting can't be shown right now"))
            #expect(!home.body.contains("Next meeting"), "no next meeting is made up")
            #expect(log.all.contains { $0.contains("GET /: the next meeting can't be shown") }, "\(log.all)")
        }
    }

    @Test("a page viewed again is answered from the replies kept, without the plugin; a recorded action asks it anew")
    func repliesKept() async throws {
        guard Self.canRun(listingProcesses: true) else { return }
        let (candidate, text) = try Self.flash()
        let pools = PluginPools { _ in PluginPool.Configuration(processes: 1, idleTimeout: nil, limits: PluginLimits(timeout: 20)) }
        defer { pools.shutdown() }
        let fixture = try ServerFixture(examples: [], programs: ["flash": text]) { [try pools.handle(for: candidate)] }
        let page = "/programs/flash/groups/aziz-brandt"
        try await fixture.test { client in
            let (cookie, _) = try await client.signIn("leo.brandt@example.org")
            #expect(try await client.get(page, cookies: cookie).status == .ok)
            // With the plugin gone, the same page is still whole: every request it makes was answered before.
            for pid in try Self.processes(running: candidate.path) { kill(pid, SIGKILL) }
            for _ in 0..<100 where !(try Self.processes(running: candidate.path)).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            let again = try await client.get(page, cookies: cookie)
            #expect(again.status == .ok && again.body.contains("Focus: presenting to council"))
            #expect(pools.statistics[candidate.path]?.started == 1, "no process was started for a page seen before")
            // An open action changes the agenda request: the plugin is asked again (a new process).
            let served = try #require(fixture.programs.first)
            let group = try #require(served.program.group("aziz-brandt"))
            _ = try await served.journal.addAction(
                group: group, text: "Draft the council slides", due: CalendarDate("2027-04-09"),
                date: CalendarDate("2027-04-05"))
            let changed = try await client.get(page, cookies: cookie)
            #expect(changed.status == .ok && changed.body.contains("Draft the council slides"))
            #expect(pools.statistics[candidate.path]?.started == 2)
        }
    }

    @Test("a plugin's file that changes gets a new pool; the same content keeps the one running")
    func poolPerContent() throws {
        guard Self.canRun(listingProcesses: false) else { return }
        let (candidate, _) = try Self.flash()
        let pools = PluginPools { _ in PluginPool.Configuration(processes: 1, idleTimeout: nil, limits: PluginLimits(timeout: 20)) }
        defer { pools.shutdown() }
        let first = try pools.pool(for: candidate)
        #expect(try pools.pool(for: candidate) === first)
        let script = try String(contentsOfFile: candidate.path, encoding: .utf8)
        try (script + "\n# changed\n").write(toFile: candidate.path, atomically: true, encoding: .utf8)
        #expect(chmod(candidate.path, 0o755) == 0)
        let second = try pools.pool(for: candidate)
        #expect(second !== first)
        #expect(try pools.pool(for: candidate) === second)
        pools.shutdown()
        #expect(second.hasShutDown)
        #expect(throws: PluginError.self) { try second.request(Data(#"{"protocol":2,"request":"schedule"}"#.utf8)) }
    }
}

/// Counts program loads, from the catalog's threads.
final class LoadCounter: Sendable {
    private let value = Mutex<Int>(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// Which request finished when, from concurrent tasks.
final class Finishes: Sendable {
    private let finished = Mutex<[(String, Date)]>([])
    func add(_ name: String) { finished.withLock { $0.append((name, Date())) } }
    /// The names, first finished first.
    var order: [String] { finished.withLock { $0 }.sorted { $0.1 < $1.1 }.map(\.0) }
}
