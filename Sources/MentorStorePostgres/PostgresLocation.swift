import Foundation
import MentorStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A PostgreSQL database named by `postgres://user@host:port/database` (`?sslmode=disable`,
/// `prefer` (the default) or `require`). A password is never taken from the URL, which `ps` shows
/// to every user of the machine: it comes from `PGPASSWORD` or `~/.pgpass`, as with libpq.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The user to log in as.
    public var user: String
    /// The database.
    public var database: String
    /// `sslmode=require`: refuse a server without TLS.
    public var requireTLS = false
    /// `sslmode=disable`: never use TLS.
    public var disableTLS = false

    /// Whether `text` is a PostgreSQL URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses `url`; refuses one with a password, or one that names no host.
    public init(url: String) throws(StoreError) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw .io(path: url, detail: "it is not a PostgreSQL URL this version understands; write postgres://USER@HOST:PORT/DATABASE")
        }
        if components.password != nil {
            let shown = url.replacingOccurrences(of: ":" + (components.percentEncodedPassword ?? "") + "@", with: ":***@")
            throw .io(
                path: shown,
                detail: "a password in the URL is visible to every user of this machine (ps shows command lines); "
                    + "remove it, and give it in the PGPASSWORD variable or a line of ~/.pgpass (host:port:database:user:password, mode 0600)"
            )
        }
        self.host = host
        port = components.port ?? 5432
        let fallbackUser = ProcessInfo.processInfo.environment["PGUSER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackUser
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : path
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"): disableTLS = true
            case ("sslmode", "require"), ("sslmode", "verify-full"): requireTLS = true
            case ("sslmode", "prefer"), ("sslmode", "allow"): break
            default:
                throw .io(
                    path: description,
                    detail: "unknown URL parameter '\(item.name)'; the only one understood is "
                        + "sslmode=disable|prefer|require")
            }
        }
    }

    /// `postgres://user@host:port/database`: never a password.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let mode = requireTLS ? "?sslmode=require" : disableTLS ? "?sslmode=disable" : ""
        return "postgres://\(user)@\(shownHost):\(port)/\(database)\(mode)"
    }

    // MARK: - Password

    /// The password for this database: `PGPASSWORD`, else the first matching line of the password
    /// file (`PGPASSFILE`, or `~/.pgpass`), else nil. Like libpq, a password file that others may
    /// read is not used: that is an error saying to `chmod 600` it.
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let file = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        var status = stat()
        guard stat(file, &status) == 0 else { return nil }
        if status.st_mode & 0o077 != 0 {
            throw .io(path: file, detail: "the password file may be read by other users, so it is not used; run: chmod 600 \(file)")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw .notPermitted(path: file, what: "the password file")
        }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.pgpassFields(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The colon-separated fields of a `.pgpass` line, with `\:` and `\\` unescaped.
    static func pgpassFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
