import ArgumentParser
import Foundation

/// The `mentor` command: the root of every subcommand.
public struct MentorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mentor",
        abstract: "Plan and run mentoring programs from YAML plan templates.",
        discussion: """
            A mentoring plan is a set of YAML templates. Each template is one part of the plan \
            (the mentee's career, their development needs, what is happening in the workplace, \
            the first meeting, the six-month check-in, the closing meeting) and lists time-boxed \
            topics with questions for the pair.

            MentorKit ships such templates. Put your own in a Plans/ folder: a template with the \
            same id as a shipped one replaces it, and `extends` starts from one and changes it.

            Start here:
              mentor agenda Plans/examples/one-to-one.yaml --group ruiz-lin --meeting 1
                                         the first meeting's agenda of an example program
              mentor programs            the program types and their examples
              mentor plugin new ID       start a program type of your own
              mentor match PROGRAM --roster roster.csv
                                         propose mentors for mentees, and say why
              mentor log PROGRAM --group ID --meeting N
                                         record a meeting; later agendas build on it
              mentor report PROGRAM      how every group is doing, for coordinators
              mentor plans lint          check your Plans/ folder
            """,
        version: "0.1.0",
        subcommands: [
            AgendaCommand.self, ScheduleCommand.self, LogCommand.self, GoalCommand.self, ActionCommand.self,
            CheckinCommand.self, ExitCommand.self, RescheduleCommand.self, CancelCommand.self, InviteCommand.self, RemindCommand.self,
            AttendCommand.self, ProgressCommand.self, ReportCommand.self, ExportCommand.self,
            ImportCommand.self, VoidCommand.self, StoreCommand.self, InitCommand.self, MatchCommand.self, ProgramsCommand.self,
            PluginCommand.self, PlansCommand.self,
            ServeCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line, then checks that standard output took everything: a command whose
    /// output was lost (a full disk, a closed terminal) exits non-zero, never 0.
    ///
    /// Replaces `AsyncParsableCommand.main()` only to add that check, and to print `--help` and
    /// `--version` through the same checked writer.
    public static func main() async {
        do {
            var command = try parseAsRoot()
            do {
                if var command = command as? AsyncParsableCommand {
                    try await command.run()
                } else {
                    try command.run()
                }
            } catch let error as ValidationError {
                // A problem found while running (a group that isn't there, an event a rule refuses):
                // its message says what to do. The root command's usage line that argument-parser
                // adds to a ValidationError would only mislead, so it is left out; the status stays 64.
                try? StandardOutput.flush()
                FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            try StandardOutput.flush()
        } catch {
            exit(after: error)
        }
    }

    /// Exits as `exit(withError:)` does, except that output errors are told plainly, a broken
    /// pipe ends quietly, and help text written to standard output is checked too.
    private static func exit(after error: any Error) -> Never {
        if let error = error as? OutputError {
            if error == .brokenPipe { Foundation.exit(OutputError.brokenPipeStatus) }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(EXIT_FAILURE)
        }
        guard exitCode(for: error) == .success else { exit(withError: error) }
        do {
            let message = fullMessage(for: error)
            if !message.isEmpty { try StandardOutput.write(message + "\n") }
            try StandardOutput.flush()
        } catch {
            exit(after: error)
        }
        Foundation.exit(EXIT_SUCCESS)
    }
}
