import Foundation

/// One email: who it is from and to, its subject, its plain-text body, and any other forms of
/// the body (an iMIP calendar part, an HTML page) and attachments.
public struct MailMessage: Sendable, Equatable {
    /// A body part besides the plain text: another form of it, or an attachment.
    public struct Part: Sendable, Equatable {
        /// The MIME type with its parameters, e.g. `text/calendar; method=REQUEST; charset=utf-8`.
        public var contentType: String
        /// The part's text (UTF-8); sent base64-encoded, so any line length and any byte is safe.
        public var text: String
        /// The file name of an attachment; `nil` for an alternative form of the body.
        public var fileName: String?

        /// Creates a part.
        public init(contentType: String, text: String, fileName: String? = nil) {
            self.contentType = contentType
            self.text = text
            self.fileName = fileName
        }
    }

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
    /// Other forms of the body, in order of preference after the plain text (an iMIP
    /// `text/calendar` part goes here: RFC 6047 puts it in a multipart/alternative).
    public var alternatives: [Part] = []
    /// Files attached (an agenda as HTML).
    public var attachments: [Part] = []

    /// Creates a message.
    public init(
        from: String, to: String, subject: String, body: String, date: Date = Date(),
        id: String = UUID().uuidString.lowercased() + "@mentorkit"
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.id = id
    }

    /// The message as RFC 5322 text with CRLF line ends: headers (non-ASCII subjects encoded as
    /// RFC 2047 words; line breaks in header values removed, so a value can't add a header), a
    /// blank line, then the body as quoted-printable UTF-8. With alternatives or attachments the
    /// body is MIME multipart: a multipart/alternative of the text and its other forms, inside a
    /// multipart/mixed with the attachments when there are any.
    public var rfc5322: String {
        let headers = [
            "From: \(Self.header(from))",
            "To: \(Self.header(to))",
            "Subject: \(Self.encodedWord(Self.header(subject)))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(Self.header(id))>",
            "MIME-Version: 1.0",
        ]
        let text = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
        guard !alternatives.isEmpty || !attachments.isEmpty else {
            return (headers + text).joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(body)
        }
        // Boundaries come from the message id, which is unique; neither can occur in base64 or in
        // quoted-printable text, whose lines never start with "--=_".
        let token = id.prefix { $0 != "@" }.filter { $0.isLetter || $0.isNumber }
        var body = Self.multipart(
            "alternative", boundary: "=_alt_\(token)",
            parts: [(text, Self.quotedPrintable(self.body))] + alternatives.map(Self.encoded))
        if !attachments.isEmpty {
            body = Self.multipart("mixed", boundary: "=_mixed_\(token)", parts: [body] + attachments.map(Self.encoded))
        }
        return (headers + body.headers).joined(separator: "\r\n") + "\r\n\r\n" + body.content
    }

    /// One part's headers and base64 content (lines of 76 characters).
    static func encoded(_ part: Part) -> (headers: [String], content: String) {
        var headers = ["Content-Type: \(header(part.contentType))", "Content-Transfer-Encoding: base64"]
        if let name = part.fileName {
            headers.append("Content-Disposition: attachment; filename=\"\(header(name).filter { $0 != "\"" && $0 != "\\" })\"")
        }
        let base64 = Data(part.text.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn,
            .endLineWithLineFeed,
        ])
        return (headers, base64 + "\r\n")
    }

    /// A multipart entity of `parts` (each headers and content) between `boundary` lines.
    static func multipart(_ subtype: String, boundary: String, parts: [(headers: [String], content: String)])
        -> (headers: [String], content: String)
    {
        var content = ""
        for part in parts {
            content += "--\(boundary)\r\n" + part.headers.joined(separator: "\r\n") + "\r\n\r\n" + part.content
        }
        content += "--\(boundary)--\r\n"
        return (["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\""], content)
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
            var out = ""
            var width = 0
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
