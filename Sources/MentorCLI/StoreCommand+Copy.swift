import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres

extension StoreCommand {
    /// `mentor store copy`: moves a journal between backends (SQLite → PostgreSQL when an
    /// organization grows), then checks that both hold the same.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every event and record of a journal into an empty one (SQLite or PostgreSQL), and verify the copy.",
            discussion: """
                LOCATION is a journal file or a postgres://USER@HOST:PORT/DATABASE URL (the password \
                from PGPASSWORD or ~/.pgpass). The target must be empty: nothing is ever merged. Each \
                program's events are written in one transaction, in the order recorded; afterwards \
                both journals are read back and their counts and a digest of every event, in order, \
                are compared.

                Example:
                  mentor store copy --from .mentor/progress.sqlite --to postgres://mentor@db.example.org:5432/mentorkit
                """)

        @Option(help: "The journal to copy (a file or a postgres:// URL).") var from: String
        @Option(help: "The empty journal to copy into (a file or a postgres:// URL).") var to: String

        func run() async throws {
            let (source, target) = (try location(from, option: "--from"), try location(to, option: "--to"))
            guard source != target else { throw ValidationError("--from and --to name the same journal '\(source)'") }
            let reader = try await Self.openSource(source)
            if case .sqlite(let path) = target {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty, !PlanFiles.isDirectory(folder) {
                    throw ValidationError("--to '\(path)': there is no folder '\(folder)'")
                }
            }
            let writer = try target.openForRecording(createFolder: false)
            let before = try await JournalContents.read(writer)
            guard before.isEmpty else {
                throw ValidationError(
                    "--to '\(target)' already holds \(before.events) event\(before.events == 1 ? "" : "s") and \(before.records) record\(before.records == 1 ? "" : "s"); "
                        + "a copy goes into an empty journal only (nothing is merged): give a new file or an empty database")
            }
            let programs = try await reader.programs()
            let total = programs.values.reduce(0, +)
            var copied = 0
            let progress = ProgressLine(total: total)
            for program in programs.keys.sorted() {
                var events: [ProgressEvent] = []
                events.reserveCapacity(programs[program] ?? 0)
                var unreadable = 0
                try await reader.forEachEvent(program: program, group: nil) { result in
                    switch result {
                    case .success(let event): events.append(event)
                    case .failure: unreadable += 1
                    }
                    progress.show(copied + events.count, doing: "reading")
                }
                if unreadable > 0 {
                    throw ValidationError(
                        "--from '\(source)': \(unreadable) events of '\(program)' can't be read, so they can't be "
                            + "copied; nothing of '\(program)' was copied. Void them (mentor void) or repair the journal first")
                }
                progress.show(copied, doing: "writing \(events.count) events of '\(program)'", force: true)
                copied += try await writer.append(events)
            }
            for kind in RecordKind.allCases {
                for record in try await reader.records(kind: kind) {
                    try await writer.addRecord(record, unique: kind == .signInUsed)
                }
            }
            progress.finish()
            let (original, copy) = (try await JournalContents.read(reader), try await JournalContents.read(writer))
            guard original == copy else {
                throw ValidationError(
                    "the copy in '\(target)' differs from '\(source)' (\(original) against \(copy)); "
                        + "do not use it: drop it (delete the file, or drop and re-create the database) and copy again")
            }
            print(
                "copied \(original.events) event\(original.events == 1 ? "" : "s") of \(original.programs) program"
                    + "\(original.programs == 1 ? "" : "s") and \(original.records) record\(original.records == 1 ? "" : "s") from '\(source)' "
                    + "to '\(target)'; verified: both hold the same events in the same order (digest \(original.digestText))")
        }

        private static func openSource(_ source: JournalLocation) async throws -> any Journal {
            do {
                return try await source.openForReading()
            } catch .missing {
                throw ValidationError("--from '\(source)': there is no progress journal there; check the path or URL")
            }
        }

        private func location(_ text: String, option: String) throws -> JournalLocation {
            do {
                return try JournalLocation(text)
            } catch {
                throw ValidationError("\(option): \(error)")
            }
        }
    }
}
