import Foundation
import MentorCore

/// Finds external program types: executables named `mentor-program-ID` in a `plugins/` folder
/// beside the program file first, then on `PATH`. The first file found for an id wins.
///
/// Finding runs nothing. A file in a project's `plugins/` folder (or in a relative `PATH` entry,
/// which depends on the current folder) runs only once the user trusts it (`PluginTrust`); a file
/// named like a built-in type is never used.
public enum PluginDiscovery {
    /// A plugin file found on disk, not yet started.
    public struct Candidate: Sendable, Equatable {
        /// The id its file name gives.
        public var id: String
        /// Its path, as found (relative when the folder was).
        public var path: String
        /// "plugins folder", "PATH", or "PATH (relative entry)".
        public var place: String
        /// True when it may run only once trusted: it is in a project folder, not on the user's `PATH`.
        public var needsTrust: Bool

        /// Creates a candidate.
        public init(id: String, path: String, place: String, needsTrust: Bool? = nil) {
            self.id = id
            self.path = path
            self.place = place
            self.needsTrust = needsTrust ?? (place != "PATH")
        }

        /// The folder it was found in, as found.
        public var folder: String {
            let folder = (path as NSString).deletingLastPathComponent
            return folder.isEmpty ? "." : folder
        }
    }

    /// What a search found.
    public struct Found: Sendable, Equatable {
        /// Usable candidates, in search order.
        public var candidates: [Candidate] = []
        /// Files that look like plugins but can't be used, and why.
        public var warnings: [String] = []
    }

    /// Searches `folders` (the program's `plugins/` folders) and then each folder on `searchPath`
    /// (a `PATH`-style list). A file named after an id in `reserved` (the built-in types) is left
    /// out with a warning: built-in types can't be replaced.
    public static func find(folders: [String], searchPath: String?, reserved: Set<String> = []) -> Found {
        var found = Found()
        var seen: Set<String> = []
        // An empty entry in a PATH means the current folder, like "."; an empty or missing PATH, none.
        let pathFolders =
            (searchPath ?? "").isEmpty
            ? []
            : (searchPath ?? "").split(separator: ":", omittingEmptySubsequences: false).map { $0.isEmpty ? "." : String($0) }
        var places = folders.map { ($0, "plugins folder") }
        for folder in pathFolders where !places.contains(where: { $0.0 == folder }) {
            places.append((folder, folder.hasPrefix("/") ? "PATH" : "PATH (relative entry)"))
        }
        for (folder, place) in places {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() where name.hasPrefix(ExternalProgramType.prefix) {
                let path = (folder as NSString).appendingPathComponent(name)
                guard let candidate = candidate(name: name, path: path, place: place, reserved: reserved, warnings: &found.warnings),
                    seen.insert(candidate.id).inserted
                else { continue }
                found.candidates.append(candidate)
            }
        }
        return found
    }

    /// The candidate for the file `name` at `path`, or nil (with a warning when it looks like a mistake).
    private static func candidate(
        name: String, path: String, place: String, reserved: Set<String>,
        warnings: inout [String]
    ) -> Candidate? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        let id = String(name.dropFirst(ExternalProgramType.prefix.count))
        guard PlanFormat.isValidID(id) else {
            warnings.append(
                "'\(path)' looks like a program type plugin, but '\(id)' is not lowercase words "
                    + "joined by '-'; rename it 'mentor-program-ID'")
            return nil
        }
        guard !reserved.contains(id) else {
            warnings.append(
                "'\(path)' is named like the built-in program type '\(id)' and is ignored (never run): "
                    + "built-in types can't be replaced; give the plugin an id of its own, 'mentor-program-ID'")
            return nil
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            warnings.append(
                "'\(path)' looks like the program type plugin '\(id)' but is not executable; "
                    + "run 'chmod +x \(path)'")
            return nil
        }
        return Candidate(id: id, path: path, place: place)
    }

    /// The `plugins/` folder beside the program file at `programPath` (or in the current folder).
    public static func folder(besideProgram programPath: String?) -> String {
        let directory = programPath.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        return directory.isEmpty ? "plugins" : directory + "/plugins"
    }
}
