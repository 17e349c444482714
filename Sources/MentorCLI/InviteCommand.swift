import ArgumentParser
import Delivery
import Foundation
import MentorCore
import MentorStore

/// `mentor invite`: calendar invitations by email for the next meetings.
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Email each member a calendar invitation to their group's next meetings.",
        discussion: """
            Each member with an 'email:' gets one message per meeting with an invitation their \
            calendar program can accept (iMIP: an iCalendar REQUEST with the program's time zone, \
            the place, the organizer and the attendees). What was sent is recorded in the journal, \
            so running it again sends only what is new: meetings not invited yet, an update for a \
            meeting moved since ('mentor reschedule'), a cancellation for one called off ('mentor \
            cancel'), and cancellations to anyone who left the group or whose group ended. \
            Program events (kickoff, trainings, workshops, gatherings) are invited to as well. \
            'mentor remind' invites the later meetings as they come, so a few at a time \
            is enough. Safe to run from cron.

            Mail goes to an outbox folder (.mentor/outbox/ beside the program file) unless \
            --mail-command names a command that sends it, such as 'sendmail -t'.

            Examples:
              mentor invite Plans/examples/one-to-one.yaml --dry-run
              mentor invite Plans/examples/one-to-one.yaml --group ruiz-lin --meetings 3 --mail-command "sendmail -t"
            """
    )

    @OptionGroup var mailRun: MailRunOptions

    @Option(help: "How many of each group's next meetings to invite to.")
    var meetings = 3

    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (1...52).contains(meetings) else { throw ValidationError("--meetings must be 1 to 52") }
    }

    func run() async throws {
        let (context, groups, today) = try await mailRun.open(storeOptions)
        let dryRun = mailRun.dryRun
        CalendarNotes.warnIfFloating(context.program)
        let mailer = delivery.mailer(beside: mailRun.program)
        let sender = Invitations(ProgramMail(journal: context.journal, mailer: mailer, from: delivery.mailFrom))
        let outcome = try await sender.send(groups: groups, meetings: meetings, today: today, dryRun: dryRun)
        var rows: [[String]] = []
        for sent in outcome.sent {
            let what = sent.method == .cancel ? "cancellation" : sent.sequence == 0 ? "invitation" : "update"
            rows.append([
                sent.group, sent.meeting == 0 ? "-" : "\(sent.meeting)", sent.date.description, what, "\(sent.to.name) <\(sent.to.email)>",
            ])
        }
        if !rows.isEmpty { print(TextTable(header: ["GROUP OR EVENT", "MEETING", "DATE", "SENT", "TO"], rows: rows).rendered) }
        let count = outcome.sent.count
        let messages = count == 1 ? "1 message" : "\(count) messages"
        print(
            dryRun
                ? "dry run: \(messages) would be sent; nothing was sent or recorded"
                : count == 0 ? "nothing new to send" : "\(messages) \(delivery.describe(mailer))")
        if outcome.alreadySent > 0 {
            print("\(outcome.alreadySent) invitation\(outcome.alreadySent == 1 ? " was" : "s were") already sent and not sent again")
        }
        for (group, people) in outcome.withoutEmail.sorted(by: { $0.key < $1.key }) {
            warn("note: not invited in \(group), no 'email:' in the program file: \(people.joined(separator: ", "))")
        }
    }
}
