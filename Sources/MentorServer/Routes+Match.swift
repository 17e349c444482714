import Hummingbird
import MentorCore
import MentorMatch

/// Matching from the browser, for the program's coordinators: upload a roster CSV, see the
/// proposal exactly as `mentor match` computes it (groups with their reasons, the unmatched with
/// theirs), and accept it: the program file gains the groups as `mentor match --write` adds them,
/// checked to load before it is replaced atomically. A roster's problems show as
/// `roster.csv:LINE:COLUMN` with the line, as in the CLI.
extension Routes {
    /// The largest roster accepted from the browser (a request body may not be larger, as
    /// Hummingbird's upload limit stands); larger ones are matched with the CLI.
    static let rosterLimit = 2 * 1024 * 1024

    func addMatching(to router: Router<ServerContext>) {
        router.get("/programs/:program/match") { _, context in try await matchPage(context) }
        router.post("/programs/:program/match") { _, context in try await propose(context) }
        router.post("/programs/:program/match/accept") { _, context in try await accept(context) }
    }

    /// The coordinator's program and its type's matching rules, or the answer that says why not.
    enum Found {
        case program(ServedProgram, MatchingPolicy)
        case answer(Response)
    }

    /// A proposal, or the roster's problems as the CLI prints them.
    enum Proposal {
        case made(MatchResult, Roster)
        case problems([String])
    }

    private func matching(_ context: ServerContext) -> Found {
        guard context.identity != nil else { return .answer(Pages.redirect("/sign-in")) }
        guard let visitor = context.identity, let id = context.parameters.get("program"),
            let served = programs.first(where: { $0.program.id == id }),
            served.program.coordinator(email: visitor.email) != nil
        else { return .answer(notFound(context)) }
        guard let policy = served.builder.type.description.matching else {
            return .answer(
                matchMessage(
                    served, "This program type doesn't match people",
                    "'\(served.program.type)' declares no matching rules; list the groups in the program file.",
                    status: .unprocessableContent))
        }
        return .program(served, policy)
    }

    private func matchPage(_ context: ServerContext) async throws -> Response {
        switch matching(context) {
        case .answer(let response): return response
        case .program(let served, let policy): return page(served, policy, context, values: [:])
        }
    }

    private func page(
        _ served: ServedProgram, _ policy: MatchingPolicy, _ context: ServerContext, values: [String: Any],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = values
        values["program"] = ["name": served.program.name, "id": served.program.id, "type": served.program.type]
        values["base"] = "/programs/\(served.program.id)"
        values["csrf"] = context.identity?.csrf ?? ""
        values["visitor"] = context.identity.map { ["name": $0.name(in: programs), "csrf": $0.csrf] } as Any
        values["rules"] = policy.ruleDescriptions
        return Pages.html(pages.page("match", title: "Match · \(served.program.name)", values), status: status)
    }

