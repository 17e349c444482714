import BuiltInProgramTypes
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres
import ShippedPlans
import TestSupport
import Testing

/// The server's cache of groups' folded states: kept while nothing is recorded for a group, read
/// again when something is, whoever records it (another connection stands for another server).
struct GroupStateCacheTests {
    /// The shipped one-to-one example over two connections to one new journal of `backend`: what
    /// the cache reads through, and what "another server" records through.
    private func programOnTwoConnections(_ backend: Backend) throws -> (
        reader: ProgramJournal, writer: ProgramJournal, groups: [ProgramGroup]
    ) {
        let text = try #require(ShippedPlans.files.first { $0.path == "Plans/examples/one-to-one.yaml" }).contents
        let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
        let loaded = ProgramLoader(registry: BuiltInProgramTypes.registry)
            .load(PlanSource(path: "one-to-one.yaml", text: text), shippedPlans: shipped)
        let program = try #require(loaded.program)
        let builder = try #require(loaded.builder)
        #expect(program.groups.count >= 2)
        let location = try backend.location()
        let first = try JournalLocation(location).openForRecording()
        let second = try JournalLocation(location).openForRecording()
        return (
            ProgramJournal(program: program, plans: loaded.plans, builder: builder, journal: first),
            ProgramJournal(program: program, plans: loaded.plans, builder: builder, journal: second),
            program.groups
        )
    }

    private func fresh(_ group: ProgramGroup, _ journal: ProgramJournal) async throws -> GroupState {
        try await journal.ledger(of: group).state(of: group.id)
    }

    @Test("a state is kept until something is recorded for its group, by this connection or another", arguments: Backend.shared)
    func keptUntilRecorded(backend: Backend) async throws {
        let (reader, writer, groups) = try programOnTwoConnections(backend)
        let (a, b) = (groups[0], groups[1])
        try await writer.logMeeting(group: a, meeting: 1)
        let cache = GroupStateCache()

        let first = try await cache.stateAndOutcome(of: a, in: reader, version: "v1")
        #expect(first.outcome == .read)
        #expect(first.state.held == 1)
        let again = try await cache.stateAndOutcome(of: a, in: reader, version: "v1")
        #expect(again.outcome == .kept)
        #expect(again.state == first.state)
        #expect(try await cache.stateAndOutcome(of: b, in: reader, version: "v1").outcome == .read)

        // "Another server" records for a: a's kept state is continued with what was recorded, b is kept.
        try await writer.logMeeting(group: a, meeting: 2)
        let moved = try await cache.stateAndOutcome(of: a, in: reader, version: "v1")
        #expect(moved.outcome == .continued)
        #expect(moved.state.held == 2)
        #expect(moved.state == (try await fresh(a, reader)))
        #expect(try await cache.stateAndOutcome(of: b, in: reader, version: "v1").outcome == .kept)

        // This connection records for b: b is continued.
        try await reader.logMeeting(group: b, meeting: 1)
        let bMoved = try await cache.stateAndOutcome(of: b, in: reader, version: "v1")
        #expect(bMoved.outcome == .continued)
        #expect(bMoved.state.held == 1)
        #expect(bMoved.state == (try await fresh(b, reader)))

        // A void may undo an earlier event: the group is read whole, and the meeting is gone.
        let meeting = try #require(try await writer.read(group: a).ledger.events.last { $0.group == a.id })
        let ledger = try await writer.ledger(of: a)
        try await writer.record(
            [writer.event(.void(VoidRecord(event: meeting.id, reason: "logged twice")), group: a, date: writer.program.starts)],
            after: ledger)
        let voided = try await cache.stateAndOutcome(of: a, in: reader, version: "v1")
        #expect(voided.outcome == .read)
        #expect(voided.state.held == 1)
        #expect(voided.state == (try await fresh(a, reader)))

        // A changed program file (another version) starts over.
        #expect(try await cache.stateAndOutcome(of: a, in: reader, version: "v2").outcome == .read)
        #expect(try await cache.stateAndOutcome(of: a, in: reader, version: "v2").outcome == .kept)
    }

    @Test("past its capacity the cache drops the least recently used state")
    func capacity() async throws {
        let (reader, _, groups) = try programOnTwoConnections(.sqliteFile)
        let cache = GroupStateCache(capacity: 1)
        let (a, b) = (groups[0], groups[1])
        #expect(try await cache.stateAndOutcome(of: a, in: reader, version: "v").outcome == .read)
        #expect(try await cache.stateAndOutcome(of: a, in: reader, version: "v").outcome == .kept)
        #expect(try await cache.stateAndOutcome(of: b, in: reader, version: "v").outcome == .read)
        #expect(try await cache.stateAndOutcome(of: a, in: reader, version: "v").outcome == .read, "a was dropped for b")
    }

    @Test(
        "reads through the cache while another connection records: once the writes stop, every group's kept state is the journal's",
        arguments: Backend.shared)
    func readsDuringWrites(backend: Backend) async throws {
        let (reader, writer, groups) = try programOnTwoConnections(backend)
        let cache = GroupStateCache()
        var random = SplitMix64(state: 11)
        let writes = (0..<24).map { index in (group: groups[Int(random.next() % UInt64(groups.count))], text: "need \(index)") }
        let reads = (0..<200).map { _ in groups[Int(random.next() % UInt64(groups.count))] }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                // Of several kinds, so that kept states are continued with meetings, goals and actions too.
                var meetings: [String: Int] = [:]
                for (index, write) in writes.enumerated() {
                    let day = writer.program.starts
                    switch index % 4 {
                    case 0: _ = try await writer.addAction(group: write.group, text: write.text, date: day)
                    case 1: _ = try await writer.setGoal(group: write.group, text: write.text, date: day)
                    case 2:
                        meetings[write.group.id, default: 0] += 1
                        _ = try await writer.logMeeting(group: write.group, meeting: meetings[write.group.id] ?? 1, date: day)
                    default: break
                    }
                    let ledger = try await writer.ledger(of: write.group)
                    try await writer.record(
                        [writer.event(.trainingNeed(TrainingNeedRecord(text: write.text)), group: write.group, date: day)],
                        after: ledger)
                }
            }
            for share in 0..<4 {
                tasks.addTask {
                    for group in reads[(share * 50)..<(share * 50 + 50)] {
                        _ = try await cache.state(of: group, in: reader, version: "v")
                    }
                }
            }
            try await tasks.waitForAll()
        }
        for group in groups {
            let kept = try await cache.state(of: group, in: reader, version: "v")
            #expect(kept == (try await fresh(group, reader)), "group \(group.id)")
            #expect(kept.trainingNeeds.count == writes.filter { $0.group.id == group.id }.count)
        }
    }
}
