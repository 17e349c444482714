import ArgumentParser
import BuiltInProgramTypes
import Diagnostics
import Foundation
import MentorCore
import PlanYAML

/// `mentor plans`: work with plan templates.
struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "Check, list and describe plan templates.",
        subcommands: [Lint.self, List.self, Schema.self, Dump.self]
    )
}

// MARK: - lint

extension PlansCommand {
    /// `mentor plans lint`: report every problem in templates, compiler-style.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check plan templates and explain every problem.",
            discussion: """
                Reads each template, then checks keys and values, ids (lowercase words joined \
                by '-', unique), 'extends' and 'remove' references, 'extends' cycles and time \
                boxes (1 to 240 minutes). Every problem is printed as file:line:column with the \
                line and a caret, and says what to do:

                  Plans/career.yaml:12:5: error: unknown key 'minuts'; did you mean 'minutes'?
                  12 |     minuts: 15
                     |     ^

                Templates may extend the shipped plans (see 'mentor plans list').
                Exit status: 0 when no errors were found, 1 when some were.
                """
        )

        @Argument(help: "Template files or folders (default: Plans/ in the current folder).")
        var paths: [String] = []

        @Option(help: "Output format: text for people, json for programs.")
        var format: OutputFormat = .text

        /// Checks `applies-to` against the built-in types, and only when a template names another
        /// id against the external types too: finding those starts the plugins that may run.
        static var loader: PlanLoader {
            PlanLoader(programTypes: BuiltInProgramTypes.registry.ids, moreProgramTypes: { AvailableTypes.ids() })
        }

        func run() throws {
            // Files are read a piece at a time as they are parsed, never held whole: the lines the
            // diagnostics show are read again from the files.
            let sources = try PlanFiles.sources(paths, fromDisk: true)
            // Checked, not loaded: the topics' texts are never made into strings.
            let result = Self.loader.check(sources, fallback: PlanFiles.shipped)
            switch format {
            case .text: print(Self.text(result, sources: sources))
            case .json: print(try StableJSON.string(Report(result, files: sources.count)), terminator: "")
            }
            if result.hasErrors { throw ExitCode.failure }
        }

        static func text(_ result: PlanCheckResult, sources: [PlanSource]) -> String {
            // A file refused for its size was not read: there is no line to show.
            let texts = Dictionary(sources.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
                .filter { !$0.value.isEmpty }
            // A file read from disk: only the lines shown are read again, once per file.
            var lines: [String: [Int: String]] = [:]
            for source in sources where source.file != nil && lines[source.path] == nil {
                let numbers = Set(result.diagnostics.lazy.filter { $0.file == source.path }.map(\.mark.line))
                lines[source.path] = numbers.isEmpty ? [:] : source.fileLines(numbers)
            }
            var blocks = result.diagnostics.map { diagnostic in
                guard let fileLines = lines[diagnostic.file] else { return diagnostic.rendered(source: texts[diagnostic.file]) }
                return diagnostic.rendered(line: fileLines[diagnostic.mark.line])
            }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = result.diagnostics.count - errors
            let files = sources.count == 1 ? "1 file" : "\(sources.count) files"
            if result.diagnostics.isEmpty {
                blocks.append("checked \(files): \(result.planIDs.count) plans, no problems found")
            } else {
                blocks.append("checked \(files): \(count(errors, "error")), \(count(warnings, "warning"))")
            }
            return blocks.joined(separator: "\n\n")
        }

        /// The machine-readable lint result.
        struct Report: Encodable {
            struct Problem: Encodable {
                let file: String, line: Int, column: Int, severity: String, message: String
            }
            let files: Int
            let plans: [String]
            let problems: [Problem]

            init(_ result: PlanCheckResult, files: Int) {
                self.files = files
                plans = result.planIDs
                problems = result.diagnostics.map {
                    Problem(
                        file: $0.file, line: $0.mark.line, column: $0.mark.column,
                        severity: $0.severity.rawValue, message: $0.message)
                }
            }
        }
    }
}

// MARK: - list

