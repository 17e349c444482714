import Foundation

/// Renders a program report as Markdown or HTML for coordinators, or JSON for programs.
public enum ReportRenderer {
    /// The report as Markdown: a summary table, then one section per group.
    public static func markdown(_ report: ProgramReport) -> String {
        var lines = ["# \(report.program): progress on \(report.date)", ""]
        let held = report.groups.reduce(0) { $0 + $1.held }, planned = report.groups.reduce(0) { $0 + $1.planned }
        let atRisk = report.groups.filter { !$0.risks.isEmpty }.count
        let exits = report.groups.filter { $0.exitBy != nil }.count
        lines.append("\(report.groups.count) groups · \(held) of \(planned) meetings held so far · "
            + "\(atRisk) at risk · \(exits) ended early")
        if report.includesPrivate { lines += ["", "> Includes private notes and exit reasons: keep within the partnership."] }
        lines += ["", "| Group | Held / planned | Last meeting | Goals achieved / set | Check-ins | Status |",
                  "| --- | ---: | --- | ---: | ---: | --- |"]
        for group in report.groups {
            let goals = group.goalsOpen + group.goalsAchieved + group.goalsDropped
            lines.append("| \(group.group) | \(group.held) / \(group.planned) | \(lastMeeting(group)) | "
                + "\(group.goalsAchieved) / \(goals) | \(group.checkInsDone) / \(group.checkInsDue) | \(status(group)) |")
        }
        for group in report.groups {
            lines += ["", "## \(group.group)", "", "Members: \(group.members.joined(separator: ", "))"]
            if let exit = group.exitBy {
                lines.append("Ended early by \(exit), no fault attached" + (group.exitReason.map { ": \($0)" } ?? "."))
            }
            if !group.risks.isEmpty { lines.append("At risk: \(group.risks.joined(separator: "; ")).") }
            lines.append("Actions: \(group.actionsOpen) open, \(group.actionsOverdue) overdue. Meetings missed: \(group.missed).")
            if !group.measures.isEmpty { lines += [""] + group.measures.map { "- \($0.name): \($0.value)" } }
            if !group.trainingNeeds.isEmpty { lines += ["", "Training needs: " + group.trainingNeeds.joined(separator: "; ")] }
            if !group.feedback.isEmpty { lines += ["", "Feedback:"] + group.feedback.map { "- \($0)" } }
            if let notes = group.notes, !notes.isEmpty { lines += ["", "Private notes:"] + notes.map { "- \($0)" } }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as a standalone HTML page (the Markdown's content, escaped).
    public static func html(_ report: ProgramReport) -> String {
        var rows = ""
        for group in report.groups {
            let goals = group.goalsOpen + group.goalsAchieved + group.goalsDropped
            rows += "<tr class=\"\(group.risks.isEmpty ? "ok" : "risk")\"><td>\(escape(group.group))</td>"
                + "<td>\(group.held) / \(group.planned)</td><td>\(escape(lastMeeting(group)))</td>"
                + "<td>\(group.goalsAchieved) / \(goals)</td><td>\(group.checkInsDone) / \(group.checkInsDue)</td>"
                + "<td>\(escape(status(group)))</td></tr>\n"
        }
        var details = ""
        for group in report.groups {
            details += "<section><h2>\(escape(group.group))</h2><p>Members: \(escape(group.members.joined(separator: ", ")))</p>"
            if let exit = group.exitBy {
                details += "<p>Ended early by \(escape(exit)), no fault attached\(group.exitReason.map { ": " + escape($0) } ?? ".")</p>"
            }
            details += "<ul>" + group.measures.map { "<li>\(escape($0.name)): \(escape($0.value))</li>" }.joined() + "</ul>"
            if let notes = group.notes, !notes.isEmpty {
                details += "<h3>Private notes</h3><ul>" + notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
            }
            details += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(escape(report.program)): progress</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
            tr.risk td:last-child{color:#b45309;font-weight:600}</style></head>
            <body>
            <h1>\(escape(report.program)): progress on \(report.date)</h1>
            <table><thead><tr><th>Group</th><th>Held / planned</th><th>Last meeting</th><th>Goals achieved / set</th><th>Check-ins</th><th>Status</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            \(details)</body>
            </html>

            """
    }

    /// The report as pretty JSON with sorted keys.
    public static func json(_ report: ProgramReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    static func lastMeeting(_ group: ProgramReport.Group) -> String {
        guard let date = group.lastMeeting else { return "none yet" }
        return "\(date) (\(group.daysSinceLastMeeting ?? 0) days ago)"
    }

    static func status(_ group: ProgramReport.Group) -> String {
        if group.exitBy != nil { return "ended early" }
        return group.risks.isEmpty ? "on track" : "at risk: " + group.risks.joined(separator: "; ")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
