internal import CLibYAML
import Diagnostics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file the parser reads a piece at a time, as libyaml asks for bytes, so that the file is never
/// in memory whole. Its bytes are checked to be UTF-8 as they are read (`UTF8Check`), the first bad
/// byte is remembered with its offset, and reading stops past `limit` bytes: the same problems a
/// source read into a `String` reports, found on the way.
final class FileInput {
    /// Why reading stopped early.
    enum Failure: Equatable {
        /// The first byte that starts no valid UTF-8 sequence, and its offset in the file.
        case invalidUTF8(offset: Int, byte: UInt8)
        /// The file grew past the limit while it was read.
        case tooLarge
        /// `read(2)` failed with this `errno`.
        case readFailed(Int32)
    }

    /// Bytes read from the file at a time (libyaml takes at most 16 KB per call).
    static let chunkSize = 1 << 16

    private let descriptor: Int32
    private let limit: Int
    private let chunk: UnsafeMutableRawBufferPointer
    /// The unread part of `chunk`.
    private var next = 0
    private var end = 0
    /// Bytes read from the file so far (all of them once `atEnd`).
    private(set) var offset = 0
    private(set) var atEnd = false
    private(set) var failure: Failure?
    private var check = UTF8Check()

    /// Opens `path` for reading.
    init(path: String, limit: Int) throws(YAMLError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.unreadable(errno) }
        self.descriptor = descriptor
        self.limit = limit
        chunk = .allocate(byteCount: Self.chunkSize, alignment: 8)
    }

    deinit {
        close(descriptor)
        chunk.deallocate()
    }

    /// The file's size as `fstat` tells it, or `nil` when that fails.
    var size: Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Copies `count` bytes to `buffer`, fewer only at the end of the file, as libyaml's reader of a
    /// string does (so that libyaml sees the same pieces, and finds what it finds at the same
    /// events, either way): 0 at the end, `nil` when reading failed or the bytes read are not UTF-8
    /// (`failure` says which).
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Int? {
        guard failure == nil else { return nil }
        var copied = 0
        while copied < count {
            if next == end {
                guard fill() else { break }
            }
            let taken = min(count - copied, end - next)
            (buffer + copied).update(from: chunk.baseAddress!.advanced(by: next).assumingMemoryBound(to: UInt8.self), count: taken)
            next += taken
            copied += taken
        }
        return copied == 0 && failure != nil ? nil : copied
    }

    /// Reads the next chunk and checks it. False at the end of the file or on a failure.
    private func fill() -> Bool {
        guard !atEnd, failure == nil else { return false }
        while true {
            let count = readFile(descriptor, chunk.baseAddress, min(chunk.count, limit + 1 - offset))
            if count < 0 {
                if errno == EINTR { continue }
                failure = .readFailed(errno)
                return false
            }
            if count == 0 {
                atEnd = true
                if let bad = check.finish() { failure = .invalidUTF8(offset: bad.offset, byte: bad.byte) }
                return false
            }
            if let bad = check.check(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), at: offset) {
                failure = .invalidUTF8(offset: bad.offset, byte: bad.byte)
            }
            offset += count
            if offset > limit { failure = .tooLarge }
            next = 0
            end = count
            return failure == nil
        }
    }

    /// Reads and checks the rest of the file without handing it on, so that a problem found later
    /// in the file (bad bytes, too large) is known after the parser stopped early.
    func drain() {
        next = end
        while fill() { next = end }
    }

    /// The error `failure` stands for, with the line and column of a bad byte.
    func error(limits: Limits) -> YAMLError? {
        switch failure {
        case nil: return nil
        case .tooLarge: return .sizeLimit(bytes: limits.maxBytes + 1, limit: limits.maxBytes)
        case .invalidUTF8(let offset, let byte):
            let bytes = self.bytes(0..<offset + 3)
            return .invalidUTF8(byte: byte, at: bytes.withUnsafeBufferPointer { SourceText.mark(at: offset, in: $0) })
        case .readFailed(let code):
            return Self.unreadable(code)
        }
    }

    /// A file that can't be opened or read (it went away, or a disk failed, after it was listed).
    static func unreadable(_ code: Int32) -> YAMLError {
        .syntax(
            problem: "the file could not be read (\(String(cString: strerror(code)).lowercased()))",
            hint: "check that it exists and can be read, then run the command again", at: Mark(line: 1, column: 1))
    }

    /// The file's bytes in `range`, as far as the file has them (for error messages; read with
    /// `pread`, which leaves the parser's reading where it is).
    func bytes(_ range: Range<Int>) -> [UInt8] {
        guard !range.isEmpty else { return [] }
        return [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
            count = 0
            while count < range.count {
                let read = pread(descriptor, buffer.baseAddress! + count, range.count - count, off_t(range.lowerBound + count))
                if read < 0, errno == EINTR { continue }
                if read <= 0 { break }
                count += read
            }
        }
    }

    /// libyaml's read handler over a `FileInput` (its `data`).
    static let handler: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int, UnsafeMutablePointer<Int>?) -> Int32 =
        {
            data, buffer, size, sizeRead in
            guard let data, let buffer, let sizeRead else { return 0 }
            let input = Unmanaged<FileInput>.fromOpaque(data).takeUnretainedValue()
            guard let count = input.read(into: buffer, count: size) else { return 0 }
            sizeRead.pointee = count
            return 1
        }
}

