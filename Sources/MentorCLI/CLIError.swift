/// Problems the command line itself reports: paths and files, before any template is read.
public enum CLIError: Error, Equatable, CustomStringConvertible {
    /// A path given on the command line does not exist.
    case noSuchPath(String)
    /// No path was given and there is no `Plans/` folder here.
    case noPlansFolder(String)
    /// A file exists but can't be read as UTF-8 text.
    case unreadable(String, reason: String)
    /// A folder holds no `.yaml`/`.yml` files.
    case noTemplates(String)
    /// The program file has errors (already printed).
    case invalidProgram(String)
    /// `--group` names no group of the program.
    case unknownGroup(String, suggestion: String?, known: [String])
    /// `--meeting` is outside the schedule.
    case noSuchMeeting(Int, count: Int)
    /// `--next` found every meeting in the past.
    case noNextMeeting(last: String)
    /// An output file can't be written.
    case unwritable(String)
    /// `describe` names no program type.
    case unknownProgramType(String, suggestion: String?, known: [String])

    /// `plugin new` would overwrite a file.
    case wouldOverwrite(String)
    /// A program type plugin can't be used (already explained).
    case pluginUnusable(String)

    /// The program's type has no matching rules.
    case noMatching(String)
    /// The roster has errors (already printed).
    case invalidRoster(String)
    /// Matching or updating the program file failed.
    case matching(String)

    public var description: String {
        switch self {
        case .wouldOverwrite(let path):
            return "'\(path)' already exists; choose another id or --output folder (existing files are never overwritten)"
        case .pluginUnusable(let message):
            return message
        case .noMatching(let type):
            return "program type '\(type)' doesn't say how to match people; matching works for types that declare a matching policy "
                + "(a plugin gives one under 'matching' in its 'describe' reply; see 'mentor programs describe \(type)')"
        case .invalidRoster(let path):
            return "'\(path)' has errors (listed above); fix them and run the command again"
        case .matching(let message):
            return message
        case .noSuchPath(let path):
            return "no file or folder at '\(path)'; check the spelling, or run from the folder that holds it"
        case .noPlansFolder(let folder):
            return "there is no 'Plans' folder in \(folder); give the templates' path, e.g. 'mentor plans lint my-plans/'"
        case .unreadable(let path, let reason):
            return "can't read '\(path)': \(reason); templates must be UTF-8 text files"
        case .noTemplates(let path):
            return "'\(path)' holds no .yaml or .yml files; templates end in .yaml"
        case .invalidProgram(let path):
            return "'\(path)' has errors (listed above); fix them and run the command again"
        case .unknownGroup(let id, let suggestion, let known):
            return "no group '\(id)' in this program"
                + (suggestion.map { "; did you mean '\($0)'?" }
                    ?? "; its groups are: \(known.joined(separator: ", "))")
        case .noSuchMeeting(let number, let count):
            return "there is no meeting \(number); the schedule has meetings 1 to \(count)"
        case .noNextMeeting(let last):
            return "every meeting is in the past (the last was on \(last)); use --meeting to pick one"
        case .unwritable(let path):
            return "can't write '\(path)'; check that its folder exists and is writable"
        case .unknownProgramType(let id, let suggestion, let known):
            return "no program type '\(id)'"
                + (suggestion.map { "; did you mean '\($0)'?" }
                    ?? "; the types are: \(known.joined(separator: ", "))")
        }
    }
}
