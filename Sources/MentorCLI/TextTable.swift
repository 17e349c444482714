/// A plain-text table with aligned columns, for terminal output.
/// Hand-written: ordo-one/TextTable is built for benchmark output and pulls no weight here.
struct TextTable {
    var header: [String]
    var rows: [[String]]
    /// Indexes of columns to align right (numbers).
    var rightAligned: Set<Int> = []

    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
            .replacing(/\s+$/, with: "")
        }
        .joined(separator: "\n")
    }
}
