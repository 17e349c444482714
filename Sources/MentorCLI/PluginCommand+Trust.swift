import ArgumentParser
import BuiltInProgramTypes
import ExternalProgramTypes
import Foundation
import MentorCore

/// The plugin files a `trust` argument names: a plugin file, or every plugin file in a folder.
private func pluginFiles(in path: String) throws -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CLIError.noSuchPath(path) }
    let builtIn = Set(BuiltInProgramTypes.registry.ids)
    if !isDirectory.boolValue {
        let name = (path as NSString).lastPathComponent
        let id = String(name.dropFirst(ExternalProgramType.prefix.count))
        guard name.hasPrefix(ExternalProgramType.prefix), PlanFormat.isValidID(id) else {
            throw PluginFileError.notAPlugin(path)
        }
        guard !builtIn.contains(id) else { throw PluginFileError.builtInName(path, id: id) }
        return [path]
    }
    let found = PluginDiscovery.find(folders: [path], searchPath: nil, reserved: builtIn)
    for warning in found.warnings { note("warning: " + warning) }
    guard !found.candidates.isEmpty else { throw PluginFileError.noPlugins(path) }
    return found.candidates.map(\.path)
}

extension PluginCommand {
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let MentorKit run the plugins in a folder (or one plugin file) as they are now.",
            discussion: """
                A plugin in a project's 'plugins/' folder is code that came with the folder, so \
                MentorKit doesn't run it until you trust it. Trusting records each file's absolute \
                path and the SHA-256 of its content in your list of trusted plugins \
                ($MENTORKIT_CONFIG_HOME/trusted-plugins.json, else \
                $XDG_CONFIG_HOME/mentorkit/trusted-plugins.json, else \
                ~/.config/mentorkit/trusted-plugins.json). When a file changes, it stops running \
                until you trust it again. Plugins on your PATH always run; a file named like a \
                built-in type never does.

                Read the code before you trust it: a plugin runs as you.

                Examples:
                  mentor plugin trust Plugins/Examples/flash/plugins
                  mentor plugin trust plugins/mentor-program-situational
                """)

        @Argument(help: ArgumentHelp("Plugin folders or 'mentor-program-ID' files.", valueName: "path"))
        var paths: [String]

        func run() throws {
            let files = try paths.flatMap(pluginFiles)
            let (lines, file) = try TrustStore.change { store in
                var lines: [String] = []
                for file in files {
                    let entry = try PluginTrust.entry(forFileAt: file)
                    let previous = store.trust(entry)
                    let status = previous == nil ? "trusted" : previous == entry.sha256 ? "already trusted" : "trusted again (changed)"
                    lines.append("\(status): \(entry.path)\n  SHA-256 \(entry.sha256)")
                }
                return (lines, store.file)
            }
            print(lines.joined(separator: "\n") + "\nrecorded in \(file)")
        }
    }

    struct Untrust: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop running plugins you trusted: a file, or every trusted file in a folder.",
            discussion: """
                Removes entries from your list of trusted plugins; the files themselves are left \
                alone. A path that no longer exists still removes its entries.

                Examples:
                  mentor plugin untrust Plugins/Examples/flash/plugins
                """)

        @Argument(help: ArgumentHelp("Plugin folders or files.", valueName: "path"))
        var paths: [String]

        func run() throws {
            let (removed, file) = try TrustStore.change { store in
                var removed: [TrustStore.Entry] = []
                for path in paths {
                    let absolute = PluginTrust.resolved(path) ?? URL(fileURLWithPath: path).standardizedFileURL.path
                    let gone = store.untrust(absolute)
                    guard !gone.isEmpty else { throw PluginFileError.notTrusted(path) }
                    removed += gone
                }
                return (removed, store.file)
            }
            print(removed.map { "no longer trusted: \($0.path)" }.joined(separator: "\n") + "\nrecorded in \(file)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the plugin files found and whether each may run; runs none of them.",
            discussion: """
                Looks where a command would (a 'plugins/' folder beside the program file, or here, \
                then PATH) and lists every trusted file.

                Examples:
                  mentor plugin list
                  mentor plugin list --program Plugins/Examples/flash/flash.yaml
                """)

        @OptionGroup var search: PluginSearchOptions

        func run() throws {
            let builtIn = BuiltInProgramTypes.registry.ids
            let found = PluginDiscovery.find(
                folders: [PluginDiscovery.folder(besideProgram: search.program)],
                searchPath: ProcessInfo.processInfo.environment["PATH"], reserved: Set(builtIn))
            for warning in found.warnings { note("warning: " + warning) }
            let store = Result { () throws(TrustError) in try TrustStore.load() }
            let rows = found.candidates.map { candidate -> [String] in
                let verdict = PluginTrust.verdict(for: candidate, store: store)
                return [candidate.id, Self.words(verdict, candidate), candidate.path]
            }
            print(rows.isEmpty ? "no plugin files found" : TextTable(header: ["ID", "MAY RUN", "PATH"], rows: rows).rendered)
            switch store {
            case .success(let store):
                print("\n\(store.entries.count) trusted file\(store.entries.count == 1 ? "" : "s") in \(store.file)")
                for entry in store.entries {
                    let state = FileManager.default.fileExists(atPath: entry.path) ? "" : " (missing)"
                    print("  \(entry.path)\(state)\n    SHA-256 \(entry.sha256)")
                }
            case .failure(let error):
                throw error
            }
        }

        /// The verdict in a table cell.
        static func words(_ verdict: PluginTrust.Verdict, _ candidate: PluginDiscovery.Candidate) -> String {
            let trust = "run 'mentor plugin trust \(PluginTrust.shellQuoted(candidate.folder))'"
            switch verdict {
            case .trusted: return candidate.needsTrust ? "yes (trusted)" : "yes (on PATH)"
            case .notTrusted: return "no, not trusted: " + trust
            case .changed: return "no, changed since trusted: read it, then " + trust
            case .unreadable(let reason): return "no: " + reason
            }
        }
    }
}

/// Problems with the paths given to `plugin trust` and `plugin untrust`.
enum PluginFileError: Error, Equatable, CustomStringConvertible {
    /// A file that is not named 'mentor-program-ID'.
    case notAPlugin(String)
    /// A file named like a built-in type: it never runs, so there is nothing to trust.
    case builtInName(String, id: String)
    /// A folder without plugin files.
    case noPlugins(String)
    /// Nothing trusted at or under a path.
    case notTrusted(String)
    /// `plugin new` wrote the plugin but couldn't trust it.
    case wroteUntrusted(String, reason: String, trustStep: String)

    var description: String {
        switch self {
        case .notAPlugin(let path):
            return "'\(path)' is not a program type plugin; a plugin file is named 'mentor-program-ID', with an id of "
                + "lowercase words joined by '-'"
        case .builtInName(let path, let id):
            return "'\(path)' is named like the built-in program type '\(id)'; it never runs, so there is nothing to trust "
                + "(rename it 'mentor-program-ID' with an id of its own)"
        case .noPlugins(let path):
            return "'\(path)' holds no usable program type plugin ('mentor-program-ID' files that are executable); nothing was trusted"
        case .notTrusted(let path):
            return "nothing at or under '\(path)' is trusted; 'mentor plugin list' shows what is"
        case .wroteUntrusted(let path, let reason, let trustStep):
            return "wrote '\(path)' but could not trust it: \(reason); fix that, then run '\(trustStep)'"
        }
    }
}
