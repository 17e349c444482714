/// A chart of a program report, drawn as inline SVG on the server (no script): a title and a
/// description a screen reader reads, and the same numbers as a table behind a `<details>`. The
/// CLI's `report --format html` and the server's dashboard draw the same charts from here.
public struct ReportChart: Sendable, Equatable {
    /// How the bars stand.
    public enum Layout: Sendable, Equatable {
        /// One cluster of upright bars per category (months, ratings).
        case columns
        /// One row per category, the series overlaid, the last over the first, with "LAST of FIRST"
        /// beside the bars (groups: held of planned).
        case rows
    }

    /// One set of values, one per category.
    public struct Series: Sendable, Equatable {
        public var name: String
        /// A fill colour, as CSS (`#2563eb`).
        public var color: String
        public var values: [Int]
    }

    /// Unique in the page: `chart-ID` names the figure, its title and description.
    public var id: String
    public var title: String
    /// The chart in one or two sentences, for those who can't see it.
    public var description: String
    /// The heading of the categories' column in the data table ("Month", "Group", "Rating").
    public var categoryName: String
    public var categories: [String]
    public var series: [Series]
    public var layout: Layout

    /// The figure: the SVG, a caption, and the data table behind a `<details>`. Every text is escaped.
    public func html() -> String {
        let escape = AgendaRenderer.escape
        var table =
            "<table><thead><tr><th scope=\"col\">\(escape(categoryName))</th>"
            + series.map { "<th scope=\"col\">\(escape($0.name))</th>" }.joined() + "</tr></thead><tbody>"
        for (index, category) in categories.enumerated() {
            table +=
                "<tr><th scope=\"row\">\(escape(category))</th>"
                + series.map { "<td>\($0.values[safe: index] ?? 0)</td>" }.joined() + "</tr>"
        }
        table += "</tbody></table>"
        return "<figure class=\"chart\" id=\"chart-\(escape(id))\">" + svg()
            + "<figcaption>\(escape(title))</figcaption>"
            + "<details><summary>The numbers as a table</summary>\(table)</details></figure>\n"
    }

    /// The SVG alone, labelled by its `<title>` and `<desc>`.
    public func svg() -> String {
        let escape = AgendaRenderer.escape
        let (width, height, body) = layout == .columns ? columns() : rows()
        return "<svg role=\"img\" aria-labelledby=\"chart-\(escape(id))-title chart-\(escape(id))-desc\" "
            + "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" font-family=\"system-ui, sans-serif\">"
            + "<title id=\"chart-\(escape(id))-title\">\(escape(title))</title>"
            + "<desc id=\"chart-\(escape(id))-desc\">\(escape(description))</desc>"
            + legend() + body + "</svg>"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A month `2027-03` under its bars as `Mar`, with the year below it in January and at the
    /// start; any other category as it is.
    static func axisLabel(_ category: String, first: Bool) -> (String, String?) {
        let parts = category.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
            return (category, nil)
        }
        return (months[month - 1], first || month == 1 ? String(year) : nil)
    }

    private static let barWidth = 16, gap = 14, plot = 140, top = 34, labelWidth = 150, rowHeight = 18

    /// A line of coloured squares and names above the plot.
    private func legend() -> String {
        var x = 8
        var svg = ""
        for item in series {
            svg +=
                "<rect x=\"\(x)\" y=\"8\" width=\"12\" height=\"12\" fill=\"\(AgendaRenderer.escape(item.color))\"/>"
                + "<text x=\"\(x + 16)\" y=\"18\" font-size=\"12\">\(AgendaRenderer.escape(item.name))</text>"
            x += 28 + 7 * item.name.count
        }
        return svg
    }

    private var largest: Int { max(series.flatMap(\.values).max() ?? 1, 1) }

