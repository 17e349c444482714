import CProcessControl
import Foundation
import MentorCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - The file --output names

/// The file an `--output` path leads to, symlinks followed, checked before anything is written.
struct OutputTarget {
    /// The path as the user gave it, for messages.
    let given: String
    /// The file to replace: `given` with every symlink followed.
    let path: String
    /// Its status when it exists.
    let existing: stat?

    /// Follows `given` through symlinks and refuses what is not a regular file or is in a
    /// `.mentor` folder.
    init(_ given: String) throws(OutputError) {
        self.given = given
        path = try Self.followLinks(given)
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw .notRegularFile(given, kind: Self.kind(of: info.st_mode))
            }
            existing = info
        } else {
            existing = nil
        }
        if Self.canonical(path).split(separator: "/").dropLast().contains(".mentor") {
            throw .inJournalFolder(given)
        }
    }

    /// Refuses the target when it is one of `inputs`: the same path once symlinks are resolved,
    /// or the same file (device and inode: a hard link).
    func refuseInputs(_ inputs: [String]) throws(OutputError) {
        let mine = Self.canonical(path)
        for input in inputs {
            if Self.canonical(input) == mine { throw .isInput(given, input: input) }
            var info = stat()
            if let existing, stat(input, &info) == 0, info.st_dev == existing.st_dev, info.st_ino == existing.st_ino {
                throw .isInput(given, input: input)
            }
        }
    }

    /// `path` with its symlinks followed, up to 40 (Linux's own limit), even when the last
    /// target doesn't exist yet (the output then creates it).
    static func followLinks(_ path: String) throws(OutputError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw .fileFailed(path, reason: systemReason(), unchanged: true) }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : parent(of: current) + "/" + target
        }
        throw .fileFailed(path, reason: systemReason(ELOOP), unchanged: true)
    }

    /// An absolute path for `path` with symlinks resolved; for a file that doesn't exist yet,
    /// its folder's resolved path and its name.
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let name = (path as NSString).lastPathComponent
        guard let folder = realpath(parent(of: path), nil) else { return path }
        defer { free(folder) }
        return String(cString: folder) + "/" + name
    }

    /// The folder holding `path` ("." for a bare name).
    static func parent(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}

// MARK: - Atomic replacement

extension AtomicFile {
    /// `replace(_:with:)` with its failure told as an output error naming the file as `shownAs`.
    static func replace(_ path: String, with data: Data, shownAs: String) throws(OutputError) {
        do {
            try replace(path, with: data)
        } catch {
            throw .fileFailed(shownAs, reason: systemReason(error.code), unchanged: error.existed)
        }
    }
}

// MARK: - Standard output

/// Standard output, written with every failure checked.
///
/// A full disk (ENOSPC, e.g. `> /dev/full`) or any other write error is an error: the command
/// exits non-zero with "standard output: No space left on device". A reader that goes away
/// (EPIPE, `mentor ... | head`) is not: the command stops quietly with status 141, what a shell
/// reports for a process ended by SIGPIPE, whether or not SIGPIPE was ignored.
enum StandardOutput {
    /// Writes `text` after anything `print` buffered.
    static func write(_ text: String) throws(OutputError) {
        try flush()
        if let code = AtomicFile.writeAll(STDOUT_FILENO, Data(text.utf8)) { throw error(code) }
    }

    /// Flushes what `print` buffered; throws when that or any earlier buffered write failed.
    /// Called once a command has run, before the process exits 0.
    static func flush() throws(OutputError) {
        // fflush(nil) flushes every C stream, standard output included, without naming the
        // `stdout` global (which Swift 6 sees as shared mutable state).
        if fflush(nil) != 0 { throw error(errno) }
        // A write that failed while `print`'s buffer was emptied earlier is not reported again
        // by fflush (34 KB of `plans dump` into /dev/full exited 0); the stream's flag keeps it.
        if mentorkit_stdout_failed() != 0 { throw .standardOutput(reason: "a write failed, so output was lost") }
    }

    private static func error(_ code: Int32) -> OutputError {
        code == EPIPE ? .brokenPipe : .standardOutput(reason: systemReason(code))
    }
}
