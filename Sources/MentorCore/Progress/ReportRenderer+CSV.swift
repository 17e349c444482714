import Foundation

extension ReportRenderer {
    /// The columns of ``csv(_:)``, in order.
    public static let csvColumns = [
        "group", "members", "status", "risks", "planned", "held", "missed", "last_meeting", "days_since_last_meeting",
        "goals_open", "goals_achieved", "goals_dropped", "actions_open", "actions_overdue", "check_ins_done", "check_ins_due",
        "ratings", "average_rating", "exit_by", "left",
    ]

    /// The report's groups as CSV, one row per group, for a coordinator's spreadsheet: what the
    /// Markdown table shows, with each count in its own column. Text from the program file or the
    /// journal is neutralised against formula injection (``SpreadsheetCell``). Private notes,
    /// answers and reasons are never in it, even in a report made with them.
    public static func csv(_ report: ProgramReport) -> String {
        let rows = report.groups.map { group -> [String] in
            let average =
                group.ratings.isEmpty
                ? ""
                : String(format: "%.2f", Double(group.ratings.reduce(0, +)) / Double(group.ratings.count))
            return [
                CSVText.text(group.group), CSVText.text(group.members.joined(separator: "; ")),
                CSVText.text(group.exitBy != nil ? "ended early" : group.risks.isEmpty ? "on track" : "at risk"),
                CSVText.text(group.risks.joined(separator: "; ")),
                CSVText.number(group.planned), CSVText.number(group.held), CSVText.number(group.missed),
                CSVText.text(group.lastMeeting?.description ?? ""), CSVText.number(group.daysSinceLastMeeting),
                CSVText.number(group.goalsOpen), CSVText.number(group.goalsAchieved), CSVText.number(group.goalsDropped),
                CSVText.number(group.actionsOpen), CSVText.number(group.actionsOverdue),
                CSVText.number(group.checkInsDone), CSVText.number(group.checkInsDue),
                CSVText.text(group.ratings.map(String.init).joined(separator: " ")), average,
                CSVText.text(group.exitBy ?? ""),
                CSVText.text(group.departures.map { "\($0.name) on \($0.date)" }.joined(separator: "; ")),
            ]
        }
        return CSVText.file(header: csvColumns, rows: rows)
    }
}
