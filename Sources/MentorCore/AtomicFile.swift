import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file's contents all at once: readers see the old file or the new one, never a
/// part, and a failed write leaves the old file as it was. Every `--output`, `match --write` and
/// the plugin trust list are written through it.
///
/// Hand-written because Foundation's `Data.write(options: .atomic)` neither reports which step
/// failed with its system reason nor keeps an existing file's permissions, and doesn't fsync.
public enum AtomicFile {
    /// Why a replacement failed: the system's error number (`errno`).
    public struct Failure: Error, Equatable {
        /// The error number.
        public var code: Int32
        /// Whether `path` existed before (and so was left as it was).
        public var existed: Bool
        /// The system's reason, e.g. "No space left on device".
        public var reason: String { String(cString: strerror(code)) }
    }

    /// Writes `data` to a new file beside `path`, syncs and closes it, gives it the old file's
    /// permissions (or `newFileMode` less the umask when there was none), renames it over `path`,
    /// then syncs the folder so the rename itself is durable.
    public static func replace(_ path: String, with data: Data, newFileMode: mode_t = 0o666) throws(Failure) {
        var existing = stat()
        let existed = stat(path, &existing) == 0
        func failure(_ code: Int32 = errno) -> Failure { Failure(code: code, existed: existed) }

        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = folder + "/.\(name).\(UUID().uuidString.prefix(8)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, newFileMode)
        guard descriptor >= 0 else { throw failure() }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }

        if let code = writeAll(descriptor, data) { close(descriptor); throw failure(code) }
        if existed, fchmod(descriptor, existing.st_mode & 0o7777) != 0 { let code = errno; close(descriptor); throw failure(code) }
        if fsync(descriptor) != 0 { let code = errno; close(descriptor); throw failure(code) }
        guard close(descriptor) == 0 else { throw failure() }
        guard rename(temporary, path) == 0 else { throw failure() }
        renamed = true
        // The new contents are in place either way; flushing the folder makes the rename survive a crash.
        let directory = open(folder, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Writes all of `data` to `descriptor`, retrying short and interrupted writes; the errno of a
    /// failure, or nil.
    public static func writeAll(_ descriptor: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard var next = buffer.baseAddress else { return nil }
            var left = buffer.count
            while left > 0 {
                let written = write(descriptor, next, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                next += written
                left -= written
            }
            return nil
        }
    }
}
