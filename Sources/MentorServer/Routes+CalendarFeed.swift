import Foundation
import Hummingbird
import MentorCore
import MentorStore

extension Routes {
    /// `POST /calendar` makes the visitor's feed link (shown once); `GET /calendar/TOKEN.ics`
    /// serves it, without a session (calendar apps have none), to whoever holds the link.
    func addCalendar(to router: Router<ServerContext>) {
        let feeds = CalendarFeeds(journal: signIn.journal, programs: programs)
        router.post("/calendar") { _, context in
            guard let visitor = context.identity else { return Pages.redirect("/sign-in") }
            let token = try await feeds.make(for: visitor.email, at: signIn.now())
            let base = configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? listening()
            let link = "\(base)/calendar/\(token).ics"
            return Pages.html(
                pages.page(
                    "message", title: "Your calendar link",
                    [
                        "heading": "Your calendar link",
                        "text": "Add this address to your calendar app as a subscription (\"From URL\"):", "code": link,
                        "after": "It lists your meetings and program events, and follows any change. Keep it to yourself; "
                            + "it is shown only now. Making a new link stops this one.",
                        "link": "/", "linkText": "Back to my groups",
                        "visitor": ["name": visitor.name(in: programs), "csrf": visitor.csrf],
                    ]))
        }
        router.get("/calendar/:file") { _, context in
            guard let file = context.parameters.get("file"), file.hasSuffix(".ics"), file.count < 100,
                let calendar = try await feeds.calendar(token: String(file.dropLast(4)))
            else {
                return notFound(context)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: calendar)))
        }
    }
}
