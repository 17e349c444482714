import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive POSIX record lock on a file (`lockf`): how servers that share a folder take turns
/// to change a program file. Record locks, unlike `flock`, are honoured over NFS. They belong to
/// the process, so the threads of one server must be kept apart by the caller.
///
/// Written by hand: Foundation has no cross-process file lock, and the packages this project uses
/// offer none for plain files.
enum FileLock {
    /// Runs `body` holding the lock on `path` (made, with its folder, when missing), after waiting
    /// for any other process that holds it; the lock is released however `body` ends.
    static func withExclusiveLock<T, E: Error>(
        on path: String, failure: (FileLockError) -> E, _ body: () throws(E) -> T
    ) throws(E) -> T {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure(.open(path, error.localizedDescription))
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(.open(path, String(cString: strerror(errno)))) }
        defer { close(descriptor) } // closing releases the lock too
        while lockf(descriptor, F_LOCK, 0) != 0 {
            guard errno == EINTR else { throw failure(.lock(path, String(cString: strerror(errno)))) }
        }
        defer { _ = lockf(descriptor, F_ULOCK, 0) }
        return try body()
    }
}

/// Why a lock file could not be taken.
enum FileLockError: Error, CustomStringConvertible {
    case open(String, String)
    case lock(String, String)

    var description: String {
        switch self {
        case .open(let path, let reason): return "can't open the lock file '\(path)': \(reason)"
        case .lock(let path, let reason): return "can't lock '\(path)': \(reason)"
        }
    }
}
