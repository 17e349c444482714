import Foundation

/// One email: who it is from and to, its subject and its plain-text body.
public struct MailMessage: Sendable, Equatable {
    /// The sender, e.g. `MentorKit <mentor@localhost>`.
    public var from: String
    /// The recipient's address.
    public var to: String
    /// The subject line.
    public var subject: String
    /// The plain-text body (UTF-8).
    public var body: String
    /// When it was written (the `Date:` header).
    public var date: Date
    /// A unique `Message-ID` (without angle brackets).
    public var id: String

    /// Creates a message.
    public init(from: String, to: String, subject: String, body: String, date: Date = Date(),
                id: String = UUID().uuidString.lowercased() + "@mentorkit") {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.id = id
    }

    /// The message as RFC 5322 text with CRLF line ends: headers (non-ASCII subjects encoded as
    /// RFC 2047 words; line breaks in header values removed, so a value can't add a header), a
    /// blank line, then the body as quoted-printable UTF-8.
    public var rfc5322: String {
        let headers = [
            "From: \(Self.header(from))",
            "To: \(Self.header(to))",
            "Subject: \(Self.encodedWord(Self.header(subject)))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(Self.header(id))>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(body)
    }

    // MARK: - Encoding

    /// `value` with CR and LF replaced by spaces: header injection is impossible.
    static func header(_ value: String) -> String {
        String(value.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }

    /// `text` unchanged when it is ASCII, else one RFC 2047 base64 encoded-word.
    static func encodedWord(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(\.isASCII) else { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// Quoted-printable (RFC 2045) of `text`'s UTF-8, CRLF line ends, lines at most 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line -> String in
            var out = "", width = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != 61) || (byte == 32 && !last)
                let piece = plain ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if width + piece.count > 75 {
                    out += "=\r\n"
                    width = 0
                }
                out += piece
                width += piece.count
            }
            return out
        }.joined(separator: "\r\n") + "\r\n"
    }

    /// `date` as RFC 5322 writes it, in UTC: `Sun, 06 Dec 2026 19:50:58 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
