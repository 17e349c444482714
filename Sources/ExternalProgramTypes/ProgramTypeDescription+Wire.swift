import MentorCore

/// The one place a `ProgramTypeDescription` meets the plugin protocol: the `type` object of a
/// `describe` reply. A new optional description field is one more key in `optionalKeys` and one
/// more line in `init(wire:)` (and the schema's `description` definition).
extension ProgramTypeDescription {
    /// Keys every `type` object has.
    static let requiredKeys = ["id", "name", "summary", "roles", "examples"]
    /// Keys a `type` object may have: `matching` says how `mentor match` forms the type's groups
    /// (see `MatchingPolicy(wire:)`); without it the type doesn't match.
    static let optionalKeys = ["matching"]

    /// The description in a `describe` reply.
    init(wire field: Field) throws(PluginError) {
        let type = try field.object(required: Self.requiredKeys, optional: Self.optionalKeys)
        let idField = type[required: "id"]
        let id = try idField.string()
        guard PlanFormat.isValidID(id) else { throw idField.mismatch("an id of lowercase words joined by '-'") }
        var examples: [ProgramExample] = []
        for entry in try type[required: "examples"].array() {
            let example = try entry.object(required: ["title", "yaml"], optional: ["error"])
            let title = try example[required: "title"].string(), yaml = try example[required: "yaml"].string()
            examples.append(try example["error"].map { field throws(PluginError) in .invalid(title, yaml, error: try field.string()) }
                ?? .valid(title, yaml))
        }
        self.init(id: id, name: try type[required: "name"].string(), summary: try type[required: "summary"].string(),
                  roles: try type[required: "roles"].strings(), examples: examples,
                  matching: try type["matching"].map { field throws(PluginError) in try MatchingPolicy(wire: field) })
    }
}
