import Foundation
import PlanYAML

/// The one escaping function for user text in Markdown output: agendas, schedules, reports,
/// progress and match results all go through it, so a name like `<script>` reads the same in each.
///
/// Markdown is often turned into HTML (by a wiki, a chat tool, a Git host), where raw `<` starts a
/// tag. Hand-written: the escaping is CommonMark's backslash rule for a handful of characters, which
/// no package in the mirror offers on its own.
public enum MarkdownText {
    /// `text` on one line, with what Markdown would read as formatting backslash-escaped:
    /// `` \ ` * _ < [ ] | ~ ``, a leading `#`, `>`, `-`, `+`, `=` or `12.` that would start a
    /// heading, quote or list, and control characters written as `\u{1B}` (never sent to a terminal).
    public static func inline(_ text: String) -> String {
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
}
