import MentorCLI

@main struct Mentor { static func main() async { await MentorCommand.main() } }
