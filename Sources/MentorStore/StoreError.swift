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
    /// Another program file (another program) already records under this program key.
    case programKeyTaken(key: String, file: String, otherFile: String, otherName: String)
    /// The program file's key (`id:`) changed, and its history is still filed under the old one.
    case programKeyChanged(file: String, old: String, new: String, events: Int)

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
        case .programKeyTaken(let key, let file, let otherFile, let otherName):
            return "'\(file)' and '\(otherFile)' (program '\(otherName)') both use the program key '\(key)' in this journal, "
                + "and two programs can't share one history: give one of them its own key with 'id: ...' in its file "
                + "(ASCII kebab-case, e.g. 'id: \(key)-2')"
        case .programKeyChanged(let file, let old, let new, let events):
            return "'\(file)' recorded its history under the program key '\(old)' (\(events) event\(events == 1 ? "" : "s")), "
                + "and its key is now '\(new)'; to carry the history over to the new key run: "
                + "mentor store rekey \(file) --from \(old)   (a backup copy of the journal is kept); "
                + "or put 'id: \(old)' back in the file"
        }
    }
}
