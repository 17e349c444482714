import Diagnostics
import PlanYAML

/// Meaning-level problems in plan templates, each with the mark it concerns.
public enum PlanError: Error, Sendable, Equatable {
    /// The file holds no document.
    case emptyFile
    /// An id that is not kebab-case; `kind` is "plan" or "topic".
    case invalidID(kind: String, id: String, at: Mark)
    /// Two files define the same plan id.
    case duplicatePlan(String, firstFile: String, firstMark: Mark, at: Mark)
    /// Two topics of one plan share an id.
    case duplicateTopic(String, first: Mark, at: Mark)
    /// `extends` names a plan that is not loaded.
    case unknownBase(String, suggestion: String?, at: Mark)
    /// Following `extends` comes back to the plan; `cycle` lists the ids in order.
    case extendsCycle([String], at: Mark)
    /// `extends` names the plan itself; `shipped` when a shipped plan has that id (and this one replaces it).
    case extendsItself(shipped: String?, at: Mark)
    /// `remove` without `extends`.
    case removeWithoutExtends(at: Mark)
    /// `remove` names a topic the base plan lacks.
    case unknownRemovedTopic(String, base: String, suggestion: String?, at: Mark)
    /// A topic is both removed and redefined.
    case removedAndRedefined(String, at: Mark)
    /// A new topic lacks required keys; `near` names a base topic whose id is close (a likely typo).
    case missingTopicKeys(topic: String, keys: [String], near: NearTopic?, at: Mark)
    /// After `extends` and `remove`, nothing is left.
    case noTopics(plan: String, at: Mark)
    /// A list that must not be empty is.
    case emptyList(key: String, at: Mark)
    /// `applies-to` names a program type that does not exist.
    case unknownProgramType(String, suggestion: String?, known: [String], at: Mark)
    /// An `email:` that is not a well-formed address (``EmailAddress/isWellFormed(_:)``).
    case invalidEmail(String, at: Mark)
    /// Two people (or coordinators) of one program share an email; `first` is who has it first.
    case duplicateEmail(String, owner: String, first: String, firstMark: Mark, at: Mark)

    /// Where the problem is.
    public var mark: Mark {
        switch self {
        case .emptyFile:
            return Mark(line: 1, column: 1)
        case .invalidID(_, _, let mark), .duplicatePlan(_, _, _, let mark), .duplicateTopic(_, _, let mark),
            .unknownBase(_, _, let mark), .extendsCycle(_, let mark), .removeWithoutExtends(let mark),
            .unknownRemovedTopic(_, _, _, let mark), .removedAndRedefined(_, let mark), .extendsItself(_, let mark),
            .missingTopicKeys(_, _, _, let mark), .noTopics(_, let mark), .emptyList(_, let mark),
            .unknownProgramType(_, _, _, let mark), .invalidEmail(_, let mark), .duplicateEmail(_, _, _, _, let mark):
            return mark
        }
    }

    /// A lowercase message that says what is wrong and what to do.
    public var message: String {
        switch self {
        case .emptyFile:
            return "the file is empty; a plan template needs at least 'plan', 'title' and 'topics'"
        case .invalidID(let kind, let id, _):
            let suggestion = PlanFormat.suggestedID(for: id)
            let example = suggestion.isEmpty ? "" : ", like '\(suggestion)'"
            let why = id.unicodeScalars.contains { !$0.isASCII } ? " (ids become file names and links, so they are ASCII)" : ""
            return "'\(YAMLError.short(id))' is not a valid \(kind) id; use lowercase letters and digits joined by '-'\(example)\(why)"
        case .duplicatePlan(let id, let file, let first, _):
            return "plan id '\(id)' is already used at \(file):\(first.line):\(first.column); give each plan its own id"
        case .duplicateTopic(let id, let first, _):
            return "topic id '\(id)' is already used at line \(first.line); give each topic its own id"
        case .unknownBase(let id, let suggestion, _):
            return "'extends' names unknown plan '\(id)'" + Self.didYouMean(suggestion)
        case .extendsCycle(let cycle, _):
            return "'extends' makes a cycle: \(cycle.joined(separator: " -> ")); one of these plans must stop extending the other"
        case .extendsItself(let shipped?, _):
            return "'extends' names this plan itself; to start from the shipped plan '\(shipped)', give this plan its own id"
        case .extendsItself(nil, _):
            return "'extends' names this plan itself; name another plan to start from, or delete 'extends'"
        case .removeWithoutExtends:
            return "'remove' only works with 'extends'; name the plan to start from, or delete 'remove'"
        case .unknownRemovedTopic(let id, let base, let suggestion, _):
            return "'remove' names topic '\(id)', which plan '\(base)' does not have" + Self.didYouMean(suggestion)
        case .removedAndRedefined(let id, _):
            return "topic '\(id)' is both removed and redefined; keep only one of the two"
        case .missingTopicKeys(let topic, let keys, let near, _):
            let list = keys.map { "'\($0)'" }.joined(separator: ", ")
            let hint = near.map { " (did you mean '\($0.topic)' from plan '\($0.plan)'?)" } ?? ""
            return "topic '\(topic)' is missing \(list); every new topic needs 'title', 'minutes' and 'prompts'\(hint)"
        case .noTopics(let plan, _):
            return "plan '\(plan)' has no topics; add at least one under 'topics'"
        case .emptyList(let key, _):
            return "'\(key)' is empty; give at least one item"
        case .unknownProgramType(let id, let suggestion, let known, _):
            let list = known.map { "'\($0)'" }.joined(separator: ", ")
            return "'applies-to' names unknown program type '\(id)' (known: \(list))" + Self.didYouMean(suggestion)
        case .invalidEmail(let text, _):
            return "'\(YAMLError.short(text))' is not a valid email; write an address such as 'dana.ruiz@example.org'"
        case .duplicateEmail(let email, let owner, let first, let firstMark, _):
            return "email '\(email)' of '\(owner)' is already the email of '\(first)' (line \(firstMark.line)); "
                + "each person signs in with an address of their own"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}

/// A base plan's topic whose id is close to a new topic's id: probably what the author meant.
public struct NearTopic: Sendable, Equatable {
    /// The base topic's id.
    public var topic: String
    /// The base plan's id.
    public var plan: String
}
