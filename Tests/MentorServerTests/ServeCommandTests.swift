import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real `mentor serve` process: its `listening on` line, a page over a socket, `--dev` links
/// on the console, and a clean stop on SIGINT.
struct ServeCommandTests {
    /// A running `mentor serve`, its output read line by line.
    final class Server: @unchecked Sendable {
        let process = Process()
        let output = Pipe()
        var lines: [String] = []
        private var buffer = Data()

        init(_ arguments: [String], environment: [String: String]? = nil) throws {
            process.executableURL = try #require(BrowserTests.binary, "the mentor binary is not built beside the tests")
            process.arguments = ["serve"] + arguments
            if let environment { process.environment = environment }
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// The next line of standard output (blocking; the server prints it or the test times out).
        func nextLine() -> String? {
            while true {
                if let newline = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<newline], as: UTF8.self)
                    buffer.removeSubrange(...newline)
                    lines.append(line)
                    return line
                }
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { return nil }
                buffer.append(data)
            }
        }
    }

    static func fetch(_ url: String, body: String? = nil, cookie: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        if let body {
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("serve --port 0 --dev: says where it listens, serves pages, prints sign-in links, stops on SIGINT with status 0")
    func serve() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mentor-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let program = work.appendingPathComponent("one-to-one.yaml")
        try FileManager.default.copyItem(at: BrowserTests.packageRoot.appending(path: "Plans/examples/one-to-one.yaml"), to: program)
        let server = try Server([program.path, "--port", "0", "--dev"])
        defer { if server.process.isRunning { server.process.terminate() } }
        let first = try #require(server.nextLine())
        let url = try #require(first.firstMatch(of: /^listening on (http:\/\/127\.0\.0\.1:\d+)$/)?.1, "\(first)")
        #expect(server.nextLine() == "sign-in mail goes to \(work.path)/.mentor/outbox/")
        let (status, page) = try await Self.fetch(url + "/sign-in")
        #expect(status == 200)
        let csrf = try #require(page.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        let (sent, _) = try await Self.fetch(
            url + "/sign-in", body: "csrf=\(csrf)&email=sam.lin%40example.org",
            cookie: "mentor_csrf=\(csrf)")
        #expect(sent == 200)
        let printed = try #require(server.nextLine())
        #expect(printed.hasPrefix("sign-in link for sam.lin@example.org: \(url)/sign-in/"))
        let outbox = try FileManager.default.contentsOfDirectory(atPath: work.path + "/.mentor/outbox")
        #expect(outbox.count == 1)
        #expect(FileManager.default.fileExists(atPath: work.path + "/.mentor/progress.sqlite"))

        server.process.interrupt() // SIGINT
        let stopped = Date()
        while server.process.isRunning, Date().timeIntervalSince(stopped) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.process.isRunning, "still running 20 s after SIGINT")
        #expect(server.process.terminationStatus == 0)
    }

    @Test("serve a plugin type: its process starts with the server, is kept, and ends when the server stops")
    func pluginProcessLivesWithTheServer() async throws {
        guard PluginTypeTests.canRun(listingProcesses: true) else { return }
        let (candidate, text) = try PluginTypeTests.flash()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mentor-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let program = work.appendingPathComponent("flash.yaml")
        try text.write(to: program, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        // A PATH entry (absolute): runs without a trust step, as a plugin the user installed.
        environment["PATH"] = candidate.folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let server = try Server([program.path, "--port", "0"], environment: environment)
        defer { if server.process.isRunning { server.process.terminate() } }
        let first = try #require(server.nextLine())
        #expect(first.hasPrefix("listening on http://127.0.0.1:"), "\(first)")
        let running = try PluginTypeTests.processes(running: candidate.path)
        #expect(running.count == 1, "the plugin described itself once and was kept: \(running)")

        server.process.interrupt()
        let stopped = Date()
        while server.process.isRunning, Date().timeIntervalSince(stopped) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.process.terminationStatus == 0)
        for _ in 0..<100 where !(try PluginTypeTests.processes(running: candidate.path)).isEmpty {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try PluginTypeTests.processes(running: candidate.path).isEmpty, "the plugin outlived the server")
    }
}
