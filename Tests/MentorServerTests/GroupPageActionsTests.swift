import Foundation
import MentorCore
import Testing

@testable import MentorServer

/// The group page's actions: every open one, the latest done ones, and a count of the rest.
struct GroupPageActionsTests {
    @Test("open actions are all listed; of the done ones the latest five, and how many earlier ones there are")
    func doneActionsShortened() async throws {
        let fixture = try ServerFixture()
        let served = try #require(fixture.programs.first { $0.program.id == "one-to-one" })
        let group = try #require(served.program.group("ruiz-lin"))
        let day = CalendarDate("2027-02-15")
        for index in 1...9 {
            let id = try await served.journal.addAction(group: group, text: "Action number \(index)", date: day)
            if index != 4 { try await served.journal.actionDone(group: group, action: id, date: day) }
        }
        try await fixture.test { client in
            let member = try await client.signIn("dana.ruiz@example.org")
            let page = try await client.get(AccessTests.own, cookies: member.cookie)
            #expect(page.status == .ok)
            // Done: 1-3 and 5-9 (eight); the latest five are 5-9, and 1-3 are counted.
            for shown in [4, 5, 6, 7, 8, 9] { #expect(page.body.contains("Action number \(shown)"), "action \(shown) is not listed") }
            for hidden in [1, 2, 3] { #expect(!page.body.contains("Action number \(hidden)"), "action \(hidden) is listed") }
            #expect(page.body.contains("And 3 earlier actions, done."))
        }
    }
}
