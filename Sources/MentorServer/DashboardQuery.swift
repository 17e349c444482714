import Foundation
import Hummingbird
import MentorCore
import MentorStore

/// The dashboard's filters, sorting and page, from the query string; anything unknown falls back
/// to the default.
struct DashboardQuery: Hashable, Sendable {
    enum Show: String, CaseIterable {
        case all
        case atRisk = "at-risk"
        case onTrack = "on-track"
        case ended
    }
    enum Sort: String, CaseIterable {
        case group, held
        case lastMeeting = "last-meeting"
        case rating
    }

    var show: Show = .all
    var mentor: String?
    var sort: Sort = .group
    var page = 1

    static let pageSize = 100

    init(_ parameters: Parameters) {
        show = parameters["show"].flatMap { Show(rawValue: String($0)) } ?? .all
        mentor = parameters["mentor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        sort = parameters["sort"].flatMap { Sort(rawValue: String($0)) } ?? .group
        page = parameters["page"].flatMap { Int($0) }.map { max(1, min($0, 100_000)) } ?? 1
    }

    /// The query string of these settings on another page.
    func link(page: Int) -> String {
        var parts = ["show=\(show.rawValue)", "sort=\(sort.rawValue)", "page=\(page)"]
        if let mentor { parts.append("mentor=\(mentor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        return "?" + parts.joined(separator: "&")
    }

    /// Mentors listed in the mentor filter's menu, at most; a larger program gets a text field
    /// instead (a menu of two thousand names is no help, and was half of the page's size).
    static let mentorMenuLimit = 60

    /// The ids of the mentors (and peers) `mentor` picks in `program`: the one with that id, else
    /// every one whose name contains it (any case); nil when there is no mentor filter.
    func mentorIDs(in program: Program) -> Set<String>? {
        guard let mentor else { return nil }
        let ids = Set(program.groups.compactMap(\.mentor) + program.groups.flatMap(\.peers))
        if ids.contains(mentor) { return [mentor] }
        let wanted = mentor.trimmingCharacters(in: .whitespaces)
        return Set(program.people.filter { ids.contains($0.id) && $0.name.range(of: wanted, options: .caseInsensitive) != nil }.map(\.id))
    }

    /// The report's groups that pass the filters, in the chosen order.
    func groups(of report: ProgramReport, in program: Program) -> [ProgramReport.Group] {
        let byID = Dictionary(program.groups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let mentors = mentorIDs(in: program)
        var groups = report.groups.filter { group in
            switch show {
            case .all: break
            case .atRisk: if group.exitBy != nil || group.risks.isEmpty { return false }
            case .onTrack: if group.exitBy != nil || !group.risks.isEmpty { return false }
            case .ended: if group.exitBy == nil { return false }
            }
            guard let mentors else { return true }
            guard let listed = byID[group.group] else { return false }
            return listed.mentor.map(mentors.contains) ?? false || listed.peers.contains(where: mentors.contains)
        }
        switch sort {
        case .group: break // the program file's order
        case .held:
            groups.sort { a, b in
                let left = a.held * max(b.planned, 1)
                let right = b.held * max(a.planned, 1)
                return left != right ? left < right : a.group < b.group
            }
        case .lastMeeting:
            groups.sort { a, b in
                switch (a.lastMeeting, b.lastMeeting) {
                case (nil, nil): return a.group < b.group
                case (nil, _): return true
                case (_, nil): return false
                case (let x?, let y?): return x != y ? x < y : a.group < b.group
                }
            }
        case .rating:
            func average(_ group: ProgramReport.Group) -> Double {
                group.ratings.isEmpty ? 6 : Double(group.ratings.reduce(0, +)) / Double(group.ratings.count)
            }
            groups.sort { a, b in average(a) != average(b) ? average(a) < average(b) : a.group < b.group }
        }
        return groups
    }
}