    private func columns() -> (Int, Int, String) {
        let escape = AgendaRenderer.escape
        let cluster = series.count * Self.barWidth + Self.gap
        let left = 40
        let legendWidth = series.reduce(16) { $0 + 28 + 7 * $1.name.count }
        let width = max(left + categories.count * cluster + Self.gap, legendWidth)
        let base = Self.top + Self.plot
        var svg =
            "<line x1=\"\(left)\" y1=\"\(base)\" x2=\"\(width)\" y2=\"\(base)\" stroke=\"#9aa5ad\"/>"
            + "<text x=\"\(left - 6)\" y=\"\(Self.top + 4)\" font-size=\"11\" text-anchor=\"end\">\(largest)</text>"
            + "<text x=\"\(left - 6)\" y=\"\(base)\" font-size=\"11\" text-anchor=\"end\">0</text>"
        for (index, category) in categories.enumerated() {
            let x = left + Self.gap + index * cluster
            for (number, item) in series.enumerated() {
                let value = item.values[safe: index] ?? 0
                let height = value * Self.plot / largest
                svg +=
                    "<rect x=\"\(x + number * Self.barWidth)\" y=\"\(base - height)\" width=\"\(Self.barWidth - 2)\" height=\"\(height)\" "
                    + "fill=\"\(escape(item.color))\"><title>\(escape(category)): \(escape(item.name)) \(value)</title></rect>"
            }
            let (label, year) = Self.axisLabel(category, first: index == 0)
            svg +=
                "<text x=\"\(x + series.count * Self.barWidth / 2)\" y=\"\(base + 16)\" font-size=\"11\" text-anchor=\"middle\">"
                + "\(escape(label))</text>"
            if let year {
                svg +=
                    "<text x=\"\(x + series.count * Self.barWidth / 2)\" y=\"\(base + 29)\" font-size=\"10\" text-anchor=\"middle\" "
                    + "fill=\"#5f6f7a\">\(year)</text>"
            }
        }
        return (width, base + 36, svg)
    }