    private func propose(_ context: ServerContext) async throws -> Response {
        let (served, policy): (ServedProgram, MatchingPolicy)
        switch matching(context) {
        case .answer(let response): return response
        case .program(let found, let rules): (served, policy) = (found, rules)
        }
        let name = context.form.filenames["roster"].map { ($0 as String).split(separator: "/").last.map(String.init) ?? $0 } ?? "roster.csv"
        guard let text = context.form.fields["roster"]?.first, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return page(
                served, policy, context, values: ["problem": "Choose the roster's CSV file, then propose."], status: .unprocessableContent)
        }
        guard text.utf8.count <= Self.rosterLimit else {
            return page(
                served, policy, context,
                values: [
                    "problem": "\(name) is larger than 2 MB; match it with the command line: mentor match PROGRAM --roster \(name)"
                ], status: .unprocessableContent)
        }
        switch Self.proposal(served, policy, roster: text, name: name) {
        case .problems(let problems):
            return page(
                served, policy, context, values: ["rosterProblems": problems, "hasRosterProblems": true, "rosterName": name],
                status: .unprocessableContent)
        case .made(let result, _):
            guard let file = catalog.file(of: served.program.id) else {
                return page(
                    served, policy, context, values: ["problem": "This program is not served from a file, so matches can't be added here."],
                    status: .unprocessableContent)
            }
            var values = Self.values(result)
            values["roster"] = text
            values["rosterName"] = name
            values["hash"] = file.hash
            return page(served, policy, context, values: values)
        }
    }

    private func accept(_ context: ServerContext) async throws -> Response {
        let (served, policy): (ServedProgram, MatchingPolicy)
        switch matching(context) {
        case .answer(let response): return response
        case .program(let found, let rules): (served, policy) = (found, rules)
        }
        let name = context.form["roster-name"] ?? "roster.csv"
        guard let text = context.form.fields["roster"]?.first, let hash = context.form["hash"], text.utf8.count <= Self.rosterLimit,
            let current = catalog.file(of: served.program.id)
        else {
            return page(
                served, policy, context, values: ["problem": "The proposal was incomplete; upload the roster again."],
                status: .unprocessableContent)
        }
        // The same roster against the program as it is now: exactly what was shown, or a refusal below.
        let result: MatchResult
        let roster: Roster
        switch Self.proposal(served, policy, roster: text, name: name) {
        case .problems(let problems):
            return page(
                served, policy, context, values: ["rosterProblems": problems, "hasRosterProblems": true, "rosterName": name],
                status: .unprocessableContent)
        case .made(let made, let read): (result, roster) = (made, read)
        }
        let updated: String
        do {
            updated = try ProgramFileUpdate.apply(result, roster: roster, program: served.program, to: current.text)
        } catch {
            return page(
                served, policy, context, values: ["problem": "The program file can't take these groups: \(error.description)"],
                status: .unprocessableContent)
        }
        do {
            try catalog.replace(program: served.program.id, with: updated, expected: hash)
        } catch .changedMeanwhile {
            return page(
                served, policy, context,
                values: [
                    "problem":
                        "The program file changed since this proposal was made (another coordinator, or an edit). Upload the roster again to see the proposal for the program as it is now."
                ], status: .conflict)
        } catch {
            return page(served, policy, context, values: ["problem": error.description], status: .unprocessableContent)
        }
        let added = result.groups.filter { group in !served.program.groups.contains { $0.id == group.id } }.count
        return matchMessage(
            served, "Groups added",
            "\(added) group\(added == 1 ? " was" : "s were") added to the program file. "
                + "Their members can sign in now; their calendars and agendas follow.", status: .ok)
    }

    private func matchMessage(_ served: ServedProgram, _ heading: String, _ text: String, status: HTTPResponse.Status) -> Response {
        Pages.html(
            pages.page(
                "message", title: heading,
                [
                    "heading": heading, "text": text,
                    "link": "/programs/\(served.program.id)", "linkText": "Back to the dashboard",
                ]),
            status: status)
    }

    /// What `mentor match` computes for `text`, or the roster's problems rendered as the CLI
    /// renders them (`roster.csv:LINE:COLUMN: error: ...`, the line, a caret).
    static func proposal(_ served: ServedProgram, _ policy: MatchingPolicy, roster text: String, name: String) -> Proposal {
        let read = RosterReader.read(text, file: name)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let problems = read.diagnostics.prefix(50).map { diagnostic -> String in
            let line = diagnostic.mark.line
            let source =
                line >= 1 && line <= lines.count
                ? String(repeating: "\n", count: line - 1) + lines[line - 1].trimmingCharacters(in: .init(charactersIn: "\r")) : nil
            return diagnostic.rendered(source: source)
        }
        guard let roster = read.roster, !read.diagnostics.contains(where: { $0.severity == .error }) else {
            return .problems(problems.isEmpty ? ["\(name): the roster could not be read"] : problems)
        }
        do {
            return .made(try Matcher(program: served.program, policy: policy, roster: roster).run(), roster)
        } catch {
            return .problems(["\(name): \(error.description)"])
        }
    }

    /// The proposal's values for the template.
    static func values(_ result: MatchResult) -> [String: Any] {
        [
            "proposal": true, "method": result.method, "points": result.totalPoints, "notes": result.notes,
            "groups": result.groups.map { group -> [String: Any] in
                [
                    "id": group.id, "mentor": group.mentorName ?? "", "hasMentor": group.mentorName != nil, "pinned": group.pinned,
                    "members": group.members.map { ["name": $0.name, "points": $0.points, "reasons": $0.reasons.joined(separator: "; ")] },
                ]
            },
            "hasGroups": !result.groups.isEmpty,
            "unmatched": result.unmatched.map { ["name": $0.name, "side": $0.side, "reason": $0.reason] },
            "hasUnmatched": !result.unmatched.isEmpty,
            "summary":
                "\(result.groups.count) group\(result.groups.count == 1 ? "" : "s") proposed, \(result.matchedCount) people matched, "
                + "\(result.unmatched.count) unmatched, \(result.totalPoints) points",
        ]
    }
}
