extension AgendaRenderer {
    // MARK: - HTML

    /// One meeting's agenda as a standalone, printable HTML5 page. All user text is escaped.
    public static func html(_ agenda: Agenda) -> String {
        let e = escape
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(e(agenda.program)): \(e(agenda.group)), meeting \(agenda.meeting)</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            \(htmlBody(agenda))
            </body>
            </html>

            """
    }

    /// The agenda's content as an HTML fragment (heading, when, participants, items, total): the
    /// body of ``html(_:)``, and what the web app's group page shows. All user text is escaped.
    public static func htmlBody(_ agenda: Agenda) -> String {
        let e = escape
        let end = AgendaText.clock(agenda.time, plus: agenda.minutes)
        var body = [
            "<h1>\(e(agenda.program)): \(e(agenda.group))</h1>",
            "<p class=\"when\"><strong>Meeting \(agenda.meeting) of \(agenda.meetings)</strong> · "
                + "\(AgendaText.weekday(agenda.date)) \(agenda.date) · \(agenda.time)–\(end)\(e(AgendaText.zone(agenda))) · "
                + "\(AgendaText.phase(agenda.phase))</p>",
        ]
        body += AgendaText.notices(agenda).map { "<p class=\"notice\">\(e($0))</p>" }
        if let record = agenda.record {
            body.append("<div class=\"record\">" + record.lines.map { "<p>\(e($0))</p>" }.joined() + "</div>")
        }
        if let facilitator = agenda.facilitator { body.append("<p>Facilitator: \(e(facilitator))</p>") }
        if let spotlight = agenda.spotlight { body.append("<p>Spotlight: \(e(spotlight))</p>") }
        body.append("<p>Participants: \(AgendaText.people(agenda.participants, e))</p>")
        guard !agenda.isCancelled else { return body.joined(separator: "\n") }
        body.append("<h2>Agenda</h2>")
        body.append("<ol class=\"items\">")
        for item in agenda.items { body += html(item, at: agenda.time) }
        body.append("</ol>")
        body.append("<p class=\"total\">\(e(total(agenda)))</p>")
        return body.joined(separator: "\n")
    }

    /// One item as a list entry: heading with clock times, who leads, confidential marker, guidance, prompts.
    static func html(_ item: AgendaItem, at time: ClockTime) -> [String] {
        let e = escape
        var lines = [
            "<li class=\"item \(item.kind.rawValue)\">",
            "<h3><span class=\"time\">\(AgendaText.span(time, start: item.start, minutes: item.minutes))</span> · "
                + "\(e(item.title)) <span class=\"minutes\">(\(item.minutes) min)</span></h3>",
            "<p class=\"lead\">Led by: \(e(item.lead))" + (item.plan.map { " · from plan '\(e($0))'" } ?? "") + "</p>",
        ]
        if item.confidential { lines.append("<p class=\"confidential\">\(e(confidentialNote))</p>") }
        if let guidance = item.guidance, !guidance.isEmpty {
            lines.append("<p class=\"guidance\"><em>\(e(guidance))</em></p>")
        }
        if !item.prompts.isEmpty {
            lines.append("<ul>" + item.prompts.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        }
        lines.append("</li>")
        return lines
    }

    /// Inline CSS: readable on screen, one column and no page breaks inside an item when printed.
    static let style = """
        body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
        h1 { font-size: 1.5rem; margin-bottom: 0.25rem; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 0; }
        h3 { font-size: 1.05rem; margin: 0; }
        .items { list-style: none; padding: 0; }
        .item { border-top: 1px solid #ccc; padding: 0.75rem 0; break-inside: avoid; }
        .time { font-variant-numeric: tabular-nums; color: #555; }
        .minutes, .lead { color: #555; }
        .confidential { border-left: 4px solid #b45309; padding-left: 0.5rem; }
        .guidance { white-space: pre-line; }
        @media print { body { margin: 0; max-width: none; } a { color: inherit; } }
        """

    // MARK: - Escaping

    /// `text` with `& < > " '` replaced by character references (the characters Mustache's
    /// `{{value}}` replaces): for HTML text and attribute values.
    public static func escape(_ text: String) -> String {
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
