import Crypto
import Delivery
import Foundation
import Logging
import MentorCore
import MentorStore

/// Sign-in without passwords: one-time links by email, and the sessions they start. Everything is
/// kept in the journal as records (tokens and sessions by their SHA-256 only), so it survives a
/// restart and every server sharing the journal accepts the same sessions.
struct SignIn: Sendable {
    let journal: any Journal
    let catalog: ProgramCatalog
    let configuration: ServerConfiguration
    let logger: Logger
    /// The time now, by the configuration's clock.
    func now() -> Date { configuration.clock() }

    // MARK: - Links

    /// What became of a request for a link (the page shown is the same whatever it is).
    enum LinkOutcome: Equatable {
        case sent(link: String)
        case unsent
        case unknownAddress
        case limited
    }

    /// Sends a one-time link to `address` when a program lists it, unless the address or the client
    /// asked too often. Every request counts towards the limits.
    func requestLink(for address: String, client: String, baseURL: String) async throws -> LinkOutcome {
        let email = address.trimmingCharacters(in: .whitespaces).lowercased()
        let at = now()
        let since = at.addingTimeInterval(-configuration.limits.window)
        let addressKey = "address:" + Self.hash(email)
        let clientKey = "client:" + client
        let byAddress = try await journal.countRecords(kind: .signInRequested, key: addressKey, since: since)
        let byClient = try await journal.countRecords(kind: .signInRequested, key: clientKey, since: since)
        try await journal.addRecord(JournalRecord(kind: .signInRequested, key: addressKey, at: at), unique: false)
        try await journal.addRecord(JournalRecord(kind: .signInRequested, key: clientKey, at: at), unique: false)
        guard byAddress < configuration.limits.perAddress, byClient < configuration.limits.perClient else {
            logger.warning(
                "sign-in link refused: rate limit",
                metadata: ["limit": .string(byAddress >= configuration.limits.perAddress ? "address" : "client")])
            return .limited
        }
        guard catalog.current().contains(where: { $0.program.person(email: email) != nil || $0.program.coordinator(email: email) != nil })
        else { return .unknownAddress }
        let token = Self.randomToken()
        try await journal.addRecord(
            JournalRecord(
                kind: .signInToken, key: Self.hash(token), person: email, at: at,
                expires: at.addingTimeInterval(configuration.limits.linkLifetime)), unique: true)
        let link = baseURL + "/sign-in/" + token
        let minutes = Int(configuration.limits.linkLifetime / 60)
        let message = MailMessage(
            from: configuration.sender, to: email, subject: "Your sign-in link for MentorKit",
            body: """
                Hello,

                open this link to sign in to your mentoring programs:

                \(link)

                It works once, for \(minutes) minutes. If you did not ask for it, ignore this message.
                """, date: at)
        do {
            try await configuration.mailer.send(message)
        } catch {
            // The page must not differ for a known address, so the failure goes to the log only.
            logger.error("sign-in mail not sent: \(error)")
            return .unsent
        }
        if configuration.development {
            FileHandle.standardOutput.write(Data("sign-in link for \(email): \(link)\n".utf8))
        }
        return .sent(link: link)
    }

    /// Uses the one-time `token`: a new session's token, or nil when the link is unknown, expired or used.
    func useLink(_ token: String) async throws -> String? {
        let key = Self.hash(token)
        let at = now()
        guard let issued = try await journal.records(kind: .signInToken, key: key).first, let email = issued.person,
            let expires = issued.expires, expires > at
        else { return nil }
        guard try await journal.addRecord(JournalRecord(kind: .signInUsed, key: key, at: at), unique: true) else { return nil }
        let session = Self.randomToken()
        try await journal.addRecord(
            JournalRecord(
                kind: .session, key: Self.hash(session), person: email, at: at,
                expires: at.addingTimeInterval(configuration.limits.sessionLifetime)), unique: true)
        return session
    }

    // MARK: - Sessions

    /// Who the session `token` (the cookie's value) belongs to, or nil when it is unknown, expired or ended.
    func visitor(session token: String) async throws -> Visitor? {
        guard token.count == 43, token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        let key = Self.hash(token)
        // Started and not ended, asked together (one round trip to a database server).
        let records = try await journal.records(key: key, kinds: [.session, .sessionEnded])
        guard let session = records.first(where: { $0.kind == .session }), let email = session.person,
            let expires = session.expires, expires > now()
        else { return nil }
        guard !records.contains(where: { $0.kind == .sessionEnded }) else { return nil }
        return Visitor(email: email, sessionKey: key, csrf: Self.hash("csrf|" + token))
    }

    /// Ends the session whose hash is `key` (signing out).
    func end(sessionKey key: String) async throws {
        try await journal.addRecord(JournalRecord(kind: .sessionEnded, key: key, at: now()), unique: true)
    }

    // MARK: - Tokens

    /// 32 random bytes from the system's secure generator, base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of `text`'s UTF-8, in lowercase hex: what the journal stores instead of a token.
    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
