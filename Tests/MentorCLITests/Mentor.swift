import Foundation
import Testing

/// Runs the real `mentor` binary built beside the tests.
enum Mentor {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, for the shipped Plans/ and committed files.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: URL? = {
        let here = Bundle.main.bundleURL
        return [here, here.deletingLastPathComponent()]
            .map { $0.appending(path: "mentor") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `mentor arguments…` in `directory` and captures its output. Unless `environment` names
    /// one, the list of trusted plugins is an empty one of the tests' own, never the user's.
    static func run(
        _ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> Output {
        let binary = try #require(binary, "the mentor binary is not built beside the tests")
        var environment = environment
        if environment["MENTORKIT_CONFIG_HOME"] == nil { environment["MENTORKIT_CONFIG_HOME"] = try folder([:]).path }
        return try runProcess(binary, dated(arguments), in: directory, environment: environment, input: input)
    }

    /// Recording commands that date an event today unless `--date` is given.
    static let datedToday: [[String]] = [
        ["goal", "set"], ["goal", "change"], ["action", "add"], ["action", "done"], ["checkin"], ["exit"],
    ]

    /// `arguments` with `--date 2027-02-15` added to a recording command that would date its event
    /// today: events must fall within a program's term (give or take), and the examples run in
    /// 2027, so a test must not depend on the day it runs.
    static func dated(_ arguments: [String]) -> [String] {
        guard !arguments.contains("--date"), datedToday.contains(where: { arguments.starts(with: $0) }) else { return arguments }
        return arguments + ["--date", "2027-02-15"]
    }

    static func runProcess(
        _ executable: URL, _ arguments: [String], in directory: URL = packageRoot,
        environment: [String: String] = [:], input: Data? = nil
    ) throws -> Output {
        // Output goes to files, not pipes: a full pipe can't stall the child that way.
        let scratch = try folder([:])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appending(path: "stdout")
        let errURL = scratch.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let input {
            let inURL = scratch.appending(path: "stdin")
            try input.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        }
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// A fresh temporary folder holding `files` (name → text).
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "mentorkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = url.appending(path: name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return url
    }
}
