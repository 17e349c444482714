import Foundation

/// Renders a program report as Markdown or HTML for coordinators, or JSON for programs.
public enum ReportRenderer {
    /// The report as Markdown: a summary table, then one section per group. Every text that comes
    /// from a program file or the journal (names, notes, feedback) is escaped by `MarkdownText`.
    public static func markdown(_ report: ProgramReport) -> String {
        let md = MarkdownText.inline
        var lines = ["# \(md(report.program)): progress on \(report.date)", "", md(summary(report))]
        if report.includesPrivate { lines += ["", "> Includes private notes and exit reasons: keep within the partnership."] }
        lines += [
            "",
            "| Group | Held / planned | Last meeting | Goals achieved / set | Check-in meetings held / due | Check-in rating | Status |",
            "| --- | ---: | --- | ---: | ---: | ---: | --- |",
        ]
        for group in report.groups {
            let goals = group.goalsOpen + group.goalsAchieved + group.goalsDropped
            lines.append(
                "| \(md(group.group)) | \(group.held) / \(group.planned) | \(md(lastMeeting(group))) | "
                    + "\(group.goalsAchieved) / \(goals) | \(group.checkInsDone) / \(group.checkInsDue) | \(rating(group.ratings)) | \(md(status(group))) |"
            )
        }
        if let overview = report.overview { lines += markdown(overview) }
        for group in report.groups {
            lines += ["", "## \(md(group.group))"]
            for block in details(group) {
                switch block {
                case .paragraph(let text): lines += ["", md(text)]
                case .list(let title, let items): lines += ["", "\(md(title)):"] + items.map { "- \(md($0))" }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "3 groups · 5 of 12 meetings held so far · 1 at risk · 0 ended early · 1 person left"
    /// (people who left are counted when there are any).
    public static func summary(_ report: ProgramReport) -> String {
        let held = report.groups.reduce(0) { $0 + $1.held }
        let planned = report.groups.reduce(0) { $0 + $1.planned }
        let atRisk = report.groups.filter { !$0.risks.isEmpty }.count
        let exits = report.groups.filter { $0.exitBy != nil }.count
        let left = report.groups.reduce(0) { $0 + $1.departures.count }
        let ratings = report.ratings
        let checkIns = ratings.isEmpty ? "" : " · check-in rating \(rating(ratings)) (\(distribution(ratings)))"
        return
            "\(report.groups.count) group\(report.groups.count == 1 ? "" : "s") · \(held) of \(planned) meetings held so far · \(atRisk) at risk · \(exits) ended early"
            + (left == 0 ? "" : " · \(left) \(left == 1 ? "person" : "people") left")
            + checkIns
    }

    /// "4.3 of 6 check-ins", or "none yet".
    public static func rating(_ ratings: [Int]) -> String {
        guard !ratings.isEmpty else { return "none yet" }
        let average = Double(ratings.reduce(0, +)) / Double(ratings.count)
        return String(format: "%.1f", average) + " of \(ratings.count) check-in\(ratings.count == 1 ? "" : "s")"
    }

    /// "1: 0, 2: 1, 3: 0, 4: 3, 5: 2": how many check-ins gave each rating.
    static func distribution(_ ratings: [Int]) -> String {
        ProgressRules.ratings.map { value in "\(value): \(ratings.filter { $0 == value }.count)" }.joined(separator: ", ")
    }

    /// A piece of a group's section, rendered the same way in Markdown and HTML.
    enum Block {
        case paragraph(String)
        case list(String, [String])
    }

    /// A group's section: members, exit, risks, actions, measures, training needs, feedback, notes.
    static func details(_ group: ProgramReport.Group) -> [Block] {
        var blocks: [Block] = [.paragraph("Members: \(group.members.joined(separator: ", "))")]
        if let exit = group.exitBy {
            blocks.append(.paragraph("Ended early when \(exit) left, no fault attached" + (group.exitReason.map { ": \($0)" } ?? ".")))
        }
        // A pair's one departure is its end, said above; in a group that went on, each one is listed.
        if !group.departures.isEmpty, !(group.exitBy != nil && group.departures.count == 1) {
            blocks.append(
                .list(
                    "Left the group (no fault attached)",
                    group.departures.map { left in
                        "\(left.name) on \(left.date)" + (left.reason.map { ": \($0)" } ?? "")
                    }))
        }
        if !group.risks.isEmpty { blocks.append(.paragraph("At risk: \(group.risks.joined(separator: "; ")).")) }
        blocks.append(.paragraph("Actions: \(group.actionsOpen) open, \(group.actionsOverdue) overdue. Meetings missed: \(group.missed)."))
        if let goals = group.goals, !goals.isEmpty {
            blocks.append(
                .list(
                    "Goals",
                    goals.map { goal in
                        let part =
                            goal.plan.map { " (\($0)" + (goal.target.map { ", by \($0)" } ?? "") + ")" } ?? goal.target.map {
                                " (by \($0))"
                            } ?? ""
                        let status = goal.status == .set || goal.status == .updated ? "open" : goal.status.rawValue
                        return "\(goal.id) \(goal.text)\(part): \(status)"
                    }))
        }
        if let actions = group.actions, !actions.isEmpty {
            blocks.append(
                .list(
                    "Action items",
                    actions.map { action in
                        let who = [action.owner, action.due.map { "due \($0)" }].compactMap { $0 }.joined(separator: ", ")
                        let status = action.done ? "done" : action.overdue ? "overdue" : "open"
                        return "\(action.id) \(action.text)" + (who.isEmpty ? "" : " (\(who))") + ": \(status)"
                    }))
        }
        if !group.ratings.isEmpty {
            blocks.append(
                .paragraph(
                    "Check-in ratings: \(group.ratings.map(String.init).joined(separator: ", ")) "
                        + "(average \(rating(group.ratings)))."))
        }
        if let answers = group.answers, !answers.isEmpty { blocks.append(.list("Check-in answers (private)", answers)) }
        if !group.measures.isEmpty { blocks.append(.list("Measures", group.measures.map { "\($0.name): \($0.value)" })) }
        if !group.trainingNeeds.isEmpty { blocks.append(.list("Training needs", group.trainingNeeds)) }
        if !group.feedback.isEmpty { blocks.append(.list("Feedback", group.feedback)) }
        if let notes = group.notes, !notes.isEmpty { blocks.append(.list("Private notes", notes)) }
        return blocks
    }

    /// The report as a standalone HTML page (the Markdown's content, escaped).
    public static func html(_ report: ProgramReport) -> String {
        var rows = ""
        for group in report.groups {
            let goals = group.goalsOpen + group.goalsAchieved + group.goalsDropped
            rows +=
                "<tr class=\"\(group.risks.isEmpty ? "ok" : "risk")\"><td>\(escape(group.group))</td>"
                + "<td>\(group.held) / \(group.planned)</td><td>\(escape(lastMeeting(group)))</td>"
                + "<td>\(group.goalsAchieved) / \(goals)</td><td>\(group.checkInsDone) / \(group.checkInsDue)</td>"
                + "<td>\(escape(rating(group.ratings)))</td>"
                + "<td>\(escape(status(group)))</td></tr>\n"
        }
        var sections = ""
        for group in report.groups {
            sections += "<section><h2>\(escape(group.group))</h2>"
            for block in details(group) {
                switch block {
                case .paragraph(let text): sections += "<p>\(escape(text))</p>"
                case .list(let title, let items):
                    sections += "<h3>\(escape(title))</h3><ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
                }
            }
            sections += "</section>\n"
        }
        let privateNote =
            report.includesPrivate
            ? "<p class=\"private\">Includes private notes and exit reasons: keep within the partnership.</p>\n" : ""
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(escape(report.program)): progress</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
            h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}h3{font-size:1rem;margin-bottom:.25rem}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
            td:nth-child(-n+6){white-space:nowrap}tr.risk td:last-child{color:#b45309;font-weight:600}
            .private{border-left:4px solid #b45309;padding-left:.5rem}
            .charts{display:flex;flex-wrap:wrap;gap:1rem}figure.chart{margin:0;max-width:100%;overflow-x:auto}
            figcaption{font-weight:600;font-size:.9rem}</style></head>
            <body>
            <h1>\(escape(report.program)): progress on <span style="white-space:nowrap">\(report.date)</span></h1>
            <p>\(escape(summary(report)))</p>
            \(privateNote)
            <table><thead><tr><th>Group</th><th>Held / planned</th><th>Last meeting</th><th>Goals achieved / set</th><th>Check-in meetings held / due</th><th>Check-in rating</th><th>Status</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            <section class="charts">
            \(ReportChart.charts(for: report).map { $0.html() }.joined())</section>
            \(report.overview.map(html) ?? "")\(sections)</body>
            </html>

            """
    }

    /// The report as pretty JSON with sorted keys.
    public static func json(_ report: ProgramReport) throws -> String {
        try StableJSON.string(report)
    }

    /// "2027-03-02 (12 days ago)", or "none yet".
    public static func lastMeeting(_ group: ProgramReport.Group) -> String {
        guard let date = group.lastMeeting else { return "none yet" }
        return "\(date) (\(group.daysSinceLastMeeting ?? 0) days ago)"
    }

    /// "on track", "ended early", or "at risk: " and the reasons.
    public static func status(_ group: ProgramReport.Group) -> String {
        if group.exitBy != nil { return "ended early" }
        return group.risks.isEmpty ? "on track" : "at risk: " + group.risks.joined(separator: "; ")
    }

    /// HTML escaping, shared with the agenda pages.
    static func escape(_ text: String) -> String { AgendaRenderer.escape(text) }
}
