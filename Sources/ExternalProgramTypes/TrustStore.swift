import Foundation
import MentorCore

/// The plugin files the user has trusted, in a user-level file: each file's absolute path and the
/// SHA-256 of its content when it was trusted. A plugin in a project folder runs only while its
/// content still has that hash; see the "Program types outside Swift" article.
///
/// The file is `$MENTORKIT_CONFIG_HOME/trusted-plugins.json` when that variable is set, else
/// `$XDG_CONFIG_HOME/mentorkit/trusted-plugins.json`, else `~/.config/mentorkit/trusted-plugins.json`.
public struct TrustStore: Sendable, Equatable {
    /// One trusted file.
    public struct Entry: Codable, Sendable, Equatable {
        /// The file's absolute path, symbolic links resolved.
        public var path: String
        /// The SHA-256 of its content when it was trusted, in lowercase hexadecimal.
        public var sha256: String

        /// Creates an entry.
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// Where the store is kept.
    public let file: String
    /// The trusted files, sorted by path, one entry per path.
    public private(set) var entries: [Entry]

    /// An empty store kept at `file`.
    public init(file: String, entries: [Entry] = []) {
        self.file = file
        self.entries = []
        for entry in entries { trust(entry) }
    }

    // MARK: - Location

    /// The variable naming the folder of MentorKit's user-level files (tests point it at a temporary folder).
    public static let configVariable = "MENTORKIT_CONFIG_HOME"
    /// The store's file name in that folder.
    public static let fileName = "trusted-plugins.json"

    /// The store's path for `environment`, or nil when there is no home folder to keep it in.
    public static func location(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let folder = environment[configVariable], !folder.isEmpty {
            return (folder as NSString).appendingPathComponent(fileName)
        }
        // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("mentorkit/" + fileName)
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return (home as NSString).appendingPathComponent(".config/mentorkit/" + fileName)
    }

    // MARK: - Reading and writing

    /// The store at `location(environment)`; empty when the file doesn't exist yet.
    public static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(TrustError) -> TrustStore {
        guard let file = location(environment) else { throw .noHome }
        return try load(file: file)
    }

    /// The store kept in `file`; empty when the file doesn't exist yet.
    public static func load(file: String) throws(TrustError) -> TrustStore {
        guard FileManager.default.fileExists(atPath: file) else { return TrustStore(file: file) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            throw .unreadable(
                file: file,
                reason: posix.map { String(cString: strerror(Int32($0.code))) }
                    ?? (error as NSError).localizedDescription)
        }
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: data)
        } catch {
            throw .unreadable(file: file, reason: "it is not a trust store MentorKit wrote (\(Self.reason(error)))")
        }
        guard stored.version == Stored.currentVersion else {
            throw .unreadable(file: file, reason: "it has version \(stored.version); this MentorKit reads version \(Stored.currentVersion)")
        }
        for entry in stored.plugins {
            guard entry.path.hasPrefix("/"), entry.sha256.count == 64, entry.sha256.allSatisfy(\.isHexDigit) else {
                throw .unreadable(file: file, reason: "the entry for '\(entry.path)' needs an absolute path and a SHA-256 of 64 hex digits")
            }
        }
        return TrustStore(file: file, entries: stored.plugins)
    }

    /// Writes the store: to a temporary file beside it, flushed to disk, then renamed over the old
    /// one, so a crash or a full disk never leaves half a store. The folder is created (mode 0700).
    public func save() throws(TrustError) {
        let folder = (file as NSString).deletingLastPathComponent
        let text: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            text = try encoder.encode(Stored(plugins: entries)) + Data("\n".utf8)
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unwritable(file: file, reason: Self.reason(error))
        }
        do {
            try AtomicFile.replace(file, with: text, newFileMode: 0o600)
        } catch {
            throw .unwritable(file: file, reason: error.reason)
        }
    }

    /// Loads the store, lets `body` change it, and saves it, holding an exclusive lock (`flock` on
    /// a `.lock` file beside it) throughout, so that two commands changing it at once both count.
    /// Nothing is saved when `body` throws.
    @discardableResult
    public static func change<T>(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (inout TrustStore) throws -> T
    ) throws -> T {
        guard let file = location(environment) else { throw TrustError.noHome }
        do {
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TrustError.unwritable(file: file, reason: Self.reason(error))
        }
        let lock = open(file + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw TrustError.unwritable(file: file, reason: String(cString: strerror(errno))) }
        defer { close(lock) } // which releases the lock
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw TrustError.unwritable(file: file, reason: String(cString: strerror(errno))) }
        }
        var store = try load(file: file)
        let result = try body(&store)
        try store.save()
        return result
    }

    // MARK: - Changing

    /// Records `entry`, replacing any entry for the same path; returns the hash it replaces.
    @discardableResult
    public mutating func trust(_ entry: Entry) -> String? {
        let index = entries.firstIndex { $0.path >= entry.path } ?? entries.endIndex
        if index < entries.endIndex, entries[index].path == entry.path {
            let old = entries[index].sha256
            entries[index] = entry
            return old
        }
        entries.insert(entry, at: index)
        return nil
    }

    /// Removes the entry for `path` and every entry inside it when it is a folder; returns what was removed.
    public mutating func untrust(_ path: String) -> [Entry] {
        let folder = path.hasSuffix("/") ? path : path + "/"
        let removed = entries.filter { $0.path == path || $0.path.hasPrefix(folder) }
        entries.removeAll { $0.path == path || $0.path.hasPrefix(folder) }
        return removed
    }

    /// The entry for the file at the absolute, resolved `path`.
    public func entry(for path: String) -> Entry? { entries.first { $0.path == path } }

    // MARK: - Format

    /// The file's content.
    private struct Stored: Codable {
        static let currentVersion = 1
        var about =
            "Program type plugins that MentorKit may run: 'mentor plugin trust' and 'mentor plugin untrust' "
            + "change this list. A file runs only while its content has the SHA-256 recorded here."
        var version = currentVersion
        var plugins: [Entry]
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return (error as NSError).localizedDescription
        }
    }
}

/// Why the trust store can't be used.
public enum TrustError: Error, Equatable, CustomStringConvertible {
    /// Neither MENTORKIT_CONFIG_HOME, XDG_CONFIG_HOME nor HOME says where to keep it.
    case noHome
    /// The store exists but can't be read or is damaged; it is left as it is.
    case unreadable(file: String, reason: String)
    /// The store could not be written; the old one, if any, is unchanged.
    case unwritable(file: String, reason: String)
    /// A plugin file to trust can't be read.
    case unreadablePlugin(path: String, reason: String)

    public var description: String {
        switch self {
        case .noHome:
            return "there is no home folder to keep the list of trusted plugins in; set HOME, XDG_CONFIG_HOME or "
                + "\(TrustStore.configVariable) to a folder"
        case .unreadable(let file, let reason):
            return "can't read the list of trusted plugins '\(file)': \(reason); fix or remove it (plugins in project "
                + "folders don't run until it can be read)"
        case .unwritable(let file, let reason):
            return "can't write the list of trusted plugins '\(file)': \(reason); nothing was changed"
        case .unreadablePlugin(let path, let reason):
            return "can't read '\(path)' to record its SHA-256: \(reason)"
        }
    }
}
