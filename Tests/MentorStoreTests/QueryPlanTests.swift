import Testing

@testable import MentorStore

/// Which index SQLite uses for the queries a server runs before its pages: on a journal of a
/// million events the wrong one costs hundreds of milliseconds a call (SQLite picks without
/// looking at the data, so a small journal gets the same plan).
struct QueryPlanTests {
    @Test("the groups written after a sequence number are read from the table's end, not from the whole program's index")
    func groupsAfter() throws {
        let store = try ProgressStore.inMemory()
        let plan = try store.queryPlan(ProgressStore.groupsAfterSQL)
        #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY (rowid>?)") }, "\(plan)")
        #expect(!plan.contains { $0.contains("event_by_group") }, "\(plan)")
    }
}
