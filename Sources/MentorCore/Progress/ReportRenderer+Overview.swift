import Foundation

extension ReportRenderer {
    /// "2 of 2 partnerships started · 0 ended early (0%)".
    public static func dropout(_ overview: ProgramReport.Overview) -> String {
        let share = overview.started == 0 ? 0 : Int((Double(overview.endedEarly) / Double(overview.started) * 100).rounded())
        return "\(overview.endedEarly) of \(overview.started) partnership\(overview.started == 1 ? "" : "s") started ended early "
            + "(dropout \(share)%)"
    }

    /// "8 of 10 came", "not recorded yet".
    public static func attendance(_ event: ProgramReport.Overview.EventLine) -> String {
        event.attended.map { "\($0) of \(event.invited) came" } ?? "\(event.invited) invited; attendance not recorded yet"
    }

    /// The overview as Markdown: engagement by month, events, early endings, warnings.
    static func markdown(_ overview: ProgramReport.Overview) -> [String] {
        let md = MarkdownText.inline
        var lines = ["", "## The program", "", md(dropout(overview)) + "."]
        if let decline = overview.decline { lines += ["", "**Waning interest:** \(md(decline))."] }
        if !overview.months.isEmpty {
            lines += ["", "| Month | Meetings held / planned | Share held |", "| --- | ---: | --- |"]
            for month in overview.months {
                let share = month.planned == 0 ? 0 : month.held * 100 / month.planned
                lines.append(
                    "| \(month.month) | \(month.held) / \(month.planned) | \(String(repeating: "█", count: share / 10)) \(share)% |")
            }
        }
        if !overview.events.isEmpty {
            lines += ["", "| Event | Date | Attendance |", "| --- | --- | --- |"]
            for event in overview.events {
                lines.append("| \(md(event.kind.rawValue)): \(md(event.title)) | \(event.date) | \(md(attendance(event))) |")
            }
        }
        if !overview.missedBeforeStart.isEmpty {
            lines += ["", "Missed before their partnership began:"] + overview.missedBeforeStart.map { "- \(md($0))" }
        }
        if !overview.knowledgeAtRisk.isEmpty {
            lines += ["", "Knowledge at risk:"] + overview.knowledgeAtRisk.map { "- \(md($0))" }
        }
        return lines
    }

    /// The overview as HTML: the same but the months, which ``ReportChart`` draws.
    static func html(_ overview: ProgramReport.Overview) -> String {
        var html = "<section class=\"overview\"><h2>The program</h2><p>\(escape(dropout(overview))).</p>"
        if let decline = overview.decline { html += "<p class=\"decline\"><strong>Waning interest:</strong> \(escape(decline)).</p>" }
        if !overview.events.isEmpty {
            html += "<table><thead><tr><th>Event</th><th>Date</th><th>Attendance</th></tr></thead><tbody>"
            for event in overview.events {
                html +=
                    "<tr><td>\(escape(event.kind.rawValue)): \(escape(event.title))</td><td>\(event.date)</td>"
                    + "<td>\(escape(attendance(event)))</td></tr>"
            }
            html += "</tbody></table>"
        }
        if !overview.missedBeforeStart.isEmpty {
            html +=
                "<h3>Missed before their partnership began</h3><ul>"
                + overview.missedBeforeStart.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        if !overview.knowledgeAtRisk.isEmpty {
            html += "<h3>Knowledge at risk</h3><ul>" + overview.knowledgeAtRisk.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        return html + "</section>\n"
    }
}
