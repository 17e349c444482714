import Foundation
import Hummingbird
import MentorCore
import MentorStore

/// The dashboard's values for its template.
struct DashboardPage {
    let served: ServedProgram
    /// The report, its charts and who came to each event.
    let made: ReportCache.Made
    let query: DashboardQuery
    let csrf: String

    var report: ProgramReport { made.report }
    var attendance: [String: Set<String>] { made.attendance }

    func values() -> [String: Any] {
        let program = served.program
        let base = "/programs/\(program.id)"
        let filtered = query.groups(of: report, in: program)
        let pages = max(1, (filtered.count + DashboardQuery.pageSize - 1) / DashboardQuery.pageSize)
        let page = min(query.page, pages)
        let shown = filtered.dropFirst((page - 1) * DashboardQuery.pageSize).prefix(DashboardQuery.pageSize)
        let rows: [[String: Any]] = shown.map { group in
            let goals = group.goalsOpen + group.goalsAchieved + group.goalsDropped
            return [
                "id": group.group, "path": "\(base)/groups/\(group.group)", "members": group.members.joined(separator: ", "),
                "held": "\(group.held) / \(group.planned)", "last": ReportRenderer.lastMeeting(group),
                "goals": "\(group.goalsAchieved) / \(goals)", "checkIns": "\(group.checkInsDone) / \(group.checkInsDue)",
                "rating": ReportRenderer.rating(group.ratings), "status": ReportRenderer.status(group),
                "class": group.exitBy != nil ? "ended" : group.risks.isEmpty ? "ok" : "risk",
            ]
        }
        let mentorIDs = Set(program.groups.compactMap(\.mentor) + program.groups.flatMap(\.peers))
        let listed = program.people.filter { mentorIDs.contains($0.id) }
        let mentors: [[String: Any]] =
            listed.count > DashboardQuery.mentorMenuLimit
            ? []
            : listed.map { person in
                ["id": person.id, "name": person.name, "selected": person.id == query.mentor]
            }
        let first = filtered.isEmpty ? 0 : (page - 1) * DashboardQuery.pageSize + 1
        var values: [String: Any] = [
            "program": ["name": program.name, "id": program.id, "type": program.type],
            "base": base, "date": report.date.description, "csrf": csrf,
            "summary": ReportRenderer.summary(report),
            "charts": made.charts,
            "rows": rows, "hasRows": !rows.isEmpty,
            "counting": filtered.isEmpty
                ? "No group matches these filters."
                : "Groups \(first)–\(first + shown.count - 1) of \(filtered.count)"
                    + (filtered.count == report.groups.count ? "" : " that match (of \(report.groups.count))"),
            "shows": DashboardQuery.Show.allCases.map { ["value": $0.rawValue, "label": label($0), "selected": $0 == query.show] },
            "sorts": DashboardQuery.Sort.allCases.map { ["value": $0.rawValue, "label": label($0), "selected": $0 == query.sort] },
            "mentors": mentors, "mentorMenu": listed.count <= DashboardQuery.mentorMenuLimit, "mentorText": query.mentor ?? "",
        ]
        if made.isEarlier { values["earlier"] = Self.time(made.at) }
        if page > 1 { values["previous"] = query.link(page: page - 1) }
        if page < pages { values["next"] = query.link(page: page + 1) }
        if let overview = report.overview {
            values["dropout"] = ReportRenderer.dropout(overview)
            if let decline = overview.decline { values["decline"] = decline }
            values["missed"] = overview.missedBeforeStart
            values["hasMissed"] = !overview.missedBeforeStart.isEmpty
            values["knowledgeAtRisk"] = overview.knowledgeAtRisk
            values["hasKnowledge"] = !overview.knowledgeAtRisk.isEmpty
            values["events"] = events(overview)
            values["hasEvents"] = !overview.events.isEmpty
        }
        return values
    }

    /// `14:05:53 UTC`.
    static func time(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) % 86_400
        return String(format: "%02d:%02d:%02d UTC", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// Each event with its attendance and a form to record who came (those not recorded yet).
    private func events(_ overview: ProgramReport.Overview) -> [[String: Any]] {
        let program = served.program
        return overview.events.map { line in
            let came = attendance[line.id] ?? []
            let invited = program.events.first { $0.id == line.id }.map(program.invitees(of:)) ?? []
            let open = invited.filter { !came.contains($0) }
            return [
                "id": line.id, "title": line.title, "kind": line.kind.rawValue, "date": line.date.description,
                "attendance": ReportRenderer.attendance(line),
                "came": invited.filter(came.contains).map(program.name(of:)).joined(separator: ", "), "hasCame": !came.isEmpty,
                "open": open.map { ["id": $0, "name": program.name(of: $0)] }, "hasOpen": !open.isEmpty, "csrf": csrf,
                "action": "/programs/\(program.id)/events/\(line.id)/attendance",
            ]
        }
    }

    private func label(_ show: DashboardQuery.Show) -> String {
        switch show {
        case .all: return "All groups"
        case .atRisk: return "At risk"
        case .onTrack: return "On track"
        case .ended: return "Ended early"
        }
    }

    private func label(_ sort: DashboardQuery.Sort) -> String {
        switch sort {
        case .group: return "Group (as in the program file)"
        case .held: return "Share of meetings held, lowest first"
        case .lastMeeting: return "Last meeting, longest ago first"
        case .rating: return "Check-in rating, lowest first"
        }
    }
}
