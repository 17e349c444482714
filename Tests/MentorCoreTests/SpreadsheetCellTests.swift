import MentorCore
import Testing

@Suite("Spreadsheet-safe cells")
struct SpreadsheetCellTests {
    @Test(
        "a cell a spreadsheet would run as a formula gets a leading quote",
        arguments: [
            ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
            ("  =HYPERLINK(\"http://x\")", "'  =HYPERLINK(\"http://x\")"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
        ])
    func quoted(input: String, expected: String) {
        #expect(SpreadsheetCell.neutralised(input) == expected)
        #expect(SpreadsheetCell.needsQuote(input))
    }

    @Test("other text is left as it is", arguments: ["", "Priya Natarajan", "a=b", "x-1", "'=already quoted", "   ", "12", "Ørsted"])
    func untouched(input: String) {
        #expect(SpreadsheetCell.neutralised(input) == input)
        #expect(!SpreadsheetCell.needsQuote(input))
    }
}
