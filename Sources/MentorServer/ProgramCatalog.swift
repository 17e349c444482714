import Crypto
import Foundation
import Logging
import MentorCore
import Synchronization

/// The programs a server serves, each read again when its file changes. Before a request is
/// answered the files are looked at (size, modification time, file number: one `stat` each); a
/// file that looks changed is read and hashed (SHA-256) and loaded again when its bytes differ.
/// So when one server accepts a match (which rewrites the program file), every server reading the
/// same folder serves the new groups from its next request. A file that no longer loads keeps its
/// last good version served, and the problem is logged once per version of the file.
public final class ProgramCatalog: Sendable {
    /// Loads the program file at a path (or `text` as if it were that file's, to check a change
    /// before writing it): the program to serve and the text it was loaded from.
    public typealias Loader = @Sendable (_ path: String, _ text: String?) throws -> (served: ServedProgram, text: String)

    private struct Entry: Sendable {
        var path: String?
        var stamp: Stamp?
        var hash: [UInt8]
        var served: ServedProgram
    }

    /// What `stat` says of a file: enough to tell, cheaply, that it may have changed.
    struct Stamp: Equatable, Sendable {
        var size: Int
        var modified: Date
        var fileNumber: Int

        init?(_ path: String) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
            else { return nil }
            self.size = size
            self.modified = modified
            fileNumber = (attributes[.systemFileNumber] as? Int) ?? 0
        }
    }

    private let entries: Mutex<[Entry]>
    /// Held while a program file is being replaced.
    private let writing = Mutex(())
    private let load: Loader?
    private let logger: Logger

    /// Programs that are not read from files (tests; a library user's own programs): never reloaded.
    public init(fixed programs: [ServedProgram]) {
        entries = Mutex(programs.map { Entry(path: nil, stamp: nil, hash: [], served: $0) })
        load = nil
        logger = Logger(label: "mentor.serve.programs")
    }

    /// The programs of the files at `paths`, loaded with `load` now (an error here stops the
    /// server from starting) and again whenever a file changes.
    public init(paths: [String], load: @escaping Loader, logger: Logger) throws {
        var loaded: [Entry] = []
        for path in paths {
            let stamp = Stamp(path)
            var (served, text) = try load(path, nil)
            served.version = Self.hex(Self.hash(text))
            loaded.append(Entry(path: path, stamp: stamp, hash: Self.hash(text), served: served))
        }
        entries = Mutex(loaded)
        self.load = load
        self.logger = logger
    }

    /// The programs as their files are now.
    public func current() -> [ServedProgram] {
        let snapshot = entries.withLock { $0 }
        guard let load else { return snapshot.map(\.served) }
        var changed: [Int: Entry] = [:]
        for (index, entry) in snapshot.enumerated() {
            guard let path = entry.path else { continue }
            let stamp = Stamp(path)
            guard stamp != entry.stamp else { continue }
            var next = entry
            next.stamp = stamp
            do {
                var (served, text) = try load(path, nil)
                let hash = Self.hash(text)
                if hash != entry.hash {
                    served.version = Self.hex(hash)
                    next.hash = hash
                    next.served = served
                    logger.info("program file changed; serving it as it is now", metadata: ["file": "\(path)"])
                }
            } catch {
                logger.error(
                    "the changed program file does not load; still serving its last good version",
                    metadata: ["file": "\(path)", "error": "\(error)"])
            }
            changed[index] = next
        }
        guard !changed.isEmpty else { return snapshot.map(\.served) }
        return entries.withLock { entries in
            for (index, entry) in changed where index < entries.count { entries[index] = entry }
            return entries.map(\.served)
        }
    }

    /// The file the program with `id` is served from, when it is served from a file.
    public func path(of id: String) -> String? {
        entries.withLock { $0.first { $0.served.program.id == id }?.path }
    }

    /// `.mentor/FILE.lock` beside the program file: what servers lock to change it.
    static func lockPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appending(path: ".mentor").appending(path: url.lastPathComponent + ".lock").path
    }

    static func hash(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Why a program file was not replaced.
    public enum ReplaceError: Error, CustomStringConvertible {
        /// The program is not served from a file.
        case notAFile
        /// The file changed since the text the change was made from (another coordinator or server).
        case changedMeanwhile
        /// The new text does not load; nothing was written.
        case invalid(String)
        /// Writing failed; the file is as it was.
        case write(String)

        public var description: String {
            switch self {
            case .notAFile: return "this program is not served from a file, so it can't be changed here"
            case .changedMeanwhile: return "the program file changed since this page was made; review the proposal again"
            case .invalid(let why): return "the changed program file would not load (\(why)); it was left unchanged"
            case .write(let why): return "the program file could not be written (\(why)); it was left unchanged"
            }
        }
    }

    /// The text and hash of the file the program `id` is served from, as it is on disk now.
    public func file(of id: String) -> (path: String, text: String, hash: String)? {
        guard let path = path(of: id), let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return (path, text, Self.hex(Self.hash(text)))
    }

    /// Replaces the file of program `id` with `text`, when the file's hash is still `expected`
    /// and `text` loads as the program; atomically (a new file renamed over it, every write checked).
    /// The next request serves the new version.
    ///
    /// Servers sharing the folder take turns: the check and the write happen under a POSIX record
    /// lock on `.mentor/FILE.lock` beside the program file (`lockf`, which NFS honours too), so two
    /// coordinators accepting at once on two servers can't both pass the check and the second
    /// silently drop the first's groups: the second finds the file changed and is told so.
    public func replace(program id: String, with text: String, expected: String) throws(ReplaceError) {
        guard let load, let path = path(of: id) else { throw .notAFile }
        // One writer at a time in this server (record locks don't keep threads apart), then across servers.
        try writing.withLock { _ throws(ReplaceError) in
            try FileLock.withExclusiveLock(on: Self.lockPath(for: path), failure: { ReplaceError.write("\($0)") }) {
                () throws(ReplaceError) in
                try replaceLocked(program: id, with: text, expected: expected, load: load)
            }
        }
    }

    private func replaceLocked(program id: String, with text: String, expected: String, load: Loader) throws(ReplaceError) {
        guard let current = file(of: id) else { throw .notAFile }
        guard current.hash == expected else { throw .changedMeanwhile }
        do { _ = try load(current.path, text) } catch { throw .invalid("\(error)") }
        do {
            try AtomicFile.replace(current.path, with: Data(text.utf8))
        } catch {
            throw .write("\(error)")
        }
        _ = self.current()
    }
}
