import Diagnostics
import Foundation
import MentorCore

/// Reading replies: strict, so a misspelt key or a wrong type is an error naming its JSON path.
extension PluginProtocol {
    /// What `describe` tells: the description and the hooks the plugin implements.
    public struct Described: Sendable {
        /// Id, name, summary, roles and examples.
        public var description: ProgramTypeDescription
        /// The hooks it implements; the others use the engine's defaults.
        public var hooks: Set<String>
        /// The protocol its reply spoke: 2 when it stays alive between requests, else 1.
        public var protocolVersion: Int = 1
    }

    /// The reply to `describe`.
    static func described(_ data: Data, stderr: String) throws(PluginError) -> Described {
        let version = PluginConnection.protocolVersion(of: data) == 2 ? 2 : 1
        let reply = try envelope(data, stderr: stderr, answer: "type", optional: ["hooks"], version: version)
        var hooks: Set<String> = []
        for hook in try reply["hooks"]?.array() ?? [] { hooks.insert(try hook.choice(Self.hooks)) }
        return Described(
            description: try ProgramTypeDescription(wire: reply[required: "type"]), hooks: hooks,
            protocolVersion: version)
    }

    /// The reply to `validate`: issues placed at the group or person they name, else at the file's top.
    static func issues(_ data: Data, stderr: String, program: Program, version: Int = 1) throws(PluginError) -> [ProgramIssue] {
        var issues: [ProgramIssue] = []
        for field in try envelope(data, stderr: stderr, answer: "issues", version: version)[required: "issues"].array() {
            let issue = try field.object(required: ["severity", "message"], optional: ["group", "person"])
            let severity = try issue[required: "severity"].choice(["error", "warning"])
            let message = try issue[required: "message"].string()
            var mark = Mark(line: 1, column: 1)
            if let group = issue["group"] {
                let id = try group.string()
                guard let found = program.group(id) else { throw group.mismatch("the id of one of the program's groups") }
                mark = found.mark
            }
            if let person = issue["person"] {
                let id = try person.string()
                guard let found = program.person(id) else { throw person.mismatch("the id of one of the program's people") }
                mark = found.mark
            }
            issues.append(severity == "error" ? .error(message, at: mark) : .warning(message, at: mark))
        }
        return issues
    }

    /// The reply to `schedule`.
    static func meetings(_ data: Data, stderr: String, version: Int = 1) throws(PluginError) -> [Meeting] {
        var meetings: [Meeting] = []
        for field in try envelope(data, stderr: stderr, answer: "meetings", version: version)[required: "meetings"].array() {
            let meeting = try field.object(required: ["number", "date", "phase"])
            let number = try meeting[required: "number"].int(in: 1...10_000)
            let dateField = meeting[required: "date"]
            guard let date = CalendarDate(try dateField.string()) else { throw dateField.mismatch("a date written YYYY-MM-DD") }
            let phase = Phase(rawValue: try meeting[required: "phase"].choice(Phase.allCases.map(\.rawValue))) ?? .ongoing
            meetings.append(Meeting(number: number, date: date, phase: phase))
        }
        return meetings
    }

    /// The reply to `agenda`: one shape per meeting asked about, facilitator and spotlight in the group.
    static func shapes(_ data: Data, stderr: String, contexts: [AgendaContext], version: Int = 1) throws(PluginError) -> [AgendaShape] {
        let fields = try envelope(data, stderr: stderr, answer: "shapes", version: version)[required: "shapes"].array()
        guard fields.count == contexts.count else {
            throw .badReply(
                path: "$.shapes", expected: "\(contexts.count) shapes, one per meeting asked about",
                found: "\(fields.count)")
        }
        var shapes: [AgendaShape] = []
        for (field, context) in zip(fields, contexts) { shapes.append(try shape(field, members: context.group.members)) }
        return shapes
    }

    private static func shape(_ field: Field, members: [String]) throws(PluginError) -> AgendaShape {
        let shape = try field.object(
            required: ["opening", "closing", "leads", "participants"],
            optional: ["facilitator", "spotlight"])
        func member(_ key: String) throws(PluginError) -> String? {
            guard let field = shape[key] else { return nil }
            let id = try field.string()
            guard members.contains(id) else { throw field.mismatch("the id of a member of the group") }
            return id
        }
        let leads = try shape[required: "leads"].object(required: Lead.allCases.map(\.rawValue))
        var leadNames: [Lead: String] = [:]
        for lead in Lead.allCases { leadNames[lead] = try leads[required: lead.rawValue].string() }
        var participants: [Participant] = []
        for item in try shape[required: "participants"].array() {
            let person = try item.object(required: ["id", "name", "role"])
            participants.append(
                Participant(
                    id: try person[required: "id"].string(), name: try person[required: "name"].string(),
                    role: try person[required: "role"].string()))
        }
        return AgendaShape(
            opening: try items(shape[required: "opening"]), closing: try items(shape[required: "closing"]),
            facilitator: try member("facilitator"), spotlight: try member("spotlight"),
            leads: leadNames, participants: participants)
    }

    /// Kinds a type may add; topics and carried actions are the engine's.
    static let itemKinds: [AgendaItem.Kind] = [.opening, .skill, .spotlight, .updates, .open, .closing]

    private static func items(_ field: Field) throws(PluginError) -> [AgendaItem] {
        var items: [AgendaItem] = []
        for entry in try field.array() {
            let item = try entry.object(required: ["kind", "title", "minutes", "lead"], optional: ["guidance", "prompts"])
            let kind = AgendaItem.Kind(rawValue: try item[required: "kind"].choice(itemKinds.map(\.rawValue))) ?? .open
            items.append(
                AgendaItem(
                    kind: kind, title: try item[required: "title"].string(), minutes: try item[required: "minutes"].int(in: 1...480),
                    lead: try item[required: "lead"].string(), guidance: try item["guidance"]?.string(),
                    prompts: try item["prompts"]?.strings() ?? []))
        }
        return items
    }

    /// The reply to `measures`.
    static func measures(_ data: Data, stderr: String, version: Int = 1) throws(PluginError) -> [Measure] {
        var measures: [Measure] = []
        for field in try envelope(data, stderr: stderr, answer: "measures", version: version)[required: "measures"].array() {
            let measure = try field.object(required: ["name", "value"])
            measures.append(Measure(try measure[required: "name"].string(), try measure[required: "value"].string(nonEmpty: false)))
        }
        return measures
    }

    /// The reply's top level: `protocol` checked first (a plugin of another version fails with that,
    /// not with a confusing key error), then an `error` the plugin reports, then the `answer` key.
    private static func envelope(
        _ data: Data, stderr: String, answer: String, optional: [String] = [],
        version: Int
    ) throws(PluginError) -> Members {
        let root = try Field.parse(data, stderr: stderr)
        guard case .object(let members) = root.value else { throw root.mismatch("an object") }
        guard members["protocol"] == .int(version) else {
            throw .wrongProtocol(found: members["protocol"]?.found ?? "none", expected: version)
        }
        if let error = members["error"] {
            _ = try root.object(required: ["protocol", "error"])
            throw .reportedError(message: try Field(value: error, path: "$.error").string())
        }
        return try root.object(required: ["protocol", answer], optional: optional)
    }
}
