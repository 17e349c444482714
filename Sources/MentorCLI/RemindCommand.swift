import ArgumentParser
import Delivery
import Foundation
import MentorCore
import MentorStore

/// `mentor remind`: the day's reminders by email, safe to run from cron.
struct RemindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Email members their coming meetings (agenda attached) and overdue actions, and coordinators the groups at risk.",
        discussion: """
            Each member with an 'email:' gets one message listing their meetings in the next \
            --days days with each agenda attached as a web page, their group's actions overdue, \
            and a note when a meeting is the check-in. Each coordinator gets one message naming the \
            groups at risk and why. Calendar invitations for the next meetings go out too (as \
            'mentor invite' sends them), so the calendar fills as the term goes on.

            Every reminder is recorded in the journal and never sent twice, so running this every \
            day from cron is safe; a meeting moved since it was told is told again. Messages never \
            hold private notes, exit reasons or check-in answers.

            Examples:
              mentor remind Plans/examples/one-to-one.yaml --dry-run
              mentor remind Plans/examples/one-to-one.yaml --days 3 --mail-command "sendmail -t"
              # crontab: 0 7 * * *  mentor remind /srv/mentoring/program.yaml --mail-command "sendmail -t"
            """
    )

    @OptionGroup var mailRun: MailRunOptions

    @Option(help: "How many days ahead to remind of meetings, today included.")
    var days = 3

    @Option(help: "How many of each group's next meetings should have calendar invitations.")
    var invite = 3

    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (1...31).contains(days) else { throw ValidationError("--days must be 1 to 31") }
        guard (0...52).contains(invite) else { throw ValidationError("--invite must be 0 (none) to 52") }
    }

    func run() async throws {
        let (context, groups, day) = try await mailRun.open(storeOptions)
        let dryRun = mailRun.dryRun
        let mailer = delivery.mailer(beside: mailRun.program)
        let mail = ProgramMail(journal: context.journal, mailer: mailer, from: delivery.mailFrom)
        let reminders = try await Reminders(mail).send(groups: groups, today: day, days: days, dryRun: dryRun)
        let invitations =
            invite == 0
            ? Invitations.Outcome()
            : try await Invitations(mail).send(groups: groups, meetings: invite, today: day, dryRun: dryRun)
        let rows = reminders.sent.map { sent in ["\(sent.to.name) <\(sent.to.email)>", sent.items.joined(separator: "; ")] }
        if !rows.isEmpty { print(TextTable(header: ["TO", "REMINDED OF"], rows: rows).rendered) }
        let count = reminders.sent.count
        let messages = count == 1 ? "1 reminder" : "\(count) reminders"
        var summary =
            dryRun ? "dry run: \(messages) would be sent" : count == 0 ? "no reminders due" : "\(messages) \(delivery.describe(mailer))"
        if !invitations.sent.isEmpty {
            summary += ", and \(invitations.sent.count) calendar invitation\(invitations.sent.count == 1 ? "" : "s")"
        }
        print(summary + (dryRun ? "; nothing was sent or recorded" : ""))
        if reminders.alreadyTold > 0 {
            print("\(reminders.alreadyTold) item\(reminders.alreadyTold == 1 ? " was" : "s were") reminded of before and left out")
        }
    }
}
