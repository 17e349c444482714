import Diagnostics

/// Splits CSV text (RFC 4180: commas, double quotes, `""` inside quotes, CRLF or LF) into
/// records whose fields keep their line and column.
///
/// Written by hand because the CSV package available here (CSV.swift) reports no positions and
/// silently accepts an unclosed quote, while a coordinator fixing a roster in a spreadsheet needs
/// `roster.csv:14:22` and a plain reason. It works on UTF-8 bytes; columns count characters.
struct CSVRecords {
    /// One field and where it starts.
    struct Field {
        var text: String
        var mark: Mark
    }

    /// The records, blank lines left out.
    private(set) var records: [[Field]] = []

    /// Parses `text`; throws at an unclosed quote or text after a closing quote.
    init(_ text: String) throws(CSVSyntaxError) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) } // spreadsheets write a byte-order mark
        var line = 1
        var lineStart = 0
        var index = 0
        var record: [Field] = []
        func column(_ at: Int) -> Int {
            1 + String(decoding: bytes[lineStart..<at], as: UTF8.self).count
        }
        while index <= bytes.count {
            let mark = Mark(line: line, column: column(min(index, bytes.count)))
            var field: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                index += 1
                while true {
                    guard index < bytes.count else {
                        throw CSVSyntaxError(message: "this quoted field is never closed; add the closing '\"'", mark: mark)
                    }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if byte == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = index + 1
                    }
                    field.append(byte)
                    index += 1
                }
                if index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index]) {
                    throw CSVSyntaxError(
                        message: "text follows a closing quote; put the whole field in quotes and write a quote inside as '\"\"'",
                        mark: Mark(line: line, column: column(index)))
                }
            } else {
                while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index]) {
                    field.append(bytes[index])
                    index += 1
                }
            }
            record.append(Field(text: String(decoding: field, as: UTF8.self), mark: mark))
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            // End of the record: a line break or the end of the text.
            if !(record.count == 1 && record[0].text.isEmpty) { records.append(record) }
            record = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\r") { index += 1 }
            if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
            line += 1
            lineStart = index
            if index >= bytes.count { break }
        }
    }
}

/// Malformed CSV.
struct CSVSyntaxError: Error {
    var message: String
    var mark: Mark
}
