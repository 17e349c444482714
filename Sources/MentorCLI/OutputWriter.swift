import Foundation
import MentorCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Every command that writes output writes it through `OutputWriter`: a file named by `--output`
// or standard output. Written on POSIX calls rather than `Data.write(options: .atomic)` because
// Foundation's atomic write replaces a symlink by a file, renames over devices and FIFOs, and
// can't be asked to refuse a path that is one of the command's inputs.

/// Writes a command's output to a file named by `--output`, or to standard output.
///
/// A file is replaced atomically (a temporary file beside it, synced, then renamed), through a
/// symlink to its target. It must be a regular file or not exist yet, and never one of the
/// files the command read (see `InputFiles`) or a file in a `.mentor` folder (the journal's home).
struct OutputWriter {
    /// The files this command read; an output never replaces one of them.
    var inputs: InputFiles = .shared

    /// Writes `text` to `path`, or to standard output when `path` is nil; on a file, says so on
    /// standard error.
    func write(_ text: String, to path: String?) throws(OutputError) {
        guard let path else {
            try StandardOutput.write(text.utf8.last == UInt8(ascii: "\n") ? text : text + "\n") // "\r\n" is one Character: test the byte
            return
        }
        let target = try OutputTarget(path)
        try target.refuseInputs(inputs.paths)
        try AtomicFile.replace(target.path, with: Data(text.utf8), shownAs: path)
        FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
    }
}

extension OutputWriter {
    /// Output written in parts, buffered: to standard output as it comes, or to a file replaced
    /// atomically once the command has written it all (nothing replaces the file if it fails).
    final class Stream {
        private let file: AtomicFile.Writer?
        private let shownAs: String?
        private var buffer = Data()

        fileprivate init(file: AtomicFile.Writer?, shownAs: String?) {
            self.file = file
            self.shownAs = shownAs
        }

        /// Adds `text` to the output.
        func write(_ text: String) throws(OutputError) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { try flush() }
        }

        fileprivate func flush() throws(OutputError) {
            defer { buffer.removeAll(keepingCapacity: true) }
            guard let file, let shownAs else { return try StandardOutput.write(String(decoding: buffer, as: UTF8.self)) }
            do { try file.write(buffer) } catch { throw .fileFailed(shownAs, reason: systemReason(error.code), unchanged: error.existed) }
        }

        fileprivate func commit() throws(OutputError) {
            try flush()
            guard let file, let shownAs else { return }
            do { try file.commit() } catch { throw .fileFailed(shownAs, reason: systemReason(error.code), unchanged: error.existed) }
        }
    }

    /// Runs `body` with a ``Stream`` to `path`, or to standard output when `path` is nil; the same
    /// checks as ``write(_:to:)``.
    func stream(to path: String?, _ body: (Stream) async throws -> Void) async throws {
        guard let path else {
            let stream = Stream(file: nil, shownAs: nil)
            try await body(stream)
            return try stream.commit()
        }
        let target = try OutputTarget(path)
        try target.refuseInputs(inputs.paths)
        let file: AtomicFile.Writer
        do { file = try AtomicFile.Writer(replacing: target.path) } catch {
            throw OutputError.fileFailed(path, reason: systemReason(error.code), unchanged: error.existed)
        }
        let stream = Stream(file: file, shownAs: path)
        try await body(stream)
        try stream.commit()
        FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
    }
}

/// Writes `text` to `path`, or to standard output when `path` is nil (see `OutputWriter`).
func emit(_ text: String, to path: String?) throws {
    try OutputWriter().write(text, to: path)
}

// MARK: - The files a command read

/// The files this process has read as input: program files, plan templates, rosters and the
/// progress journal with its SQLite side files.
///
/// Recorded where files are read (`PlanFiles.read`, `ProgressContext`) rather than passed to
/// each command's writer, so that a file a command starts to read later is protected without
/// touching its `--output` code.
final class InputFiles: @unchecked Sendable {
    /// The process's record.
    static let shared = InputFiles()

    private let lock = NSLock()
    private var recorded: [String] = []

    /// Paths recorded so far, as given.
    var paths: [String] { lock.withLock { recorded } }

    /// Records `path` as read.
    func record(_ path: String) {
        lock.withLock { recorded.append(path) }
    }

    /// Records an SQLite journal and the side files SQLite keeps beside it.
    func recordJournal(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { record(path + suffix) }
    }
}

// MARK: - Errors

/// Why output could not be written. The message says where, why, and what was left unchanged.
enum OutputError: Error, Equatable, CustomStringConvertible {
    /// `--output` names a file the command reads.
    case isInput(String, input: String)
    /// `--output` names a file in a `.mentor` folder.
    case inJournalFolder(String)
    /// `--output` names a directory, device, FIFO or socket.
    case notRegularFile(String, kind: String)
    /// Writing, syncing, closing or renaming the file failed; an existing file was left as it was.
    case fileFailed(String, reason: String, unchanged: Bool)
    /// Writing to standard output failed.
    case standardOutput(reason: String)
    /// Standard output is a pipe whose reader has gone (e.g. `mentor ... | head`).
    case brokenPipe

    var description: String {
        switch self {
        case .isInput(let path, let input):
            let same = path == input ? "" : " (the same file as '\(input)')"
            return "'\(path)'\(same) is a file this command reads; choose another --output file (an output never replaces an input)"
        case .inJournalFolder(let path):
            return "'\(path)' is inside a '.mentor' folder, where the progress journal lives; choose an --output file elsewhere"
        case .notRegularFile(let path, let kind):
            return "'\(path)' is \(kind), not a regular file; --output writes regular files only"
        case .fileFailed(let path, let reason, let unchanged):
            return "can't write '\(path)': \(reason)" + (unchanged ? "; the file was left unchanged" : "")
        case .standardOutput(let reason):
            return "standard output: \(reason)"
        case .brokenPipe:
            return "standard output: the reader closed the pipe"
        }
    }

    /// The exit status for `.brokenPipe`: what a shell reports for a process ended by SIGPIPE.
    static let brokenPipeStatus: Int32 = 128 + 13
}

/// The text of `errno`, e.g. "No space left on device".
func systemReason(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
