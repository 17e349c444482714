import Foundation
import MentorCore
import Testing

@testable import ExternalProgramTypes

/// How a plugin process is started and read: its signal state, its descriptors, its standard error.
struct PluginSpawnTests {
    /// A fresh file path for a plugin to write to.
    func scratchFile() -> String {
        FileManager.default.temporaryDirectory.appending(path: "mentorkit-spawn-\(UUID().uuidString)").path
    }

    @Test("a plugin starts with no signal blocked or ignored, even from a thread that blocks SIGTERM, and leads its own group")
    func signalState() throws {
        let report = scratchFile()
        defer { try? FileManager.default.removeItem(atPath: report) }
        let path = try fakePlugin(
            body: """
                grep -E '^(SigBlk|SigIgn):' /proc/self/status > '\(report)'
                echo "pgid $(cut -d' ' -f5 /proc/$$/stat) pid $$" >> '\(report)'
                printf '{"protocol":1,"issues":[]}'
                """)
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        sigaddset(&blocked, SIGINT)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        _ = try PluginProcess.run(path, input: Data(#"{"protocol":1,"request":"validate"}"#.utf8), limits: PluginLimits(timeout: 5))
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.contains("SigBlk:\t0000000000000000"), "\(lines)")
        // Signals 1-31; glibc's posix_spawn itself ignores its internal signals 32 and 33 in the child.
        let ignored = lines.first { $0.hasPrefix("SigIgn:\t") }.flatMap { UInt64($0.dropFirst(8), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "\(lines)")
        let ids = lines.last?.split(separator: " ") ?? []
        #expect(ids.count == 4 && ids[1] == ids[3], "the plugin leads its process group: \(lines)")
    }

    @Test("a plugin inherits only standard input, output and error")
    func descriptors() throws {
        let report = scratchFile()
        defer { try? FileManager.default.removeItem(atPath: report) }
        let leaked = open("/dev/null", O_RDONLY) // no close-on-exec: Process would pass it on
        defer { close(leaked) }
        let path = try fakePlugin(body: "ls /proc/$$/fd > '\(report)'; printf '{\"protocol\":1,\"issues\":[]}'")
        _ = try PluginProcess.run(path, input: Data(#"{"protocol":1,"request":"validate"}"#.utf8), limits: PluginLimits(timeout: 5))
        let open = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
        // 0-2, plus the descriptors the shell itself opens (its script file, the listing's own).
        #expect(!open.contains(Int(leaked)), "descriptor \(leaked) leaked into the plugin: \(open)")
    }

    @Test("a plugin flooding standard error is read to the end, and only the last 8 KiB are kept")
    func stderrFlood() throws {
        let path = try fakePlugin(body: "yes xxxxxxxxxxxxxxx | head -c 67108864 >&2; printf 'THE END' >&2; exit 3")
        let error = #expect(throws: PluginError.self) {
            _ = try PluginProcess.run(path, input: Data(#"{"protocol":1,"request":"validate"}"#.utf8), limits: PluginLimits(timeout: 30))
        }
        guard case .exited(3, let stderr) = error else {
            Issue.record("expected exit status 3, got \(String(describing: error))")
            return
        }
        #expect(stderr.utf8.count == PluginProcess.stderrTail)
        #expect(stderr.hasSuffix("xxx\nTHE END"))
    }

    @Test("the standard-error tail never holds more than its size, whatever the chunks")
    func tailBuffer() {
        let tail = TailBuffer(keeping: 10)
        for chunk in ["abc", "defgh", "ijklmnop", String(repeating: "z", count: 30) + "0123456789", "AB"] {
            _ = Array(chunk.utf8).withUnsafeBytes { tail.append($0) }
            #expect(tail.count <= 10)
        }
        #expect(tail.text == "23456789AB")
    }

    @Test("a reply past the output cap stops the plugin; the part read is not kept beyond the cap")
    func outputCap() throws {
        let path = try fakePlugin(body: "exec yes '{}'")
        let started = Date()
        #expect(throws: PluginError.outputTooLarge(limit: 64 * 1024, stderr: "")) {
            _ = try PluginProcess.run(
                path, input: Data(#"{"protocol":1,"request":"validate"}"#.utf8),
                limits: PluginLimits(timeout: 10, outputLimit: 64 * 1024))
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
