import ArgumentParser
import BuiltInProgramTypes
import Foundation
import MentorCore

/// The program file and group every program command takes.
struct ProgramOptions: ParsableArguments {
    @Argument(help: "The program file, e.g. Plans/examples/one-to-one.yaml.")
    var program: String

    @Option(help: "The group's id (optional when the program has one group).")
    var group: String?
}
