import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import MentorCore

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
