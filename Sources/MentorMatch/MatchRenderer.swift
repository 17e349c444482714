import Foundation
import MentorCore

/// Match results as Markdown for coordinators and JSON for tools.
public enum MatchRenderer {
    /// A Markdown page: the summary, every group with why, the unmatched with why, the rules.
    /// Text from the roster and program file is escaped, and every table cell is safe to open in
    /// a spreadsheet (a cell starting with `=`, `+`, `-` or `@` gets a leading `'`).
    public static func markdown(_ result: MatchResult) -> String {
        let mentees = result.groups.flatMap(\.members).count
        let waiting = result.unmatched.filter { $0.side != "mentor" }.count
        var lines = ["# Proposed groups: \(MarkdownText.inline(result.program))", ""]
        lines.append(
            "\(result.groups.count) group\(result.groups.count == 1 ? "" : "s"); \(mentees) "
                + "\(result.peerGroups ? "peers" : "mentees") placed, \(waiting) left unmatched; \(result.totalPoints) points in all.")
        lines += ["", "**How:** \(result.method).", "", "**Rules every proposed group keeps:**", ""]
        lines += result.rules.map { "- \($0)" }
        lines += ["", "## Groups", ""]
        if result.groups.isEmpty {
            lines.append("No group could be formed.")
        } else {
            let peer = result.groups.allSatisfy { $0.mentor == nil }
            lines.append(peer ? "| group | member | why |" : "| group | mentor | mentee | points | why |")
            lines.append(peer ? "| --- | --- | --- |" : "| --- | --- | --- | ---: | --- |")
            for group in result.groups {
                for (index, member) in group.members.enumerated() {
                    let id = index == 0 ? cell(group.id + (group.pinned ? " (pinned)" : "")) : ""
                    let why = cell(member.reasons.isEmpty ? "eligible; no soft term scored" : member.reasons.joined(separator: "; "))
                    let who = person(member.name, member.id)
                    if peer {
                        lines.append("| \(id) | \(who) | \(why) |")
                    } else {
                        let mentor =
                            index == 0
                            ? person(group.mentorName ?? "", group.mentor ?? "") : ""
                        lines.append("| \(id) | \(mentor) | \(who) | \(member.points) | \(why) |")
                    }
                }
            }
        }
        if !result.unmatched.isEmpty {
            lines += ["", "## Unmatched", "", "| who | side | why |", "| --- | --- | --- |"]
            lines += result.unmatched.map {
                "| \(person($0.name, $0.id)) | \(cell($0.side)) | \(cell($0.reason)) |"
            }
        }
        if !result.notes.isEmpty {
            lines += ["", "## Notes", ""] + result.notes.map { "- \(MarkdownText.inline($0))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The result as JSON with sorted keys, so the same input gives the same bytes.
    public static func json(_ result: MatchResult) -> String {
        // A MatchResult holds only strings, numbers and lists, which always encode.
        (try? StableJSON.string(result)) ?? "{}\n"
    }

    /// A Markdown table cell holding `text`: safe to open in a spreadsheet (see `SpreadsheetCell`),
    /// then escaped with the Markdown escaping every renderer shares (the quote comes first, so a
    /// formula-like cell reads `'=...` rather than a backslash-escaped `\=...`).
    static func cell(_ text: String) -> String {
        MarkdownText.inline(SpreadsheetCell.neutralised(text))
    }

    /// A person's cell, "Name (id)", neutralised as a cell that starts with the name.
    static func person(_ name: String, _ id: String) -> String {
        "\(cell(name)) (\(MarkdownText.inline(id)))"
    }
}
