import ArgumentParser

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
              mentor plans list          the plans you can use
              mentor plans lint          check your Plans/ folder
              mentor plans schema > plan-template.schema.json
                                         editor autocompletion for templates
            """,
        version: "0.1.0",
        subcommands: [AgendaCommand.self, ScheduleCommand.self, ProgramsCommand.self, PlansCommand.self]
    )

    public init() {}
}
