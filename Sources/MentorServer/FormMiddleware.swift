import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import MentorCore

/// Reads a POST's form and checks its CSRF token (the hidden field `csrf`): the session's token
/// when signed in, else the `mentor_csrf` cookie's value (set by the sign-in page). Without a
/// valid one the request is refused with 403 and nothing else runs.
struct FormMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    static let cookie = "mentor_csrf"
    let pages: PageTemplates

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        var context = context
        if let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = FormData.parameter("boundary", in: type), !boundary.isEmpty,
                let form = try? FormData(multipart: buffer, boundary: boundary)
            else {
                return Pages.html(
                    pages.page(
                        "message", title: "Not understood",
                        [
                            "heading": "The form could not be read",
                            "text": "Its upload arrived incomplete or malformed. Go back and send it again.",
                        ]), status: .badRequest)
            }
            context.form = form
        } else {
            context.form = FormData(String(buffer: buffer))
        }
        let expected = context.identity?.csrf ?? request.cookies[Self.cookie]?.value
        guard let expected, let sent = context.form["csrf"], Self.same(sent, expected) else {
            return Pages.html(
                pages.page(
                    "message", title: "Refused",
                    [
                        "heading": "This form has expired",
                        "text": "The form was not sent from this site, or your session changed since it was opened. "
                            + "Go back, reload the page and send it again.",
                    ]), status: .forbidden)
        }
        return try await next(request, context)
    }

    /// Compares without stopping at the first difference.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
