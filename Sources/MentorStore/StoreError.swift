/// Why the progress journal can't be opened, read or written.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The file is not an SQLite database (damaged, or another kind of file).
    case notADatabase(String)
    /// The file is an SQLite database of some other application.
    case foreignDatabase(String)
    /// The file was written by a newer MentorKit.
    case newerFormat(String)
    /// A stored event can't be read back.
    case unreadableEvent(path: String, sequence: Int64, detail: String)
    /// The file or its folder can't be opened or written.
    case io(path: String, detail: String)
    /// Another process held the journal's lock for longer than the wait allows.
    case busy(String)
    /// No journal at a path where one must be (reading commands never create one).
    case missing(String)
    /// The journal, or a folder on its path, exists but this user may not read or enter it.
    case notPermitted(path: String, what: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "'\(path)' is not a progress journal (it is not an SQLite database, or it is damaged); it was left "
                + "as it is: move it aside, or give another file with --store"
        case .foreignDatabase(let path):
            return "'\(path)' is an SQLite database of another application, not a MentorKit progress journal; "
                + "give another file with --store"
        case .newerFormat(let path):
            return "'\(path)' was written by a newer version of MentorKit; update mentor to read it"
        case .unreadableEvent(let path, let sequence, let detail):
            return "event \(sequence) in '\(path)' can't be read (\(detail)); the journal may have been edited by hand"
        case .io(let path, let detail):
            return "can't use '\(path)': \(detail)"
        case .busy(let path):
            return "'\(path)' stayed locked by another process; try again in a moment"
        case .missing(let path):
            return "there is no progress journal at '\(path)'; check the path"
        case .notPermitted(let path, let what):
            return "can't read \(what) '\(path)': permission denied; ask its owner for read access, "
                + "or give another journal with --store"
        }
    }
}
