import Foundation
import TestSupport
import Testing

/// The whole app in a real browser: `Browser/browser_test.py` runs headless Chromium against the
/// real `mentor serve`. Skipped, visibly, when chromium, chromium-driver or selenium is missing,
/// unless MENTORKIT_REQUIRE_SERVICES=1 (CI sets it, and installs them).
struct BrowserTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: URL? = {
        let here = Bundle.main.bundleURL
        return [here, here.deletingLastPathComponent()].map { $0.appending(path: "mentor") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    @Test("a mentor signs in through the outbox link, logs meeting 1 and sees meeting 2's agenda; the coordinator's dashboard, in Chromium")
    func browser() throws {
        let required = Required.services
        let mentor = try #require(Self.binary, "the mentor binary is not built beside the tests")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mentor-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let program = work.appendingPathComponent("one-to-one.yaml")
        try FileManager.default.copyItem(at: Self.packageRoot.appending(path: "Plans/examples/one-to-one.yaml"), to: program)
        let screenshots = ProcessInfo.processInfo.environment["MENTORKIT_SCREENSHOTS"] ?? work.appendingPathComponent("screenshots").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.packageRoot.appending(path: "Tests/MentorServerTests/Browser/browser_test.py").path,
            mentor.path, program.path, work.path, screenshots,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 {
            print("BrowserTests: \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
            #expect(!required, "MENTORKIT_REQUIRE_SERVICES=1 but: \(text)")
            return
        }
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("PASS"), "\(text)")
        for page in [
            "1-sign-in", "2-link-sent", "3-home", "4-group-meeting-1", "5-group-meeting-2", "6-exit-confirm", "7-dashboard",
            "8-dashboard-filtered", "9-attendance-recorded", "10-match-proposal", "11-dashboard-after-match",
        ] {
            #expect(FileManager.default.fileExists(atPath: screenshots + "/\(page).png"), "screenshot \(page)")
        }
    }
}
