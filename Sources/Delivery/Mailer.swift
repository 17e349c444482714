import Foundation

/// Why a message could not be handed on.
public enum DeliveryError: Error, Equatable, CustomStringConvertible {
    /// The outbox folder can't be made or written.
    case outbox(path: String, detail: String)
    /// The mail command could not be started, or it failed.
    case command(String, detail: String)

    public var description: String {
        switch self {
        case .outbox(let path, let detail):
            return "can't write to the outbox '\(path)': \(detail); check the folder's permissions or give another with --outbox"
        case .command(let command, let detail):
            return "the mail command '\(command)' failed: \(detail); check that it sends mail when run by hand"
        }
    }
}

/// Where mail goes: one `.eml` file per message in a folder (the default, for trying things and
/// for tests), or the standard input of a command such as `sendmail -t`.
public enum Mailer: Sendable, Equatable {
    /// Writes each message as `TIMESTAMP-ID.eml` in the folder (made when missing).
    case outbox(String)
    /// Runs the command with `/bin/sh -c` and writes the RFC 5322 message to its standard input.
    case command(String)

    /// Hands `message` on; throws when it could not be.
    public func send(_ message: MailMessage) async throws(DeliveryError) {
        switch self {
        case .outbox(let folder): try Self.write(message, into: folder)
        case .command(let command): try await Self.run(command, input: message.rfc5322)
        }
    }

    // MARK: - Outbox

    /// The file name a message gets: sortable by time, unique by the message id.
    static func fileName(for message: MailMessage) -> String {
        let stamp = Int(message.date.timeIntervalSince1970 * 1000)
        let id = message.id.prefix { $0 != "@" }.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        return "\(stamp)-\(id).eml"
    }

    private static func write(_ message: MailMessage, into folder: String) throws(DeliveryError) {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let path = (folder as NSString).appendingPathComponent(fileName(for: message))
            let temporary = path + ".partial"
            guard
                FileManager.default.createFile(
                    atPath: temporary, contents: Data(message.rfc5322.utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw DeliveryError.outbox(path: folder, detail: "the file could not be created")
            }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch let error as DeliveryError {
            throw error
        } catch {
            throw .outbox(path: folder, detail: error.localizedDescription)
        }
    }

    // MARK: - Command

    /// Runs `command` with `input` on its standard input. The input is a file, not a pipe: a
    /// command that exits without reading it can't raise SIGPIPE in this process.
    private static func run(_ command: String, input: String) async throws(DeliveryError) {
        let inputPath = FileManager.default.temporaryDirectory.appendingPathComponent("mentor-mail-\(UUID().uuidString).eml").path
        guard FileManager.default.createFile(atPath: inputPath, contents: Data(input.utf8), attributes: [.posixPermissions: 0o600]),
            let stdin = FileHandle(forReadingAtPath: inputPath)
        else {
            throw .command(command, detail: "the message could not be written to a temporary file")
        }
        defer {
            try? stdin.close()
            try? FileManager.default.removeItem(atPath: inputPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        let status: Int32
        do {
            status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } catch {
            throw .command(command, detail: error.localizedDescription)
        }
        let said = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
        guard status == 0 else {
            throw .command(command, detail: "it exited with status \(status)" + (said.isEmpty ? "" : ": \(said)"))
        }
    }
}
