import ArgumentParser
import Delivery
import Foundation

/// Where mail goes, for every command that sends it (`serve`'s sign-in links, `invite`, `remind`):
/// one set of options, one implementation (``Mailer``).
struct DeliveryOptions: ParsableArguments {
    @Option(help: "Where mail is written as .eml files, when no --mail-command is given (default: .mentor/outbox/ beside the program file).")
    var outbox: String?

    @Option(help: "A command that sends mail, given each message on its standard input (e.g. 'sendmail -t').")
    var mailCommand: String?

    @Option(help: "The address mail comes from.")
    var mailFrom = "MentorKit <mentor@localhost>"

    /// The mail command, else the outbox folder (by default `.mentor/outbox` beside `program`).
    func mailer(beside program: String) -> Mailer {
        if let mailCommand { return .command(mailCommand) }
        let folder = (program as NSString).deletingLastPathComponent
        return .outbox(outbox ?? (folder.isEmpty ? ".mentor/outbox" : folder + "/.mentor/outbox"))
    }

    /// "mail went to .mentor/outbox/" or "mail went through 'sendmail -t'".
    func describe(_ mailer: Mailer) -> String {
        switch mailer {
        case .outbox(let folder): return "written to \(folder)/"
        case .command(let command): return "handed to '\(command)'"
        }
    }
}