/// `read(2)`, named apart from `FileInput.read(into:count:)`.
private func readFile(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
    #else
        Darwin.read(descriptor, buffer, count)
    #endif
}

/// Checks that bytes are UTF-8 as they arrive in pieces: a sequence may be split between two
/// pieces. The rules are the standard library's (no overlong forms, no surrogates, nothing past
/// U+10FFFF), and the byte reported is the one `SourceText.firstInvalidByte` reports: the first
/// byte of the first sequence that is not valid.
struct UTF8Check {
    /// Continuation bytes still expected, and the range the next one must fall in.
    private var needed = 0
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF
    /// The offset and value of the first byte of the open sequence.
    private var start = 0
    private var lead: UInt8 = 0

    /// Checks `bytes`, which start at offset `base` of the stream: the first bad sequence's
    /// offset and first byte, or `nil`.
    mutating func check(_ bytes: UnsafeRawBufferPointer, at base: Int) -> (offset: Int, byte: UInt8)? {
        var index = 0
        let count = bytes.count
        while index < count {
            if needed == 0 {
                // ASCII eight bytes at a time: templates are mostly ASCII.
                while index + 8 <= count, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
                let byte = bytes[index]
                index += 1
                if byte < 0x80 { continue }
                start = base + index - 1
                lead = byte
                switch byte {
                case 0xC2...0xDF: (needed, low, high) = (1, 0x80, 0xBF)
                case 0xE0: (needed, low, high) = (2, 0xA0, 0xBF)
                case 0xED: (needed, low, high) = (2, 0x80, 0x9F)
                case 0xE1...0xEF: (needed, low, high) = (2, 0x80, 0xBF)
                case 0xF0: (needed, low, high) = (3, 0x90, 0xBF)
                case 0xF1...0xF3: (needed, low, high) = (3, 0x80, 0xBF)
                case 0xF4: (needed, low, high) = (3, 0x80, 0x8F)
                default: return (start, byte)
                }
            } else {
                let byte = bytes[index]
                guard byte >= low, byte <= high else { return (start, lead) }
                needed -= 1
                (low, high) = (0x80, 0xBF)
                index += 1
            }
        }
        return nil
    }

    /// At the end of the stream: the unfinished sequence, if one is open.
    func finish() -> (offset: Int, byte: UInt8)? {
        needed > 0 ? (start, lead) : nil
    }
}

/// Lines of a file, read without holding the file in memory: what a diagnostic shows of a file
/// that was parsed from disk.
public enum SourceFileLines {
    /// Lines `numbers` (1-based, counted as marks count them: LF, CR, CRLF, NEL, LS and PS end a
    /// line) of the file at `path`, without their breaks, with U+FFFD for bytes that are not UTF-8:
    /// what `SourceExcerpt` takes from the file's whole text. Lines the file doesn't have get no
    /// entry, and neither does anything in an empty file or one that can't be opened.
    public static func read(_ numbers: Set<Int>, ofFile path: String) -> [Int: String] {
        guard let last = numbers.max(), last >= 1 else { return [:] }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [:] }
        defer { close(descriptor) }
        var lines: [Int: String] = [:]
        var pending: [UInt8] = [] // bytes read and not yet looked at
        var current: [UInt8] = [] // the wanted line being read
        var line = 1
        var total = 0
        var atEnd = false
        var chunk = [UInt8](repeating: 0, count: FileInput.chunkSize)
        while !atEnd {
            let count = chunk.withUnsafeMutableBytes { readFile(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                atEnd = true
            } else {
                pending.append(contentsOf: chunk[0..<count])
                total += count
            }
            // Two bytes are kept back until the end: a break (CRLF, NEL, LS, PS) may be split.
            let stop = atEnd ? pending.count : pending.count - 2
            var index = 0
            pending.withUnsafeBufferPointer { bytes in
                while index < stop {
                    let byte = bytes[index]
                    guard byte == 0x0A || byte == 0x0D || byte == 0xC2 || byte == 0xE2,
                        let length = SourceExcerpt.breakLength(bytes, at: index)
                    else {
                        if numbers.contains(line) { current.append(byte) }
                        index += 1
                        continue
                    }
                    if numbers.contains(line) {
                        lines[line] = String(decoding: current, as: UTF8.self)
                        current.removeAll()
                    }
                    line += 1
                    index += length
                    if line > last { break }
                }
            }
            if line > last { return lines }
            pending.removeSubrange(0..<min(index, pending.count))
        }
        if total > 0, numbers.contains(line) { lines[line] = String(decoding: current, as: UTF8.self) }
        return lines
    }
}
