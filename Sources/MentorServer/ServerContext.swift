import Hummingbird
import HummingbirdAuth
import Logging

/// The request context of every route: the signed-in visitor (from the session cookie) and the
/// client's address (for rate limits).
struct ServerContext: AuthRequestContext, RequestContext {
    /// Hummingbird's own per-request storage.
    var coreContext: CoreRequestContextStorage
    /// Who is signed in, if anyone.
    var identity: Visitor?
    /// The client's IP address, or `unknown` (tests without a socket).
    let client: String
    /// A POST's form fields, read (and the CSRF token checked) by ``FormMiddleware``.
    var form = FormData("")

    /// Creates the context of a request from its channel.
    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        identity = nil
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Form bodies are small: 1 MB of text is refused by the form checks, not by a dropped connection.
    var maxUploadSize: Int { 4 * 1024 * 1024 }
}
