import ArgumentParser
import BuiltInProgramTypes
import Foundation
import MentorCore
import MentorMatch

/// `mentor match`: proposes groups from a roster, following the program type's rules.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Propose mentors for mentees (or peer groups) from a roster, and say why.",
        discussion: """
            The roster is a CSV file with a header row. Columns: id, name, role (required); grade, \
            department, manager, capacity, skills, goals, prefers, pin (optional). 'role' is how \
            someone opted in: mentor, mentee, both or peer; leave it empty for people listed only \
            because they manage someone. 'capacity' is how many mentees a mentor takes (pairs: 1 \
            when empty; circles: the circle's size). 'skills', 'goals' and 'prefers' (ids) are \
            lists separated by ';'. 'pin' names someone this person must be matched with.

            Hard rules, from the program type (see 'Matching:' in 'mentor programs describe ID'; a \
            plugin type takes part when its describe reply declares 'matching'): the grade gap \
            (one-to-one and circles: the mentor at least 2 grades senior; reverse: at least 2 \
            grades junior; peers: within 2 grades), \
            nobody in their partner's chain of command, capacities, and only people who opted in. \
            Soft terms earn points: a mentee's goal that is the mentor's skill (10 each, up to 3), \
            different departments (5), the ideal grade gap (4, or 2 one grade off), asked for by \
            the mentee (12) or the mentor (8). Groups already in the program file are kept (one that \
            breaks a rule is named under Notes).

            One-to-one, reverse and circles are matched exactly: as many mentees as possible, then \
            the most points (a minimum-cost assignment over each mentee's best eligible mentors). \
            Peer groups use a heuristic, and the output says so; no group holds two people where one \
            is above the other. Everyone left unmatched is listed with the reason. Table cells that \
            start with =, +, - or @ get a leading ' so a spreadsheet doesn't run them.

            Examples:
              mentor match Plans/examples/matching/program.yaml --roster Plans/examples/matching/roster.csv
              mentor match program.yaml --roster roster.csv --format json --output matches.json
              mentor match program.yaml --roster roster.csv --write     add the groups to program.yaml
            """
    )

    @Argument(help: "The program file; its type decides the rules.")
    var program: String

    @Option(help: "The roster CSV file ('-' reads standard input).")
    var roster: String

    @Option(help: "md (Markdown, the default) or json.")
    var format: MatchFormat = .md

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(help: "Add the proposed groups, and the people they need, to the program file.")
    var write = false

    @Option(help: "How many of the best eligible mentors each mentee keeps as candidates.")
    var candidates = 50

    func validate() throws {
        guard (1...10_000).contains(candidates) else { throw ValidationError("--candidates must be between 1 and 10000") }
    }

    func run() throws {
        let file = try ProgramFile(path: program)
        guard let policy = file.registry.type(file.program.type)?.description.matching else {
            throw CLIError.noMatching(file.program.type)
        }
        let started = Date()
        let text = try PlanFiles.read(roster)
        let name = roster == PlanFiles.standardInput ? "<stdin>" : roster
        let read = RosterReader.read(text, file: name)
        let lines = Self.lines(read.diagnostics.map(\.mark.line), of: text)
        for diagnostic in read.diagnostics {
            // `rendered` looks its line up from the start of the source; on a 50 MB roster that is a
            // long walk per problem, so it gets a stand-in source holding just that line, at that line.
            let source = lines[diagnostic.mark.line].map { String(repeating: "\n", count: max(0, diagnostic.mark.line - 1)) + $0 }
            FileHandle.standardError.write(Data((diagnostic.rendered(source: source) + "\n\n").utf8))
        }
        guard let people = read.roster else { throw CLIError.invalidRoster(name) }
        let large = people.people.count >= 5_000
        if large { note("read \(people.people.count) people from \(name); matching") }
        let matcher = Matcher(program: file.program, policy: policy, roster: people, candidatesPerMentee: candidates)
        let result: MatchResult
        do { result = try matcher.run() } catch { throw CLIError.matching(error.description) }
        if large { note(String(format: "matched in %.1f s", Date().timeIntervalSince(started))) }
        try emit(format == .json ? MatchRenderer.json(result) : MatchRenderer.markdown(result), to: output)
        if write { try update(file: file, result: result, roster: people) }
    }

    private func update(file: ProgramFile, result: MatchResult, roster people: Roster) throws {
        // Update the text that was checked, not a second read that may have changed since.
        let updated: String
        do {
            updated = try ProgramFileUpdate.apply(result, roster: people, program: file.program, to: file.text)
        } catch { throw CLIError.matching("can't update '\(program)': \(error.description)") }
        // Never write a file that no longer loads: check the new text the way every command will read it.
        let check = ProgramLoader(registry: file.registry)
            .load(PlanSource(path: program, text: updated), localPlans: file.localPlans, shippedPlans: PlanFiles.shipped)
        guard !check.hasErrors else {
            let first = check.diagnostics.first { $0.severity == .error }.map { "\($0.mark.line):\($0.mark.column): \($0.message)" } ?? ""
            throw CLIError.matching("the updated '\(program)' would not load (\(first)); it was left unchanged")
        }
        let added = result.groups.filter { group in !file.program.groups.contains { $0.id == group.id } }.count
        // Replaced atomically through a symlink, every write checked (the program file is the
        // one input this command means to replace).
        try AtomicFile.replace(try OutputTarget(program).path, with: Data(updated.utf8), shownAs: program)
        note("added \(added) group\(added == 1 ? "" : "s") to \(program)")
    }

    /// The text of each line in `numbers` (1-based), found in one pass over the bytes.
    static func lines(_ numbers: [Int], of text: String) -> [Int: String] {
        let wanted = Set(numbers)
        guard let last = wanted.max() else { return [:] }
        var found: [Int: String] = [:]
        var line = 1
        var start = text.utf8.startIndex
        var index = start
        let utf8 = text.utf8
        while line <= last {
            let atEnd = index == utf8.endIndex
            if atEnd || utf8[index] == UInt8(ascii: "\n") {
                if wanted.contains(line) {
                    var end = index
                    if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
                    found[line] = String(text[start..<end])
                }
                if atEnd { break }
                line += 1
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        return found
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}

/// Output formats of `mentor match`.
enum MatchFormat: String, ExpressibleByArgument, CaseIterable {
    case md, json
}
