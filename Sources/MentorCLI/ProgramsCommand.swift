import ArgumentParser
import Diagnostics
import ExternalProgramTypes
import Foundation
import MentorCore

/// Where `mentor programs` looks for plugins.
struct PluginSearchOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A program file: look for plugins in the 'plugins/' folder beside it (default: './plugins').",
            valueName: "file"))
    var program: String?
}

/// `mentor programs`: the program types and how to use them.
struct ProgramsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programs",
        abstract: "List the program types, or describe one with its example program files.",
        discussion: """
            Besides the built-in types, an executable named 'mentor-program-ID' is the program \
            type ID: MentorKit looks in a 'plugins/' folder beside the program file first, then on \
            PATH. A project folder's plugins run only once trusted ('mentor plugin trust DIR'); \
            those on PATH always run. It speaks a JSON protocol on standard input and output (see \
            Plugins/ExternalProtocol/); 'mentor plugin new ID' writes one to start from.
            """,
        subcommands: [List.self, Describe.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the program types: built in, and plugins with where each was found.",
            discussion: """
                A plugin that fails to describe itself is listed with the error; the others still work. \
                A plugin in a project folder that you haven't trusted is listed without being run.

                Examples:
                  mentor programs
                  mentor programs --program Plugins/Examples/flash/flash.yaml
                """)

        @OptionGroup var search: PluginSearchOptions

        func run() {
            let types = AvailableTypes(near: search.program)
            types.report(failures: false)
            var rows = types.registry.types.map { type in
                [type.id, type.description.name, type.description.roles.joined(separator: "; "), AvailableTypes.origin(type)]
            }
            rows += types.failures.map { failure in
                let trusted = !types.untrusted.contains(failure.candidate.path)
                return [failure.candidate.id, trusted ? "(not usable)" : "(not trusted)", "see below", failure.candidate.path]
            }
            print(TextTable(header: ["ID", "NAME", "WHO TAKES PART", "FROM"], rows: rows).rendered)
            for failure in types.failures {
                print("\n" + (types.untrusted.contains(failure.candidate.path) ? "not trusted: " : "error: ") + failure.error)
            }
            print("\nmentor programs describe ID shows a type's example program files.")
        }
    }

    struct Describe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Describe a program type and print its examples.",
            discussion: """
                Examples:
                  mentor programs describe circle
                  mentor programs describe flash --program Plugins/Examples/flash/flash.yaml
                """)

        @Argument(help: "The type's id: one-to-one, reverse, circle, peer, or a plugin's.")
        var id: String

        @OptionGroup var search: PluginSearchOptions

        func run() throws {
            let types = AvailableTypes(near: search.program, for: id)
            types.report(failures: false)
            if let failure = types.failures.first(where: { $0.candidate.id == id }) {
                throw CLIError.pluginUnusable(failure.error)
            }
            let registry = types.registry
            guard let type = registry.type(id) else {
                throw CLIError.unknownProgramType(id, suggestion: Suggestion.closest(to: id, in: registry.ids), known: registry.ids)
            }
            let description = type.description
            var lines = ["# \(description.name) (\(description.id))", "", description.summary, ""]
            if case .external(let path) = type.origin { lines += ["From: \(path)", ""] }
            lines += ["Who takes part:"] + description.roles.map { "- \($0)" }
            lines += ["", "Matching: " + (description.matching.map(Self.words) ?? "none; 'mentor match' doesn't form groups of this type")]
            for example in description.examples {
                lines += [
                    "", "## \(example.title)" + (example.expectedError == nil ? "" : " (invalid)"), "", "```yaml",
                    example.yaml, "```",
                ]
                if let error = example.expectedError {
                    let place = example.expectedMark.map { "program.yaml:\($0): " } ?? ""
                    lines += ["", "mentor says: \(place)error: \(error)"]
                }
            }
            print(lines.joined(separator: "\n"))
        }

        /// How `mentor match` forms groups, e.g. "pairs; the mentor is at least 2 grades senior".
        static func words(_ policy: MatchingPolicy) -> String {
            let groups: String
            switch policy.grouping {
            case .pairs: groups = "pairs"
            case .circles(let mentees, let capacity):
                groups = "circles of \(mentees.lowerBound) to \(mentees.upperBound) mentees (\(capacity) when a mentor's capacity is empty)"
            case .peerGroups(let size, let target): groups = "peer groups of \(size.lowerBound) to \(size.upperBound), aiming for \(target)"
            }
            return groups + "; " + policy.gradeRule + " (mentor match PROGRAM --roster FILE)"
        }
    }
}
