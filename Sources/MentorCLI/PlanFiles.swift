import Foundation
import MentorCore
import ShippedPlans

/// Finds and reads template files named on the command line.
enum PlanFiles {
    /// The folder searched when no path is given.
    static let defaultFolder = "Plans"

    /// How a data file (a roster, an export to import) is named to read standard input instead.
    static let standardInput = "-"

    /// Sources for `paths` (files, or folders whose `.yaml`/`.yml` files are read, not recursing),
    /// or for `Plans/` in the current directory when `paths` is empty. With `fromDisk`, files are
    /// only opened here, and the loader reads them a piece at a time (`PlanSource.open`): for a
    /// command that needs no file's text afterwards but the lines its diagnostics show.
    static func sources(_ paths: [String], fromDisk: Bool = false) throws -> [PlanSource] {
        let manager = FileManager.default
        if paths.isEmpty, !isDirectory(defaultFolder) {
            throw CLIError.noPlansFolder(manager.currentDirectoryPath)
        }
        var sources: [PlanSource] = []
        for path in paths.isEmpty ? [defaultFolder] : paths {
            guard manager.fileExists(atPath: path) else { throw CLIError.noSuchPath(path) }
            let files = isDirectory(path) ? try templates(in: path) : [path]
            for file in files { sources.append(try source(file, fromDisk: fromDisk)) }
        }
        return sources
    }

    /// The shipped templates, as fallback for `extends` and for plans the user did not write.
    static var shipped: [PlanSource] {
        ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
    }

    private static func templates(in folder: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else { throw CLIError.noTemplates(folder) }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return files.map { prefix + $0 }
    }

    /// The file at `path` as a source. A file over the size limit is refused from its size, before
    /// it is read; one that is too large or not UTF-8 comes back with its `problem` set, for the
    /// loader to report at the first bad byte while the other files are still checked.
    static func source(_ path: String, fromDisk: Bool = false) throws -> PlanSource {
        if path == standardInput {
            do {
                let read = try PlanSource.read(path: "/dev/stdin")
                return PlanSource(path: path, text: read.text, problem: read.problem)
            } catch {
                throw CLIError.unreadable("standard input", reason: error.reason)
            }
        }
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError.noSuchPath(path) }
        InputFiles.shared.record(path) // an --output never replaces it
        do {
            return try fromDisk ? PlanSource.open(path: path) : PlanSource.read(path: path)
        } catch {
            throw CLIError.unreadable(path, reason: error.reason)
        }
    }

    /// The UTF-8 text of `path`, with a clear error when it is missing, too large or not text.
    static func read(_ path: String) throws -> String {
        let source = try source(path)
        if let problem = source.problem {
            throw CLIError.unreadable(path, reason: "line \(problem.mark.line), column \(problem.mark.column): \(problem.message)")
        }
        return source.text
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
