import Foundation
import Hummingbird
import Logging
import MentorCore
import Synchronization
import TestSupport
import Testing

@testable import MentorServer

/// Servers read a program file again when it changes: what one server (or a coordinator's editor)
/// writes, every server sharing the folder serves from its next request.
struct ProgramCatalogTests {
    @Test("a changed program file is served from the next request; a broken one keeps the last good version")
    func reload() async throws {
        let fixture = try ServerFixture()
        let path = fixture.file("one-to-one")
        try await fixture.test { client in
            let coordinator = try await client.signIn("pat.quinn@example.org")
            #expect(try await client.get("/programs/one-to-one/groups/lin-okafor", cookies: coordinator.cookie).status == .notFound)
            // Another server accepts a match: the file gains a group (written whole, as AtomicFile does).
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let added = text.replacingOccurrences(of: "groups:\n", with: "groups:\n  - { id: lin-okafor, mentor: e310, mentees: [e230] }\n")
            #expect(added != text)
            try added.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.get("/programs/one-to-one/groups/lin-okafor", cookies: coordinator.cookie).status == .ok)
            #expect(try await client.get("/programs/one-to-one", cookies: coordinator.cookie).body.contains(">lin-okafor</a>"))
            // Chris Okafor is a mentor now: he can sign in and see his group.
            let chris = try await client.signIn("chris.okafor@example.org")
            #expect(try await client.get("/", cookies: chris.cookie).body.contains("lin-okafor"))
            // A file that no longer loads: the last good version stays served.
            try (added + "\nthis is: [not, valid\n").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.get("/programs/one-to-one/groups/lin-okafor", cookies: coordinator.cookie).status == .ok)
        }
    }

    @Test(
        "replacing a program file takes turns: of eight accepts racing in one server exactly one wins, and another process's lock is waited for"
    )
    func replaceTakesTurns() async throws {
        let fixture = try ServerFixture()
        let path = fixture.file("one-to-one")
        let store = fixture.store
        // Each check of a new text (the last step before writing) waits a little for the other
        // accepts to reach it too, so that without turns all of them would pass the check.
        let checking = Mutex(0)
        let catalog = try ProgramCatalog(
            paths: [path],
            load: { path, given in
                if given != nil {
                    checking.withLock { $0 += 1 }
                    let deadline = Date().addingTimeInterval(0.3)
                    while checking.withLock({ $0 }) < 8, Date() < deadline { usleep(2_000) }
                }
                let text = try given ?? String(contentsOfFile: path, encoding: .utf8)
                let (program, plans, builder) = try ServerFixture.load(path: path, text: text)
                return (ServedProgram(program: program, plans: plans, builder: builder, journal: store), text)
            }, logger: Logger(label: "test"))
        let original = try #require(catalog.file(of: "one-to-one"))
        let outcomes = Mutex<[String]>([])
        let done = DispatchGroup()
        for index in 0..<8 {
            done.enter()
            Thread.detachNewThread {
                do {
                    try catalog.replace(program: "one-to-one", with: original.text + "\n# accepted by \(index)\n", expected: original.hash)
                    outcomes.withLock { $0.append("won") }
                } catch {
                    outcomes.withLock { $0.append("\(error)") }
                }
                done.leave()
            }
        }
        done.wait()
        let all = outcomes.withLock { $0 }
        #expect(all.filter { $0 == "won" }.count == 1, "\(all)")
        #expect(all.filter { $0 == "\(ProgramCatalog.ReplaceError.changedMeanwhile)" }.count == 7, "\(all)")
        // Another process (another server on the same folder) holds the lock: the replace waits for it.
        guard Required.havePython() else { return }
        let lock = ProgramCatalog.lockPath(for: path)
        let (locked, released) = (path + ".locked", path + ".released")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import fcntl, sys, time
            f = open(sys.argv[1], 'a+')
            fcntl.lockf(f, fcntl.LOCK_EX)
            open(sys.argv[2], 'w').write('locked')
            time.sleep(1.0)
            open(sys.argv[3], 'w').write('released')
            fcntl.lockf(f, fcntl.LOCK_UN)
            """, lock, locked, released,
        ]
        try holder.run()
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: locked) { usleep(20_000) }
        try #require(FileManager.default.fileExists(atPath: locked), "the other process took the lock")
        let now = try #require(catalog.file(of: "one-to-one"))
        try catalog.replace(program: "one-to-one", with: now.text + "# after the other server\n", expected: now.hash)
        #expect(FileManager.default.fileExists(atPath: released), "the replace went ahead while another process held the lock")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("# after the other server\n"))
        holder.waitUntilExit()
    }
}
