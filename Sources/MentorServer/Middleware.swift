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

/// Logs each request with swift-log: method, path (a sign-in token replaced by `…`), status and
/// time taken. Never a query, a form field, a cookie or an address.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = Self.loggedPath(request.uri.path)
        do {
            let response = try await next(request, context)
            log(request, path: path, status: Int(response.status.code), since: start)
            return response
        } catch {
            log(request, path: path, status: (error as? HTTPError).map { Int($0.status.code) } ?? 500, since: start)
            throw error
        }
    }

    private func log(_ request: Request, path: String, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method) \(path) \(status)", metadata: ["ms": .string(String(format: "%.2f", ms))])
    }

    /// `path` fit for a log: the one-time token of `/sign-in/TOKEN` is left out.
    static func loggedPath(_ path: String) -> String {
        path.hasPrefix("/sign-in/") ? "/sign-in/…" : path
    }
}

/// Finds the visitor from the session cookie (a session in the journal, not expired, not ended).
struct SessionAuthenticator: AuthenticatorMiddleware {
    typealias Context = ServerContext
    static let cookie = "mentor_session"
    let signIn: SignIn

    func authenticate(request: Request, context: Context) async throws -> Visitor? {
        guard let token = request.cookies[Self.cookie]?.value else { return nil }
        return try await signIn.visitor(session: token)
    }
}

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
