import Foundation
import Testing

/// Output that can't be written: the real binary with standard output on /dev/full or a closed
/// pipe, and a file write cut short by a file-size limit.
@Suite("Output failures")
struct OutputFailureTests {
    /// Runs the real binary with standard output going to `stdout` and standard error captured.
    func run(
        _ arguments: [String], stdout: FileHandle, in folder: URL = Mentor.packageRoot,
        executable: URL? = nil
    ) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
        let binary = try #require(Mentor.binary, "the mentor binary is not built beside the tests")
        let scratch = try Mentor.folder([:])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let errURL = scratch.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = executable == nil ? arguments : [binary.path] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, try String(contentsOf: errURL, encoding: .utf8))
    }

    func devFull() throws -> FileHandle {
        try #require(FileHandle(forWritingAtPath: "/dev/full"), "/dev/full is missing")
    }

    @Test(
        "standard output on a full disk exits non-zero and says so",
        arguments: [
            // the shared writer
            (["agenda", "Plans/examples/one-to-one.yaml", "--group", "ruiz-lin", "--meeting", "1"], "No space left on device"),
            (["plans", "list"], "No space left on device"), // print, checked when the command ends
            (["plans", "schema"], "No space left on device"), // more than stdio's buffer
            // print, many times the buffer: the writes failed while stdio emptied its buffer, and
            // only the stream's error flag remembers it (the reason is gone by then)
            (["plans", "dump"], "a write failed, so output was lost"),
            (["--help"], "No space left on device"), // argument-parser's help text
        ])
    func fullDisk(arguments: [String], reason: String) throws {
        let result = try run(arguments, stdout: try devFull())
        #expect(result.reason == .exit)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: standard output: \(reason)"), "\(result.stderr)")
    }

    @Test("a reader that closes the pipe ends the command quietly with status 141, SIGPIPE ignored or not")
    func brokenPipe() throws {
        // With SIGPIPE ignored (as some parents leave it), the write fails with EPIPE.
        let ignoring = try Mentor.folder(["ignore-pipe.sh": "#!/bin/sh\ntrap '' PIPE\nexec \"$@\"\n"])
        let script = ignoring.appending(path: "ignore-pipe.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let result = try run(["plans", "schema"], stdout: pipe.fileHandleForWriting, executable: script)
        #expect(result.reason == .exit)
        #expect(result.status == 141)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("a streamed export whose output fails says so as an output error, and a closed pipe ends it quietly")
    func streamedExport() throws {
        let (folder, program) = try programCopy()
        for meeting in 1...12 {
            try mentor(
                [
                    "log", program, "--group", "ruiz-lin", "--meeting", "\(meeting)", "--notes",
                    String(repeating: "n", count: 8_000),
                ], in: folder)
        }
        let full = try run(["export", program, "--include-private"], stdout: try devFull(), in: folder)
        #expect(full.status == 1)
        #expect(full.stderr.contains("error: standard output: No space left on device"), "\(full.stderr)")
        #expect(!full.stderr.contains("progress.sqlite"), "the journal is not blamed: \(full.stderr)")
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let ignoring = try Mentor.folder(["ignore-pipe.sh": "#!/bin/sh\ntrap '' PIPE\nexec \"$@\"\n"])
        let script = ignoring.appending(path: "ignore-pipe.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let closed = try run(["export", program, "--include-private"], stdout: pipe.fileHandleForWriting, in: folder, executable: script)
        #expect(closed.status == 141)
        #expect(closed.stderr.isEmpty, "\(closed.stderr)")
    }

    @Test("a file write cut short fails, and the file it would replace is left as it was")
    func fileTooLarge() throws {
        let folder = try Mentor.folder(["agenda.html": "old\n"])
        let program = Mentor.packageRoot.appending(path: "Plans/examples/one-to-one.yaml").path
        // A 1-block file-size limit with SIGXFSZ ignored: the write fails with EFBIG.
        let limited = try Mentor.folder(["limit.sh": "#!/bin/sh\nulimit -f 1\ntrap '' XFSZ\nexec \"$@\"\n"])
        let script = limited.appending(path: "limit.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let arguments = ["schedule", program, "--format", "ics", "--output", "agenda.html"]
        let result = try run(arguments, stdout: FileHandle.nullDevice, in: folder, executable: script)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: can't write 'agenda.html': File too large; the file was left unchanged"), "\(result.stderr)")
        #expect(try String(contentsOf: folder.appending(path: "agenda.html"), encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["agenda.html"], "no temporary file is left behind")
    }
}