    private func rows() -> (Int, Int, String) {
        let escape = AgendaRenderer.escape
        let barLength = 260
        let width = Self.labelWidth + barLength + 70
        var svg = ""
        for (index, category) in categories.enumerated() {
            let y = Self.top + index * Self.rowHeight
            let label = category.count > 22 ? String(category.prefix(21)) + "…" : category
            svg += "<text x=\"\(Self.labelWidth - 6)\" y=\"\(y + 12)\" font-size=\"11\" text-anchor=\"end\">\(escape(label))</text>"
            for item in series {
                let value = item.values[safe: index] ?? 0
                svg +=
                    "<rect x=\"\(Self.labelWidth)\" y=\"\(y + 2)\" width=\"\(value * barLength / largest)\" height=\"\(Self.rowHeight - 5)\" "
                    + "fill=\"\(escape(item.color))\"><title>\(escape(category)): \(escape(item.name)) \(value)</title></rect>"
            }
            // "5 of 8" for the last series over the first (held of planned); else the values in turn.
            let values =
                series.count == 2
                ? "\(series[1].values[safe: index] ?? 0) of \(series[0].values[safe: index] ?? 0)"
                : series.map { String($0.values[safe: index] ?? 0) }.joined(separator: " / ")
            svg += "<text x=\"\(Self.labelWidth + barLength + 6)\" y=\"\(y + 12)\" font-size=\"11\">\(values)</text>"
        }
        return (width, Self.top + categories.count * Self.rowHeight + 6, svg)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension ReportChart {
    /// Colours with enough contrast on white, and told apart without colour by the legend's order.
    static let plannedColor = "#b8c2c9", heldColor = "#1f6f8b", riskColor = "#b45309", achievedColor = "#2f855a"

    /// At most this many groups in the chart of meetings held per group; the fewest held first.
    public static let groupLimit = 30

    /// The report's charts: meetings held against planned by month, groups at risk over time, the
    /// check-in ratings' distribution, meetings held per group, and goals set against achieved.
    /// The month charts need the report's overview and trends (a whole-program report).
    public static func charts(for report: ProgramReport) -> [ReportChart] {
        var charts: [ReportChart] = []
        if let months = report.overview?.months, !months.isEmpty {
            let held = months.reduce(0) { $0 + $1.held }
            let planned = months.reduce(0) { $0 + $1.planned }
            charts.append(
                ReportChart(
                    id: "meetings", title: "Meetings held against planned, by month",
                    description:
                        "\(held) of \(planned) meetings planned so far were held, over \(months.count) month\(months.count == 1 ? "" : "s")"
                        + (months.last.map { "; in \($0.month), \($0.held) of \($0.planned)." } ?? "."),
                    categoryName: "Month", categories: months.map(\.month),
                    series: [
                        Series(name: "Planned", color: plannedColor, values: months.map(\.planned)),
                        Series(name: "Held", color: heldColor, values: months.map(\.held)),
                    ],
                    layout: .columns))
        }
        if let trend = report.trends?.months, !trend.isEmpty {
            let last = trend[trend.count - 1]
            charts.append(
                ReportChart(
                    id: "at-risk", title: "Groups at risk at the end of each month",
                    description: "At the end of \(last.month), \(last.atRisk) of \(last.active) active group\(last.active == 1 ? "" : "s") "
                        + "had gone twice their cadence without meeting or missed their last two meetings; the most in a month was "
                        + "\(trend.map(\.atRisk).max() ?? 0).",
                    categoryName: "Month", categories: trend.map(\.month),
                    series: [
                        Series(name: "Active", color: plannedColor, values: trend.map(\.active)),
                        Series(name: "At risk", color: riskColor, values: trend.map(\.atRisk)),
                    ],
                    layout: .columns))
        }
        let ratings = report.ratings
        let counts = ProgressRules.ratings.map { value in ratings.filter { $0 == value }.count }
        charts.append(
            ReportChart(
                id: "ratings", title: "Check-in ratings",
                description: ratings.isEmpty
                    ? "No check-in has been rated yet."
                    : "\(ratings.count) check-in\(ratings.count == 1 ? "" : "s") rated; "
                        + zip(ProgressRules.ratings, counts).map { "\($1) gave \($0)" }.joined(separator: ", ")
                        + "; average \(ReportRenderer.rating(ratings)).",
                categoryName: "Rating", categories: ProgressRules.ratings.map(String.init),
                series: [Series(name: "Check-ins", color: heldColor, values: counts)], layout: .columns))
        charts.append(groupsChart(report.groups))
        if let trend = report.trends?.months, !trend.isEmpty {
            let last = trend[trend.count - 1]
            charts.append(
                ReportChart(
                    id: "goals", title: "Goals set and achieved so far, by month",
                    description:
                        "By \(last.month), \(last.goalsSet) goal\(last.goalsSet == 1 ? " was" : "s were") set and \(last.goalsAchieved) achieved.",
                    categoryName: "Month", categories: trend.map(\.month),
                    series: [
                        Series(name: "Set", color: plannedColor, values: trend.map(\.goalsSet)),
                        Series(name: "Achieved", color: achievedColor, values: trend.map(\.goalsAchieved)),
                    ],
                    layout: .columns))
        }
        return charts
    }

    /// Meetings held over planned per group: every group when there are few, else the
    /// ``groupLimit`` groups that held the smallest share of their meetings.
    static func groupsChart(_ groups: [ProgramReport.Group]) -> ReportChart {
        let due = groups.filter { $0.planned > 0 }
        // Lowest share first; integer cross-multiplication keeps the order exact.
        let worst = due.sorted { a, b in
            a.held * b.planned != b.held * a.planned ? a.held * b.planned < b.held * a.planned : a.group < b.group
        }
        let shown = due.count > groupLimit ? Array(worst.prefix(groupLimit)) : due
        let held = due.reduce(0) { $0 + $1.held }
        let planned = due.reduce(0) { $0 + $1.planned }
        let description =
            due.isEmpty
            ? "No group has had a meeting due yet."
            : (due.count > groupLimit ? "The \(groupLimit) of \(due.count) groups that held the smallest share of their meetings. " : "")
                + "All groups together held \(held) of \(planned) meetings due so far."
        return ReportChart(
            id: "attendance",
            title: due.count > groupLimit
                ? "Meetings held per group: the \(groupLimit) holding the fewest"
                : "Meetings held per group",
            description: description, categoryName: "Group", categories: shown.map(\.group),
            series: [
                Series(name: "Planned", color: plannedColor, values: shown.map(\.planned)),
                Series(name: "Held", color: heldColor, values: shown.map(\.held)),
            ],
            layout: .rows)
    }
}
