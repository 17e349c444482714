import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres

/// `mentor store`: look after the progress journal itself.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Look after the progress journal: migrate it, carry a program's history to a new key, or copy it to another backend.",
        discussion: """
            Recording commands migrate an older journal by themselves, the first time they record; \
            reading commands read it as it is and never change it. Every migration first saves a \
            copy of the journal beside it (progress.sqlite.v1-backup).

            Examples:
              mentor store migrate Plans/examples/one-to-one.yaml
              mentor store rekey Plans/examples/one-to-one.yaml --from public-works
              mentor store copy --from .mentor/progress.sqlite --to postgres://mentor@db.example.org/mentorkit
            """,
        subcommands: [Migrate.self, Rekey.self, Copy.self]
    )

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Migrate the program's journal to the current format, keeping a copy of it as it was.",
            discussion: "Events recorded before programs had keys (filed under the program's name) are filed under its key (its 'id:').")

        @Argument(help: "The program file whose journal to migrate.") var program: String
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let file = try ProgramFile(path: program)
            if try storeOptions.location(for: program).location.isPostgres {
                print("a PostgreSQL journal is always in the current format (MentorKit creates its tables); nothing to migrate")
                return
            }
            let path = storeOptions.path(for: program)
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("there is no progress journal at '\(path)' yet; nothing to migrate")
            }
            let store = try ProgressStore(path: path, createFolder: false, legacyKeys: [file.program.id: file.program.name])
            if let backup = store.backup {
                print("migrated '\(path)' to the current format; the journal as it was is saved at '\(backup)'")
            } else {
                print("'\(path)' is already in the current format; nothing was changed")
            }
        }
    }

    struct Rekey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File a program's history, recorded under an earlier key, under its key now.",
            discussion: """
                A program's events are filed under its key: its 'id:', or its file name without the \
                extension. When that changes, 'mentor' says so and names the old key; this carries \
                the history over, after saving a copy of the journal. It refuses when the new key \
                already has events.
                """)

        @Argument(help: "The program file, whose key now is the one to use.") var program: String
        @Option(help: "The key its history is filed under now (the error or warning names it).") var from: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let file = try ProgramFile(path: program)
            if case (.postgres(let location), _) = try storeOptions.location(for: program) {
                try await rekeyInPostgres(JournalLocation.postgres(location), file: file)
                return
            }
            let path = storeOptions.path(for: program)
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("there is no progress journal at '\(path)'; check the path (or --store)")
            }
            let store = try ProgressStore(path: path, createFolder: false, legacyKeys: [file.program.id: file.program.name])
            let counts = try store.programs()
            guard counts[from, default: 0] > 0 else {
                let keys = counts.keys.sorted().map { "'\($0)' (\(counts[$0] ?? 0))" }.joined(separator: ", ")
                throw ValidationError(
                    "the journal '\(path)' has no events under the key '\(from)'; its keys: \(keys.isEmpty ? "none" : keys)")
            }
            let backup = ProgressStore.backupPath(for: path)
            let moved = try store.rekey(from: from, to: file.program.id)
            print(
                "filed \(moved) event\(moved == 1 ? "" : "s") of '\(from)' under '\(file.program.id)'; "
                    + "the journal as it was is saved at '\(backup)'")
        }

        /// The same in a PostgreSQL journal, in one transaction (back it up with pg_dump first if you wish).
        private func rekeyInPostgres(_ location: JournalLocation, file: ProgramFile) async throws {
            let journal = try await location.openForReading()
            let counts = try await journal.programs()
            guard counts[from, default: 0] > 0 else {
                let keys = counts.keys.sorted().map { "'\($0)' (\(counts[$0] ?? 0))" }.joined(separator: ", ")
                throw ValidationError(
                    "the journal '\(location)' has no events under the key '\(from)'; its keys: \(keys.isEmpty ? "none" : keys)")
            }
            let moved = try await location.openForRecording().rekey(from: from, to: file.program.id)
            print("filed \(moved) event\(moved == 1 ? "" : "s") of '\(from)' under '\(file.program.id)' in '\(location)'")
        }
    }
}
