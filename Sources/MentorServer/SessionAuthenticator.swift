import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import MentorCore

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
