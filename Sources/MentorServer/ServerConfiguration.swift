import Delivery
import Foundation
import MentorCore

/// How `mentor serve` runs: where it listens, how it sends mail, and its limits.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free one (the `listening on` line tells which).
    public var port: Int
    /// The start of sign-in links (`https://mentoring.example.org`) when served behind a proxy;
    /// `nil` uses `http://HOST:PORT`.
    public var publicURL: String?
    /// Where sign-in mail goes.
    public var mailer: Mailer
    /// The `From:` of sign-in mail.
    public var sender: String
    /// A development run: sign-in links are also printed on the console.
    public var development: Bool
    /// Sign-in limits.
    public var limits: SignInLimits
    /// A folder whose `.mustache` files replace the shipped page templates of the same name.
    public var templatesFolder: String?
    /// The clock sign-in links and sessions are timed by (tests move it).
    public var clock: @Sendable () -> Date = { Date() }
    /// The day dashboards and reports are made for; `nil` is each day as it comes, by ``clock``
    /// (UTC). Set for demonstrations and tests of a program that has not started yet.
    public var today: CalendarDate? = nil
    /// How soon after a dashboard's report was made a new one may be started. Under many writes
    /// the journal is then folded for dashboards at most this often (each view meanwhile shows
    /// the last report and says when it was made); downloads and recorded attendance always wait
    /// for a report of the journal as it is.
    public var reportSpacing: Duration = .seconds(2)

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, mailer: Mailer,
        sender: String = "MentorKit <mentor@localhost>", development: Bool = false,
        limits: SignInLimits = SignInLimits(), templatesFolder: String? = nil
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.mailer = mailer
        self.sender = sender
        self.development = development
        self.limits = limits
        self.templatesFolder = templatesFolder
    }

    /// Whether cookies get `Secure`: when the public URL is `https`.
    var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }
}

/// How long sign-in links and sessions last, and how often a link may be asked for.
public struct SignInLimits: Sendable, Equatable {
    /// How long a sign-in link works.
    public var linkLifetime: TimeInterval
    /// How long a session lasts.
    public var sessionLifetime: TimeInterval
    /// Links one address may ask for per window.
    public var perAddress: Int
    /// Sign-in requests one client (IP address) may make per window.
    public var perClient: Int
    /// The window the two counts are over.
    public var window: TimeInterval

    /// Creates limits: by default links last 15 minutes, sessions 30 days, and an address may ask
    /// 5 times and a client 20 times an hour.
    public init(
        linkLifetime: TimeInterval = 15 * 60, sessionLifetime: TimeInterval = 30 * 24 * 3600, perAddress: Int = 5,
        perClient: Int = 20, window: TimeInterval = 3600
    ) {
        self.linkLifetime = linkLifetime
        self.sessionLifetime = sessionLifetime
        self.perAddress = perAddress
        self.perClient = perClient
        self.window = window
    }
}
