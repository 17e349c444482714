import ArgumentParser
import BuiltInProgramTypes
import ExternalProgramTypes
import Foundation
import MentorCore

/// `mentor plugin`: tools for writing program types.
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Start a new program type, and choose which external plugins MentorKit may run.",
        subcommands: [New.self, Trust.self, Untrust.self, List.self]
    )

    /// What kind of plugin to write.
    enum Kind: String, EnumerableFlag {
        case external, swift

        static func help(for value: Kind) -> ArgumentHelp? {
            switch value {
            case .external: return "An executable Python script speaking the JSON protocol; no rebuild needed (the default)."
            case .swift: return "A Swift target conforming to ProgramType, compiled into MentorKit."
            }
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a program type that works, with one valid and one invalid example, to start from.",
            discussion: """
                --external (the default) writes plugins/mentor-program-ID: a Python 3 script (standard \
                library only) that answers MentorKit's JSON protocol. Put it in a 'plugins/' folder \
                beside your program files, or anywhere on PATH, and use 'type: ID' in a program file; \
                nothing needs rebuilding. Edit its validate, schedule, agenda and measures functions. \
                The file is trusted as written ('mentor plugin trust'); after you edit it, trust it \
                again: MentorKit doesn't run a project folder's plugin whose content has changed.

                --swift writes Plugins/ProgramTypes/NAME/NAMEProgram.swift, a type conforming to \
                ProgramType, and prints the lines to add to Package.swift and BuiltInProgramTypes; \
                run it from the MentorKit package folder.

                Existing files are never overwritten.

                Examples:
                  mentor plugin new situational
                  mentor plugin new supervisory --external --output ~/bin
                  mentor plugin new situational --swift
                """)

        @Argument(help: "The type's id: lowercase words joined by '-', e.g. 'situational' or 'new-supervisor'.")
        var id: String

        @Flag var kind: Kind = .external

        @Option(
            help: ArgumentHelp(
                "The folder to write into (default: 'plugins' for --external, "
                    + "'Plugins/ProgramTypes/NAME' for --swift).", valueName: "dir"))
        var output: String?

        func validate() throws {
            guard PlanFormat.isValidID(id) else {
                throw ValidationError(
                    "'\(id)' is not a program type id; use lowercase words joined by '-', e.g. 'situational' "
                        + "or 'new-supervisor'")
            }
            // A plugin named like a built-in type would clash with it in every command.
            let builtIn = BuiltInProgramTypes.registry.ids
            guard !builtIn.contains(id) else {
                throw ValidationError(
                    "'\(id)' is a built-in program type; choose another id (built in: \(builtIn.joined(separator: ", ")))")
            }
            // Swift names can't start with a digit; Python's dictionary keys don't care.
            if kind == .swift, id.first?.isNumber == true {
                throw ValidationError(
                    "'\(id)' starts with a digit, which the Swift type name '\(Scaffold(id: id).target)' can't; "
                        + "start the id with a letter (e.g. 'second-line'), or use --external")
            }
        }

        func run() throws {
            let scaffold = Scaffold(id: id)
            switch kind {
            case .external:
                let folder = output ?? "plugins"
                let path = (folder as NSString).appendingPathComponent(ExternalProgramType.prefix + id)
                try write(scaffold.pythonPlugin, to: path, executable: true)
                let trustStep = "mentor plugin trust \(PluginTrust.shellQuoted(folder))"
                do {
                    try TrustStore.change { store in store.trust(try PluginTrust.entry(forFileAt: path)) }
                } catch {
                    throw PluginFileError.wroteUntrusted(path, reason: "\(error)", trustStep: trustStep)
                }
                print(
                    """
                    wrote \(path) and trusted it as written
                    After editing it, run '\(trustStep)' again: a changed plugin doesn't run until trusted.
                    Try it: put a program file with 'type: \(id)' beside the '\(folder)' folder and run
                      mentor programs describe \(id) --program PROGRAM
                      mentor agenda PROGRAM --meeting 2
                    """)
            case .swift:
                let folder = output ?? "Plugins/ProgramTypes/\(scaffold.name)"
                let path = (folder as NSString).appendingPathComponent("\(scaffold.target).swift")
                try write(scaffold.swiftType, to: path, executable: false)
                print("wrote \(path)\n\n" + scaffold.registrationSteps(folder: folder))
            }
        }

        private func write(_ text: String, to path: String, executable: Bool) throws {
            let manager = FileManager.default
            guard !manager.fileExists(atPath: path) else { throw CLIError.wouldOverwrite(path) }
            do {
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
                if executable { try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
            } catch {
                throw CLIError.unwritable(path)
            }
        }
    }
}
