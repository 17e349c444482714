/// The piece of a source line a diagnostic echoes: at most `width` characters around the column,
/// `…` where it is cut, control and direction-changing characters written as `\u{1B}`, and the
/// caret line's indent built from the same pieces so the caret stays under the right character.
///
/// Hand-written: no listed package cuts and escapes a line for a terminal while keeping a caret
/// aligned, and the source may be one 64 MB line, so it must not copy or scan the whole line.
public struct SourceExcerpt: Sendable, Equatable {
    /// The text shown after `N | `.
    public var text: String
    /// The indent shown before the caret (spaces, and tabs where the shown text has tabs).
    public var caretIndent: String

    /// Characters shown at most, not counting the `…` marks.
    public static let defaultWidth = 120

    /// The excerpt of `line` (1-based) of `source` around `column` (1-based, in Unicode scalars as
    /// libyaml counts them); `nil` when the source has no such line.
    public init?(source: String, line: Int, column: Int, width: Int = defaultWidth) {
        guard let bytes = Self.line(line, of: source) else { return nil }
        self.init(line: source.unicodeScalars[bytes], column: column, width: width)
    }

    /// The excerpt of one line's characters around `column`.
    init(line scalars: Substring.UnicodeScalarView, column: Int, width: Int) {
        let caret = max(column - 1, 0)
        // Skip to the first character shown with the standard library's index walk: a loop here
        // would be slow on a 64 MB line in debug builds.
        let first = max(0, caret - width / 2)
        let start = scalars.index(scalars.startIndex, offsetBy: first, limitedBy: scalars.endIndex) ?? scalars.endIndex
        var text = first > 0 ? "…" : ""
        var indent = first > 0 ? " " : ""
        var index = first
        for scalar in scalars[start...] {
            defer { index += 1 }
            if index >= first + width {
                text += "…"
                break
            }
            let shown = Self.shown(scalar)
            text += shown
            if index < caret { indent += scalar == "\t" ? "\t" : String(repeating: " ", count: Self.columns(shown, scalar)) }
        }
        if index < caret { indent += String(repeating: " ", count: min(caret - index, width)) }
        self.text = text
        caretIndent = indent
    }

    // MARK: - Characters

    /// `scalar` as shown: itself, or `\u{…}` for a control or bidirectional formatting character,
    /// which would otherwise move the cursor, change colours or reorder the text on screen.
    static func shown(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\t" { return "\t" }
        return isUnsafe(scalar) ? "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" : String(scalar)
    }

    /// True for C0 and C1 controls, DEL, and the characters that change text direction or hide text.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x08, 0x0A...0x1F, 0x7F...0x9F: return true
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// `text` with every unsafe character (see `isUnsafe`) and tab written as `\u{…}`, for one-line messages.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) || $0 == "\t" }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            result += isUnsafe(scalar) || scalar == "\t" ? "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" : String(scalar)
        }
        return result
    }

    /// Terminal columns `shown` takes: 0 for combining marks, 2 for wide East Asian characters
    /// and emoji, else its length (an escape is several ASCII characters).
    static func columns(_ shown: String, _ scalar: Unicode.Scalar) -> Int {
        guard shown.unicodeScalars.count == 1 else { return shown.unicodeScalars.count }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    // MARK: - Lines

    /// The UTF-8 range of line `number` (1-based) of `source`, without its line break. Lines end
    /// where libyaml ends them: at LF, CR, CRLF, NEL, LS and PS. Scans bytes, not characters.
    static func line(_ number: Int, of source: String) -> Range<String.Index>? {
        guard number >= 1 else { return nil }
        var source = source
        let offsets: Range<Int>? = source.withUTF8 { bytes in
            var current = 1
            var start = 0
            var index = 0
            while index < bytes.count {
                // Test the byte here before calling: debug builds don't inline, and this runs per byte.
                let byte = bytes[index]
                guard byte == 0x0A || byte == 0x0D || byte == 0xC2 || byte == 0xE2, let length = breakLength(bytes, at: index) else {
                    index += 1
                    continue
                }
                if current == number { return start..<index }
                current += 1
                index += length
                start = index
            }
            return current == number ? start..<bytes.count : nil
        }
        guard let offsets else { return nil }
        let utf8 = source.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
        return lower..<utf8.index(lower, offsetBy: offsets.count)
    }

    /// The byte length of the line break at `index`, or `nil` when none starts there: the
    /// breaks libyaml counts (LF, CR, CRLF, NEL, LS, PS), defined here once for every line count.
    @inline(__always)
    public static func breakLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index]
        guard byte == 0x0A || byte == 0x0D || byte == 0xC2 || byte == 0xE2 else { return nil }
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        switch byte {
        case 0x0A: return 1
        case 0x0D: return next == 0x0A ? 2 : 1
        case 0xC2: return next == 0x85 ? 2 : nil
        default:
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            return next == 0x80 && (third == 0xA8 || third == 0xA9) ? 3 : nil
        }
    }
}
