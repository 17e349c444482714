import Foundation
import MentorCore

/// Which program file records under which program key, so that the journal can tell a new
/// program from two files sharing one key, or from a file whose `id:` changed.
///
/// Each program file that records notes its claim once (a ``RecordKind/programFile`` record: the
/// key, the file's absolute path and the program's name). Before recording:
/// - another file claiming the key under another program name is an error naming both files (a
///   file claiming the key under the same name is taken to have moved);
/// - when this file claimed another key that still has events, and its key has none, the `id:`
///   changed: an error says how to carry the history over.
enum ProgramKeys {
    struct Claim: Codable {
        var file: String
        var name: String
    }

    /// The absolute path of a program file, as claims record it.
    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    static func claims(in journal: any Journal) async throws(StoreError) -> [(key: String, claim: Claim)] {
        try await journal.records(kind: .programFile).compactMap { record in
            (try? JSONDecoder().decode(Claim.self, from: Data(record.body.utf8))).map { (record.key, $0) }
        }
    }

    /// Checks `program`'s claim on its key in `journal` and notes it when new.
    static func claim(_ program: Program, in journal: any Journal) async throws(StoreError) {
        guard let record = try await pendingClaim(program, in: journal) else { return }
        try await journal.addRecord(record, unique: false)
    }

    /// Checks `program`'s claim on its key in `journal` (only reading it) and returns the record
    /// that notes it, when new: for a caller that adds it in its own transaction.
    static func pendingClaim(_ program: Program, in journal: any Journal) async throws(StoreError) -> JournalRecord? {
        let file = absolute(program.source)
        let claims = try await claims(in: journal)
        if let other = claims.first(where: { $0.key == program.id && $0.claim.file != file && $0.claim.name != program.name }) {
            throw .programKeyTaken(key: program.id, file: program.source, otherFile: other.claim.file, otherName: other.claim.name)
        }
        if let change = try await changedKey(program, claims: claims, in: journal) { throw change }
        guard !claims.contains(where: { $0.key == program.id && $0.claim.file == file }) else { return nil }
        let body = (try? JSONEncoder().encode(Claim(file: file, name: program.name))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return JournalRecord(program: program.id, kind: .programFile, key: program.id, at: Date(), body: body)
    }

    /// The error for a program file whose key changed while its history stayed under the old
    /// key, or nil (for reading commands to warn with).
    static func changedKey(_ program: Program, in journal: any Journal) async throws(StoreError) -> StoreError? {
        try await changedKey(program, claims: try await claims(in: journal), in: journal)
    }

    private static func changedKey(
        _ program: Program, claims: [(key: String, claim: Claim)],
        in journal: any Journal
    ) async throws(StoreError) -> StoreError? {
        let file = absolute(program.source)
        let earlier = Set(claims.filter { $0.claim.file == file && $0.key != program.id }.map(\.key))
        guard !earlier.isEmpty else { return nil }
        let counts = try await journal.programs()
        guard counts[program.id, default: 0] == 0,
            let old = earlier.sorted().first(where: { counts[$0, default: 0] > 0 })
        else { return nil }
        return .programKeyChanged(file: program.source, old: old, new: program.id, events: counts[old, default: 0])
    }
}
