import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import MentorCore

extension HTTPField.Name {
    // Names that HTTPTypes doesn't define; the literals are valid field names.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")! // swiftlint:disable:this force_unwrapping
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")! // swiftlint:disable:this force_unwrapping
}

/// Adds the headers every response carries: a Content-Security-Policy that allows the page's own
/// stylesheet and forms only (no scripts, no frames), frame protection, no sniffing, no referrer
/// (a sign-in link never leaks), and no caching of private pages.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger
    /// A plain-text answer for a failure, saying what the visitor can do.
    static func failure(_ status: HTTPResponse.Status) -> Response {
        let text =
            status.code >= 500
            ? "Something went wrong on the server. Try again in a moment; if it keeps happening, tell your coordinator."
            : status.reasonPhrase
        return Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 503 for a page whose program type (a plugin) can't answer now.
    static func typeUnavailable() -> Response {
        let text =
            "This program's meetings are laid out by an add-on that is not working right now, so this page "
            + "can't be shown. Try again later; if it keeps happening, tell your coordinator (the server's log says what is wrong)."
        return Response(
            status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let policy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            if error.status.code >= 500 {
                logger.error("\(request.method) \(RequestLogMiddleware.loggedPath(request.uri.path)): \(error.body ?? "")")
            }
            response = Self.failure(error.status)
        } catch let error as ProgramTypeError {
            // A plugin type that fails, hangs or may no longer run (changed since it was trusted):
            // the log says which and why, for whoever runs the server; the page, that it is the type.
            logger.error("\(request.method) \(RequestLogMiddleware.loggedPath(request.uri.path)): \(error)")
            response = Self.typeUnavailable()
        } catch {
            // A journal or mail failure: the log says what (for whoever runs the server); the page doesn't.
            logger.error("\(request.method) \(RequestLogMiddleware.loggedPath(request.uri.path)): \(error)")
            response = Self.failure(.internalServerError)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