extension PlansCommand {
    /// `mentor plans list`: the plans available here, yours and the shipped ones.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the plans you can use: your templates and the shipped ones.",
            discussion: """
                Your templates come from the paths given, or from Plans/ in the current folder \
                when it exists. A template with the same id as a shipped one replaces it. \
                Templates with errors are left out; 'mentor plans lint' explains them.
                """
        )

        @Argument(help: "Template files or folders (default: Plans/ in the current folder, if any).")
        var paths: [String] = []

        @Option(help: "Output format: text for people, json for programs.")
        var format: OutputFormat = .text

        func run() throws {
            // The shipped files are decoded once, as fallback for the user's plans and as plans.
            let ownFiles = !paths.isEmpty || FileManager.default.fileExists(atPath: PlanFiles.defaultFolder)
            let sources = try ownFiles ? PlanFiles.sources(paths) : []
            let (own, plans) = Lint.loader.loadAvailable(sources, shipped: PlanFiles.shipped)
            if own.hasErrors {
                FileHandle.standardError.write(
                    Data(
                        "note: some templates have errors and are not listed; run 'mentor plans lint' to see why\n".utf8))
            }
            let shippedIDs = Set(plans.map(\.id)).subtracting(own.plans.map(\.id))
            switch format {
            case .text: print(Self.table(plans, shippedIDs: shippedIDs))
            case .json: print(try StableJSON.string(plans), terminator: "")
            }
        }

        static func table(_ plans: [PlanTemplate], shippedIDs: Set<String>) -> String {
            let header = ["ID", "TITLE", "TOPICS", "MINUTES", "PHASES", "EXTENDS", "FILE"]
            let rows = plans.map { plan in
                let phases = Phase.allCases.filter { phase in plan.topics.contains { $0.phase == phase } }
                return [
                    plan.id, plan.title, String(plan.topics.count), String(plan.totalMinutes),
                    phases.map(\.rawValue).joined(separator: ","), plan.extends ?? "-", plan.source,
                ]
            }
            return TextTable(header: header, rows: rows, rightAligned: [2, 3]).rendered
        }
    }
}

// MARK: - schema

extension PlansCommand {
    /// `mentor plans schema`: the JSON Schema of the template format.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of plan templates, for editor autocompletion.",
            discussion: """
                Save it beside your templates and start each template with a modeline; editors \
                using yaml-language-server (VS Code's YAML extension, for one) then complete \
                keys and flag mistakes as you type:

                  mentor plans schema > Plans/plan-template.schema.json
                  # yaml-language-server: $schema=./plan-template.schema.json
                """
        )

        func run() throws {
            print(try StableJSON.string(PlanSchema.json(programTypes: AvailableTypes.ids())), terminator: "")
        }
    }
}

// MARK: - dump

extension PlansCommand {
    /// `mentor plans dump`: templates as written, converted to JSON.
    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print templates as written, converted to JSON, keyed by file; or a shipped plan's YAML to copy.",
            discussion: """
                The YAML is read exactly as the loader reads it (duplicate keys and other \
                syntax problems are errors) and printed without applying 'extends'. \
                Use 'mentor plans list --format json' for the finished plans.

                With --shipped ID, prints the YAML of a plan MentorKit ships, comments included, \
                to copy into your Plans/ folder and change (a file with the same 'plan:' id \
                replaces the shipped one):
                  mentor plans dump --shipped career > Plans/career.yaml
                """
        )

        @Option(help: "Print the YAML of this shipped plan (e.g. career) instead.")
        var shipped: String?

        @Argument(help: "Template files or folders (default: Plans/ in the current folder).")
        var paths: [String] = []

        @Option(help: "Output format; only json is available.")
        var format: OutputFormat = .json

        func run() throws {
            if let shipped {
                guard paths.isEmpty else { throw ValidationError("give either --shipped or template files, not both") }
                let plans = PlanFiles.shipped.map {
                    (id: (($0.path as NSString).lastPathComponent as NSString).deletingPathExtension, source: $0)
                }
                guard let plan = plans.first(where: { $0.id == shipped }) else {
                    let ids = plans.map(\.id)
                    let near = Suggestion.closest(to: shipped, in: ids).map { "; did you mean '\($0)'?" } ?? "."
                    throw ValidationError("'\(shipped)' is not a shipped plan\(near) The shipped plans: \(ids.joined(separator: ", "))")
                }
                print(plan.source.text, terminator: "")
                return
            }
            guard format == .json else { throw ValidationError("'dump' prints json only; leave out --format") }
            var documents: [(String, JSONValue)] = []
            var failed = false
            for source in try PlanFiles.sources(paths) {
                do throws(YAMLError) {
                    if let problem = source.problem { throw problem }
                    documents.append((source.path, try Parser.parse(source.text)?.json ?? .null))
                } catch {
                    failed = true
                    let diagnostic = Diagnostic(file: source.path, error: error)
                    let text = source.text.isEmpty ? nil : source.text // a file refused for its size was not read
                    FileHandle.standardError.write(Data((diagnostic.rendered(source: text) + "\n").utf8))
                }
            }
            print(try StableJSON.string(JSONValue.object(documents)), terminator: "")
            if failed { throw ExitCode.failure }
        }
    }
}

private func count(_ number: Int, _ noun: String) -> String {
    number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
}
