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

    public var description: String {
        switch self {
        case .noSuchPath(let path):
            return "no file or folder at '\(path)'; check the spelling, or run from the folder that holds it"
        case .noPlansFolder(let folder):
            return "there is no 'Plans' folder in \(folder); give the templates' path, e.g. 'mentor plans lint my-plans/'"
        case .unreadable(let path, let reason):
            return "can't read '\(path)': \(reason); templates must be UTF-8 text files"
        case .noTemplates(let path):
            return "'\(path)' holds no .yaml or .yml files; templates end in .yaml"
        }
    }
}
