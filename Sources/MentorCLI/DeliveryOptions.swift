import ArgumentParser
import Delivery
import Foundation
import MentorCore

/// Where mail goes, for every command that sends it (`serve`'s sign-in links, `invite`, `remind`):
/// one set of options, one implementation (``Mailer``).
struct DeliveryOptions: ParsableArguments {
    @Option(
        help: "Where mail is written as .eml files, when no --mail-command is given (default: .mentor/outbox/ beside the program file).")
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

/// What every command that mails a program's people takes (`invite`, `remind`).
struct MailRunOptions: ParsableArguments {
    @Argument(help: "The program file, e.g. Plans/examples/one-to-one.yaml.")
    var program: String

    @Option(help: "Only this group (default: every group).")
    var group: String?

    @Option(help: "Today's date, YYYY-MM-DD (default: the system date).")
    var today: String?

    @Flag(help: "List what would be sent, and send nothing.")
    var dryRun = false

    func validate() throws {
        if let today, CalendarDate(today) == nil { throw ValidationError("--today must be a date written YYYY-MM-DD") }
    }

    /// The program with its journal (made at the first record), the groups asked for, and the day.
    func open(_ store: StoreOptions) async throws -> (context: ProgressContext, groups: [ProgramGroup], today: CalendarDate) {
        let context = try await ProgressContext(program: program, store: store, create: true, scope: .streamed)
        let groups = try group.map { [try context.file.group($0)] } ?? context.program.groups
        return (context, groups, try parseDate(today, option: "--today"))
    }
}
