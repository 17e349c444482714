import Diagnostics

/// Turns a file's bytes into the text the parser reads, and byte offsets into marks.
public enum SourceText {
    /// The UTF-8 text of `bytes`. When they are not UTF-8, `error` is `.invalidUTF8` at the line
    /// and column of the first bad byte, and `text` has each bad sequence replaced by U+FFFD, so
    /// that a diagnostic can still show the line (columns count the same either way).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, error: YAMLError?) {
        if let text = validated(bytes) { return (text, nil) }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let offset = firstInvalidByte(in: bytes) else { return (text, nil) }
        return (text, .invalidUTF8(byte: bytes[offset], at: mark(at: offset, in: bytes)))
    }

    /// `bytes` as a String when they are valid UTF-8; the standard library's validation is fast
    /// even in debug builds, which matters for 64 MB files.
    private static func validated(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if #available(macOS 15, iOS 18, *) {
            return String(validating: bytes, as: UTF8.self)
        }
        return firstInvalidByte(in: bytes) == nil ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// The offset of the first byte that starts no valid UTF-8 sequence, or `nil`. ASCII is skipped
    /// eight bytes at a time (templates are mostly ASCII); the rest goes through the standard
    /// library's UTF-8 parser.
    public static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var offset = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= bytes.count, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                offset += 8
            }
        }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = UnsafeBufferPointer(rebasing: bytes[offset...]).makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// The line and column of byte `offset`, counted as libyaml counts them: lines end at LF, CR,
    /// CRLF, NEL, LS and PS; columns count characters (Unicode scalars), not bytes.
    public static func mark(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Mark {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            if let length = SourceExcerpt.breakLength(bytes, at: index) {
                line += 1
                column = 1
                index += length
            } else {
                if bytes[index] & 0xC0 != 0x80 { column += 1 } // continuation bytes belong to the character before
                index += 1
            }
        }
        return Mark(line: line, column: column)
    }
}
