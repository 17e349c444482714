import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a journal without ever writing to it or beside it.
///
/// A journal is an SQLite file in WAL mode. SQLite's own read-only mode is not enough: a reader of
/// a WAL database creates the `-wal` and `-shm` side files when they are missing and leaves them
/// behind (and fails outright, "attempt to write a readonly database", when the folder is read-only
/// media or another user's). So:
/// - when the journal has no `-wal` file, or an empty one, everything is in the main file: it is
///   opened with SQLite's `immutable=1` URI parameter, which takes no locks and creates no file.
///   Immutable means SQLite won't notice a writer, so the file's size, time and inode are compared
///   before and after the read, and the read is repeated if a writer came in meanwhile;
/// - when a non-empty `-wal` exists, a writer is at work (or one stopped abruptly): the events in
///   it must be seen, so the journal is read through SQLite's shared-memory protocol with
///   `SQLITE_OPEN_READONLY`. That leaves the journal and its `-wal` as they are; only the `-shm`
///   index, which exists to be shared by readers and writers, records the read.
/// This is written here rather than found in GRDB: GRDB's read-only configuration is SQLite's
/// read-only mode, with the side files described above.
enum ReadOnlyJournal {
    /// Whether this SQLite library takes `file:` URIs in file names (Debian's is built with
    /// SQLITE_USE_URI). Without it, reads fall back to SQLite's plain read-only mode.
    static let urisSupported: Bool = {
        let options = try? DatabaseQueue().read { db in try String.fetchAll(db, sql: "PRAGMA compile_options") }
        return options?.contains("USE_URI") ?? false
    }()

    /// What changes when a writer touches the journal.
    struct FileState: Equatable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
        /// The size of the `-wal` file, or nil when there is none.
        var wal: Int64?
    }

    /// The journal's file state, or nil when it can't be examined.
    static func state(_ path: String) -> FileState? {
        guard let main = fileStatus(path) else { return nil }
        let wal = fileStatus(path + "-wal")
        return FileState(
            size: Int64(main.st_size), modified: modificationNanoseconds(main), inode: UInt64(main.st_ino),
            wal: wal.map { Int64($0.st_size) })
    }

    /// Runs `body` on a read-only connection to the journal at `path`.
    static func read<T>(_ path: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            let before = state(path)
            let immutable = urisSupported && (before?.wal ?? 0) == 0 && attempt <= 3
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(30)
            let value: T
            do {
                let queue = try DatabaseQueue(path: immutable ? uri(path) : path, configuration: configuration)
                value = try queue.read(body)
                try queue.close()
            } catch {
                throw ProgressStore.map(error, path: path)
            }
            if !immutable || state(path) == before { return value }
            // A writer changed the file while it was read without locks: read again.
        }
    }

    /// `file:` URI of `path` for an immutable read.
    static func uri(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(encoded)?mode=ro&immutable=1"
    }

    // MARK: - Access checks that say which part of the path is the problem

    /// Refuses a journal path that can't be read, saying why: it is missing, a folder on the way
    /// can't be entered, the file can't be read, or it is not a file.
    static func checkReadable(_ path: String) throws(StoreError) {
        if let status = fileStatus(path) {
            if (status.st_mode & S_IFMT) == S_IFDIR { throw .io(path: path, detail: "it is a folder, not a journal file") }
            if access(path, R_OK) != 0 { throw .notPermitted(path: path, what: "the journal") }
            return
        }
        let code = errno
        if code == EACCES, let folder = closedFolder(above: path) { throw .notPermitted(path: folder, what: "the folder") }
        if code == ENOTDIR, let file = fileInPath(path) {
            throw .io(path: path, detail: "'\(file)' is a file, where a folder was expected")
        }
        if code == ENOENT || code == ENOTDIR { throw .missing(path) }
        throw .io(path: path, detail: String(cString: strerror(code)))
    }

    /// The first folder on the way to `path` that exists but can't be entered, if any.
    static func closedFolder(above path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        var folders: [String] = []
        var folder = url.deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty && folders.count < 256 {
            folders.append(folder.path)
            folder = folder.deletingLastPathComponent()
        }
        for candidate in folders.reversed() {
            guard let status = fileStatus(candidate) else { return nil } // missing from here on
            if (status.st_mode & S_IFMT) == S_IFDIR, access(candidate, X_OK) != 0 { return displayed(candidate, given: path) }
        }
        return nil
    }

    /// The first component of `path` that is a file although more of the path follows.
    static func fileInPath(_ path: String) -> String? {
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var found: String?
        while folder.path != "/" && !folder.path.isEmpty {
            if let status = fileStatus(folder.path), (status.st_mode & S_IFMT) != S_IFDIR { found = folder.path }
            folder = folder.deletingLastPathComponent()
        }
        return found.map { displayed($0, given: path) }
    }

    /// `absolute` as the user wrote it: relative when `given` was relative and it lies below here.
    private static func displayed(_ absolute: String, given: String) -> String {
        guard !given.hasPrefix("/") else { return absolute }
        let here = FileManager.default.currentDirectoryPath
        return absolute.hasPrefix(here + "/") ? String(absolute.dropFirst(here.count + 1)) : absolute
    }

    static func fileStatus(_ path: String) -> stat? {
        var status = stat()
        return stat(path, &status) == 0 ? status : nil
    }

    private static func modificationNanoseconds(_ status: stat) -> Int64 {
        #if canImport(Darwin)
            return Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        #else
            return Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        #endif
    }
}
