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
        let writer = try Writer(replacing: path, newFileMode: newFileMode)
        try writer.write(data)
        try writer.commit()
    }

    /// A replacement written in parts (an export of a million events is never all in memory):
    /// the parts go to a new file beside the target, which ``commit()`` syncs and renames over it.
    /// A writer dropped without `commit()` removes its file and leaves the target as it was.
    public final class Writer {
        private let path: String
        private let folder: String
        private let temporary: String
        private var descriptor: Int32
        private let existing: stat?
        private var done = false

        /// Starts a replacement of `path` (see ``AtomicFile/replace(_:with:newFileMode:)``).
        public init(replacing path: String, newFileMode: mode_t = 0o666) throws(Failure) {
            var status = stat()
            existing = stat(path, &status) == 0 ? status : nil
            self.path = path
            let parent = (path as NSString).deletingLastPathComponent
            folder = parent.isEmpty ? "." : parent
            temporary = folder + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, newFileMode)
            guard descriptor >= 0 else { throw Failure(code: errno, existed: existing != nil) }
        }

        private func failure(_ code: Int32) -> Failure { Failure(code: code, existed: existing != nil) }

        /// Appends `data` to the new file.
        public func write(_ data: Data) throws(Failure) {
            if let code = AtomicFile.writeAll(descriptor, data) { throw failure(code) }
        }

        /// Syncs and closes the new file, gives it the old file's permissions and renames it over the target.
        public func commit() throws(Failure) {
            if let existing, fchmod(descriptor, existing.st_mode & 0o7777) != 0 { throw failure(errno) }
            if fsync(descriptor) != 0 { throw failure(errno) }
            let closed = close(descriptor)
            descriptor = -1
            guard closed == 0 else { throw failure(errno) }
            guard rename(temporary, path) == 0 else { throw failure(errno) }
            done = true
            // The new contents are in place either way; flushing the folder makes the rename survive a crash.
            let directory = open(folder, O_RDONLY | O_CLOEXEC)
            if directory >= 0 {
                _ = fsync(directory)
                close(directory)
            }
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
            if !done { unlink(temporary) }
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
