extension AgendaRenderer {
    /// One meeting's agenda as a standalone, printable HTML page. All user text is escaped.
    public static func html(_ agenda: Agenda) -> String {
        let e = escape
        let end = AgendaText.clock(agenda.time, plus: agenda.minutes)
        var body = [
            "<h1>\(e(agenda.program)): \(e(agenda.group))</h1>",
            "<p class=\"when\"><strong>Meeting \(agenda.meeting) of \(agenda.meetings)</strong> · "
                + "\(AgendaText.weekday(agenda.date)) \(agenda.date) · \(agenda.time)–\(end) · \(AgendaText.phase(agenda.phase))</p>",
        ]
        if let facilitator = agenda.facilitator { body.append("<p>Facilitator: \(e(facilitator))</p>") }
        if let spotlight = agenda.spotlight { body.append("<p>Spotlight: \(e(spotlight))</p>") }
        body.append("<p>Participants: " + agenda.participants.map { "\(e($0.name)) (\(e($0.role)))" }.joined(separator: ", ") + "</p>")
        body.append("<ol class=\"items\">")
        for item in agenda.items {
            body.append("<li class=\"item \(item.kind.rawValue)\">")
            body.append("<h2><span class=\"time\">\(AgendaText.span(agenda.time, start: item.start, minutes: item.minutes))</span> "
                + "\(e(item.title)) <span class=\"minutes\">(\(item.minutes) min)</span></h2>")
            body.append("<p class=\"lead\">Led by: \(e(item.lead))" + (item.plan.map { " · from plan '\(e($0))'" } ?? "") + "</p>")
            if item.confidential {
                body.append("<p class=\"confidential\">Confidential: notes on this item stay within the group.</p>")
            }
            if let guidance = item.guidance { body.append("<p class=\"guidance\"><em>\(e(guidance))</em></p>") }
            if !item.prompts.isEmpty {
                body.append("<ul>" + item.prompts.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
            }
            body.append("</li>")
        }
        body.append("</ol>")
        let total = agenda.items.reduce(0) { $0 + $1.minutes }
        body.append("<p class=\"total\">\(agenda.items.count) items, \(total) of \(agenda.minutes) minutes.</p>")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(e(agenda.program)): meeting \(agenda.meeting)</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
            h1 { font-size: 1.5rem; margin-bottom: 0.25rem; }
            h2 { font-size: 1.1rem; margin: 0; }
            .items { list-style: none; padding: 0; }
            .item { border-top: 1px solid #ccc; padding: 0.75rem 0; break-inside: avoid; }
            .time { font-variant-numeric: tabular-nums; color: #555; }
            .minutes, .lead { color: #555; }
            .confidential { border-left: 4px solid #b45309; padding-left: 0.5rem; }
            @media print { body { margin: 0; } }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// `text` with `& < > " '` replaced by character references.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
