import Foundation
import PlanYAML

#if canImport(Glibc)
    import Glibc

    /// `read(2)`, named apart from `PlanSource.read(path:limits:)`.
    private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Glibc.read(descriptor, buffer, count)
    }
#elseif canImport(Darwin)
    import Darwin

    /// `read(2)`, named apart from `PlanSource.read(path:limits:)`.
    private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Darwin.read(descriptor, buffer, count)
    }
#endif

extension PlanSource {
    /// A file that can't be read at all (missing, a folder, no permission).
    public struct ReadError: Error, Sendable, Equatable {
        /// The path as given.
        public var path: String
        /// Why, in lowercase words: "permission denied", "it is a folder".
        public var reason: String
    }

    /// Bytes read at a time.
    static let chunkSize = 1 << 20

    /// Reads the file at `path` without ever holding more than `limits.maxBytes` + 1 bytes: a
    /// regular file over the limit is refused from its size before anything is read, and any other
    /// file (a pipe, a device) is read in pieces until the limit is passed. A file over the limit,
    /// or not UTF-8, gives a source whose `problem` says so (with the line and column of the first
    /// bad byte), so that a loader reports it and goes on with the other files.
    ///
    /// POSIX calls rather than `FileHandle`: they report why a file can't be opened (errno) and
    /// tell a regular file's size from `fstat` before reading.
    public static func read(path: String, limits: Limits = .default) throws(ReadError) -> PlanSource {
        let descriptor = openFile(path)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: Self.reason(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ReadError(path: path, reason: Self.reason(errno)) }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw ReadError(path: path, reason: "it is a folder, not a file") }
        let regular = kind == S_IFREG
        let limit = limits.maxBytes
        if regular, Int(info.st_size) > limit {
            return PlanSource(path: path, text: "", problem: .sizeLimit(bytes: Int(info.st_size), limit: limit))
        }
        if regular, info.st_size > 0, let source = try readRegular(descriptor, size: Int(info.st_size), path: path) {
            return source
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(regular ? Int(info.st_size) + 1 : min(chunkSize, limit + 1))
        var chunk = [UInt8](repeating: 0, count: min(chunkSize, limit + 1))
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: Self.reason(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if bytes.count > limit {
            return PlanSource(path: path, text: "", problem: .sizeLimit(bytes: bytes.count, limit: limit))
        }
        return PlanSource(path: path, bytes: bytes)
    }

    /// The file at `path` as a source the loader reads a piece at a time (`file` is set, `text` is
    /// empty): a large template is then never in memory whole. The file is opened here, so that a
    /// missing file, a folder or one that may not be read fails as `read(path:limits:)` fails; a
    /// regular file over the limit gets its `problem` from its size. Anything but a regular file (a
    /// pipe, a device) is read into memory as `read(path:limits:)` reads it, since it can't be read twice.
    public static func open(path: String, limits: Limits = .default) throws(ReadError) -> PlanSource {
        let descriptor = Self.openFile(path)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: Self.reason(errno)) }
        var info = stat()
        let status = fstat(descriptor, &info)
        let code = errno
        close(descriptor)
        guard status == 0 else { throw ReadError(path: path, reason: Self.reason(code)) }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw ReadError(path: path, reason: "it is a folder, not a file") }
        guard kind == S_IFREG else { return try read(path: path, limits: limits) }
        if Int(info.st_size) > limits.maxBytes {
            return PlanSource(path: path, text: "", problem: .sizeLimit(bytes: Int(info.st_size), limit: limits.maxBytes))
        }
        var source = PlanSource(path: path, text: "")
        source.file = path
        return source
    }

    /// `open(2)` for reading, named apart from `open(path:limits:)`.
    private static func openFile(_ path: String) -> Int32 {
        #if canImport(Glibc)
            Glibc.open(path, O_RDONLY | O_CLOEXEC)
        #else
            Darwin.open(path, O_RDONLY | O_CLOEXEC)
        #endif
    }

    /// Lines `numbers` (1-based) of `file`, without their breaks, for diagnostics' excerpts
    /// (`Diagnostic.rendered(line:)`): only those lines are kept while the file is read. Empty for
    /// a source given as text, or refused for its size; lines the file doesn't have get no entry.
    public func fileLines(_ numbers: Set<Int>) -> [Int: String] {
        guard let file, problem == nil else { return [:] }
        return SourceFileLines.read(numbers, ofFile: file)
    }

    /// Reads a regular file of `size` bytes straight into the storage of its `String`: one copy of
    /// the file in memory, where reading into an array and decoding it held two. `nil` (with the
    /// file position back at the start) when the file is not `size` bytes long after all, for the
    /// chunked reader to handle.
    private static func readRegular(_ descriptor: Int32, size: Int, path: String) throws(ReadError) -> PlanSource? {
        var failure: Int32 = 0
        var complete = false
        var problem: YAMLError?
        let text = String(unsafeUninitializedCapacity: size) { buffer in
            var total = 0
            while total < size {
                let count = readBytes(descriptor, buffer.baseAddress! + total, size - total)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return 0
                }
                if count == 0 { return 0 } // shorter than its size said: read it in chunks
                total += count
            }
            var probe: UInt8 = 0
            if readBytes(descriptor, &probe, 1) != 0 { return 0 } // it grew: read it in chunks
            complete = true
            let bytes = UnsafeBufferPointer(rebasing: buffer[..<total])
            if let offset = SourceText.firstInvalidByte(in: bytes) {
                // The string repairs the bad bytes with U+FFFD as it is made; the mark is counted here.
                problem = .invalidUTF8(byte: bytes[offset], at: SourceText.mark(at: offset, in: bytes))
            }
            return total
        }
        if failure != 0 { throw ReadError(path: path, reason: Self.reason(failure)) }
        guard complete else {
            lseek(descriptor, 0, SEEK_SET)
            return nil
        }
        return PlanSource(path: path, text: text, problem: problem)
    }

    /// A source from a file's bytes: its UTF-8 text, or the text with U+FFFD for the bad bytes and
    /// a `problem` at the first of them.
    public init(path: String, bytes: [UInt8]) {
        let (text, error) = bytes.withUnsafeBufferPointer { SourceText.decode($0) }
        self.init(path: path, text: text, problem: error)
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
