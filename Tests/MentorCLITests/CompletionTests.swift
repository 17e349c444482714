import ArgumentParser
import Foundation
import Testing

@testable import MentorCLI

/// The shell-completion scripts the README tells people to install.
struct CompletionTests {
    @Test(
        "completion scripts for bash, zsh and fish name every command; bash and zsh accept their script",
        arguments: ["bash", "zsh", "fish"])
    func completionScript(shell: String) throws {
        let output = try Mentor.run(["--generate-completion-script", shell])
        #expect(output.status == 0, "\(output.stderr)")
        for command in MentorCommand.configuration.subcommands {
            let name = try #require(command.configuration.commandName)
            #expect(output.stdout.contains(name), "the \(shell) script completes '\(name)'")
        }
        // A syntax check by the shell itself, where it is installed.
        let shellPath = "/bin/\(shell)"
        guard shell != "fish", FileManager.default.isExecutableFile(atPath: shellPath) else { return }
        let scratch = try Mentor.folder(["mentor.\(shell)": output.stdout])
        let checked = try Mentor.runProcess(URL(fileURLWithPath: shellPath), ["-n", scratch.appending(path: "mentor.\(shell)").path])
        #expect(checked.status == 0, "\(shell) -n: \(checked.stderr)")
    }
}
