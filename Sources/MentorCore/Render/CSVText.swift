/// Writes CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a
/// quote or a line break, its quotes doubled) with text cells neutralised against spreadsheet
/// formulas (``SpreadsheetCell``). Written here because the CSV libraries in the package mirror
/// read CSV; writing it is these few lines.
public enum CSVText {
    /// One cell: text from people, neutralised and quoted as needed.
    public static func text(_ value: String) -> String {
        quoted(SpreadsheetCell.neutralised(value))
    }

    /// One cell holding a number the program computed (never neutralised: a count stays a number).
    public static func number(_ value: Int?) -> String { value.map(String.init) ?? "" }

    /// The field quoted when it must be.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows of cells (each already made by ``text(_:)`` or ``number(_:)``) as a file.
    public static func file(header: [String], rows: [[String]]) -> String {
        ([header.map(text)] + rows).map { $0.joined(separator: ",") + "\r\n" }.joined()
    }
}
