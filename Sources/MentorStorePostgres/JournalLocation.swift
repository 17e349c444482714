import Foundation
import MentorStore

/// Where a progress journal is: an SQLite file, or a PostgreSQL database named by a
/// `postgres://user@host:port/database` URL. How commands open a journal, whichever the backend.
public enum JournalLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file (``MentorStore/ProgressStore``).
    case sqlite(path: String)
    /// A PostgreSQL database (``PostgresJournal``).
    case postgres(PostgresLocation)

    /// The environment variable naming the journal when `--store` is not given.
    public static let environmentVariable = "MENTORKIT_STORE"

    /// The location `text` names: a `postgres://` or `postgresql://` URL, or else a file path.
    /// Throws for a URL that can't be used (one with a password among them).
    public init(_ text: String) throws(StoreError) {
        if PostgresLocation.isURL(text) {
            self = .postgres(try PostgresLocation(url: text))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The journal for `program` (a program file's path): `store` (from `--store`) when given,
    /// else the `MENTORKIT_STORE` variable of `environment`, else `.mentor/progress.sqlite` beside
    /// the program file. `explicit` is false only for that default.
    public static func resolve(
        store: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        program: String
    ) throws(StoreError) -> (location: JournalLocation, explicit: Bool) {
        if let store { return (try JournalLocation(store), true) }
        if let named = environment[environmentVariable], !named.isEmpty { return (try JournalLocation(named), true) }
        return (.sqlite(path: defaultPath(for: program)), false)
    }

    /// The default journal's path for the program file at `program`.
    public static func defaultPath(for program: String) -> String {
        let directory = (program as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "" : directory + "/") + ".mentor/progress.sqlite"
    }

    /// The file path or the URL (without a password), as the user wrote it.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let location): return location.description
        }
    }

    /// Whether this is a PostgreSQL database.
    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    // MARK: - Opening

    /// Opens the journal for reading only: nothing is created or written. Throws `.missing` when
    /// there is no journal there (no file; a database without MentorKit's tables).
    public func openForReading(
        legacyKeys: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(StoreError) -> any Journal {
        switch self {
        case .sqlite(let path):
            return try ProgressStore(readingAt: path, legacyKeys: legacyKeys)
        case .postgres(let location):
            let journal = PostgresJournal(location, password: try location.password(environment: environment), create: false)
            guard try await journal.exists() else { throw .missing(location.description) }
            return journal
        }
    }

    /// Opens the journal for recording: an SQLite file is created when missing (and its folder,
    /// with `createFolder`) and migrated; a PostgreSQL database gets the tables at the first write.
    public func openForRecording(
        createFolder: Bool = true, legacyKeys: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) -> any Journal {
        switch self {
        case .sqlite(let path):
            return try ProgressStore(path: path, createFolder: createFolder, legacyKeys: legacyKeys)
        case .postgres(let location):
            return PostgresJournal(location, password: try location.password(environment: environment), create: true)
        }
    }
}
