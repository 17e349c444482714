import Delivery
import Foundation
import Testing

/// Mail goes out as RFC 5322 text: to an outbox folder, or to a command's standard input.
struct DeliveryTests {
    let message = MailMessage(
        from: "MentorKit <mentor@localhost>", to: "dana.ruiz@example.org",
        subject: "Your link", body: "Open http://127.0.0.1:8080/sign-in/abc\nThanks — MentorKit",
        date: Date(timeIntervalSince1970: 1_800_000_000), id: "m1@mentorkit")

    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString)").path
    }

    @Test("the message is RFC 5322: CRLF headers, a blank line, a quoted-printable UTF-8 body")
    func format() {
        let text = message.rfc5322
        #expect(text.hasPrefix("From: MentorKit <mentor@localhost>\r\nTo: dana.ruiz@example.org\r\nSubject: Your link\r\n"))
        #expect(text.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"))
        #expect(text.contains("Message-ID: <m1@mentorkit>\r\n"))
        #expect(text.contains("\r\n\r\nOpen http://127.0.0.1:8080/sign-in/abc\r\nThanks =E2=80=94 MentorKit\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        #expect(text.split(separator: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test("a line break in a header value can't add a header")
    func headerInjection() {
        var evil = message
        evil.subject = "Hi\r\nBcc: everyone@example.org"
        evil.to = "dana.ruiz@example.org\nCc: x@example.org"
        let headers = evil.rfc5322.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("Cc:") })
    }

    @Test("a non-ASCII subject is an RFC 2047 encoded word")
    func encodedSubject() {
        var message = self.message
        message.subject = "Ihr Anmeldelink für MentorKit"
        #expect(message.rfc5322.contains("Subject: =?utf-8?B?\(Data("Ihr Anmeldelink für MentorKit".utf8).base64EncodedString())?=\r\n"))
    }

    @Test("the outbox gets one .eml file per message, made with its folder")
    func outbox() async throws {
        let folder = temporaryFolder() + "/nested/outbox"
        try await Mailer.outbox(folder).send(message)
        var second = message
        second.id = "m2@mentorkit"
        try await Mailer.outbox(folder).send(second)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files.count == 2)
        #expect(files.allSatisfy { $0.hasSuffix(".eml") })
        #expect(try String(contentsOfFile: folder + "/" + files[0], encoding: .utf8) == message.rfc5322)
    }

    @Test("a mail command gets the message on its standard input")
    func command() async throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await Mailer.command("cat > '\(folder)/sent.eml'").send(message)
        #expect(try String(contentsOfFile: folder + "/sent.eml", encoding: .utf8) == message.rfc5322)
    }

    @Test("a failing mail command is an error that says what it printed")
    func failingCommand() async throws {
        await #expect(
            throws: DeliveryError.command(
                "echo 'no route' >&2; exit 3",
                detail: "it exited with status 3: no route")
        ) {
            try await Mailer.command("echo 'no route' >&2; exit 3").send(message)
        }
    }

    @Test("an outbox that can't be made is an error naming it")
    func unwritableOutbox() async throws {
        let file = temporaryFolder()
        FileManager.default.createFile(atPath: file, contents: Data())
        do {
            try await Mailer.outbox(file + "/outbox").send(message)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(file + "/outbox"))
        }
    }
}
