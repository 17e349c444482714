import Diagnostics
import Foundation

/// The one escaping function for user text in Markdown output: agendas, schedules, reports,
/// progress and match results all go through it, so a name like `<script>` reads the same in each.
///
/// Markdown is often turned into HTML (by a wiki, a chat tool, a Git host), where raw `<` starts a
/// tag. Hand-written: the escaping is CommonMark's backslash rule for a handful of characters, which
/// no package in the mirror offers on its own.
public enum MarkdownText {
    /// `text` on one line, with what Markdown would read as formatting backslash-escaped (the
    /// backslash, backtick, asterisk, underscore, less-than sign, square brackets, vertical bar and
    /// tilde), a leading `#`, `>`, `-`, `+`, `=` or `12.` that would start a
    /// heading, quote or list, and control characters written as `\u{1B}` (never sent to a terminal).
    public static func inline(_ text: String) -> String {
        if isPlain(text) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.trimmingCharacters(in: .whitespacesAndNewlines) {
            switch character {
            case "\\", "`", "*", "_", "<", "[", "]", "|", "~": result += "\\\(character)"
            case "\n", "\r\n", "\r", "\t": result += " "
            default:
                if character.unicodeScalars.contains(where: SourceExcerpt.isUnsafe) {
                    result += SourceExcerpt.escaped(String(character)).replacingOccurrences(of: "\\", with: "\\\\")
                } else {
                    result.append(character)
                }
            }
        }
        if let first = result.first, "#>-+=".contains(first) { return "\\" + result }
        let digits = result.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let next = result.dropFirst(digits.count).first, next == "." || next == ")" {
            return digits + "\\" + result.dropFirst(digits.count)
        }
        return result
    }

    /// True when `inline` would return `text` unchanged: printable ASCII with nothing to escape,
    /// no space at either end, and no start that Markdown reads as a heading, quote or list. A
    /// byte scan, because a match page escapes every name of a 50,000-person roster and the
    /// character-by-character path cost a second there.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return bytes.isEmpty }
            if (0x30...0x39).contains(first) || "#>-+=".utf8.contains(first) { return false }
            for byte in bytes {
                switch byte {
                case 0x20...0x7E:
                    if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_")
                        || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                        || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "~")
                    {
                        return false
                    }
                default: return false
                }
            }
            return true
        } ?? false // not contiguous (a bridged string): the general path
    }
}
