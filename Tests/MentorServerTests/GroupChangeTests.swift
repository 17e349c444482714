import Foundation
import Testing

/// The web exit form in a circle: a member leaves by themselves, and the circle goes on.
struct GroupChangeTests {
    static let circle = "/programs/circle/groups/diaz-circle"

    @Test("a circle mentee leaves alone: the others keep the group, its forms and its agenda without her; she records nothing more")
    func leaveCircle() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let beth = try await client.signIn("beth.ngata@example.org")
            let form = try await client.get(Self.circle, cookies: beth.cookie)
            #expect(form.body.contains("Leave the group"), "a circle member leaves; the circle does not end")
            let confirm = try await client.post(Self.circle + "/exit", [("csrf", beth.csrf), ("reason", "moving")], cookies: beth.cookie)
            #expect(confirm.status == .ok)
            #expect(confirm.body.contains("Leave the group?") && confirm.body.contains("it goes on with Rosa Diaz, Omar Haddad"))
            #expect(try fixture.eventCount("circle") == 0)
            let done = try await client.post(
                Self.circle + "/exit", [("csrf", beth.csrf), ("reason", "moving"), ("confirm", "yes")],
                cookies: beth.cookie)
            #expect(done.status == .seeOther)
            #expect(try fixture.eventCount("circle") == 1)

            let own = try await client.get(Self.circle, cookies: beth.cookie)
            #expect(own.body.contains("You left this group on"))
            #expect(!own.body.contains("Log the meeting"), "someone who left fills in no forms")
            #expect(!own.body.contains("Next meeting:"), "nor gets the next agenda")
            let refused = try await client.post(Self.circle + "/goals", [("csrf", beth.csrf), ("text", "More")], cookies: beth.cookie)
            #expect(refused.status == .forbidden)
            #expect(try fixture.eventCount("circle") == 1)

            let rosa = try await client.signIn("rosa.diaz@example.org")
            let page = try await client.get(Self.circle, cookies: rosa.cookie)
            #expect(page.body.contains("Beth Ngata left the group on"))
            #expect(!page.body.contains("This group was ended") && !page.body.contains("This partnership was ended"))
            #expect(page.body.contains("Log the meeting"), "the circle goes on")
            #expect(!page.body.contains("name=\"attendees\" value=\"a2\""), "the attendance form leaves her out")
            #expect(page.body.contains("name=\"attendees\" value=\"a1\""))
        }
    }
}
