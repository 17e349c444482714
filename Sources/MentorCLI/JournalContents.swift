import ArgumentParser
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres

/// What a journal holds, summed up to compare two: counts, and a digest (64-bit FNV-1a) of every
/// event of every program in the order recorded and of every record, each in a canonical encoding
/// (so the backends' storage formats don't matter).
struct JournalContents: Equatable, CustomStringConvertible {
    var programs = 0
    var events = 0
    var records = 0
    var digest: UInt64 = 0xcbf2_9ce4_8422_2325

    var isEmpty: Bool { events == 0 && records == 0 }
    var digestText: String { String(digest, radix: 16) }
    var description: String { "\(events) events, \(records) records, digest \(digestText)" }

    static func read(_ journal: any Journal) async throws -> JournalContents {
        var contents = JournalContents()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let counts = try await journal.programs()
        for program in counts.keys.sorted() {
            contents.programs += 1
            contents.mix(Data("program \(program)".utf8))
            try await journal.forEachEvent(program: program, group: nil) { result in
                contents.events += 1
                switch result {
                case .success(let event): contents.mix(try encoder.encode(event))
                case .failure(let row): contents.mix(Data("unreadable \(row.id)".utf8))
                }
            }
        }
        for kind in RecordKind.allCases {
            for record in try await journal.records(kind: kind) {
                contents.records += 1
                contents.mix(try encoder.encode(record))
            }
        }
        return contents
    }

    private mutating func mix(_ data: Data) {
        for byte in data {
            digest ^= UInt64(byte)
            digest = digest &* 0x100_0000_01b3
        }
        digest ^= 0xff
        digest = digest &* 0x100_0000_01b3
    }
}
