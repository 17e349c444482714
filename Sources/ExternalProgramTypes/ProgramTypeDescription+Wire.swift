import MentorCore

/// The one place a `ProgramTypeDescription` meets the plugin protocol: the `type` object of a
/// `describe` reply. A new optional description field is one more key in `optionalKeys` and one
/// more line in `init(wire:)` (and the schema's `description` definition).
extension ProgramTypeDescription {
    /// Keys every `type` object has.
    static let requiredKeys = ["id", "name", "summary", "roles", "examples"]
    /// Keys a `type` object may have: `matching` says how `mentor match` forms the type's groups
    /// (see `MatchingPolicy(wire:)`); without it the type doesn't match. `continuity` says when a
    /// group ends as people leave it (see `GroupContinuity(wire:)`); without it, any exit ends it.
    static let optionalKeys = ["matching", "continuity"]

    /// The description in a `describe` reply.
    init(wire field: Field) throws(PluginError) {
        let type = try field.object(required: Self.requiredKeys, optional: Self.optionalKeys)
        let idField = type[required: "id"]
        let id = try idField.string()
        guard PlanFormat.isValidID(id) else { throw idField.mismatch("an id of lowercase words joined by '-'") }
        var examples: [ProgramExample] = []
        for entry in try type[required: "examples"].array() {
            let example = try entry.object(required: ["title", "yaml"], optional: ["error", "line", "column"])
            let title = try example[required: "title"].string()
            let yaml = try example[required: "yaml"].string()
            guard let errorField = example["error"] else {
                if let stray = example["line"] ?? example["column"] { throw stray.mismatch("nothing: 'line' and 'column' go with 'error'") }
                examples.append(.valid(title, yaml))
                continue
            }
            let error = try errorField.string()
            // Where the error points is optional (protocol 1 plugins never said), but comes as a pair.
            switch (example["line"], example["column"]) {
            case (nil, nil): examples.append(.invalid(title, yaml, error: error))
            case (let line?, let column?):
                examples.append(
                    .invalid(
                        title, yaml, error: error, line: try line.int(in: 1...Int(Int32.max)),
                        column: try column.int(in: 1...Int(Int32.max))))
            case (let line?, nil): throw line.mismatch("a 'line' with a 'column' beside it")
            case (nil, let column?): throw column.mismatch("a 'column' with a 'line' beside it")
            }
        }
        self.init(
            id: id, name: try type[required: "name"].string(), summary: try type[required: "summary"].string(),
            roles: try type[required: "roles"].strings(), examples: examples,
            matching: try type["matching"].map { field throws(PluginError) in try MatchingPolicy(wire: field) },
            continuity: try type["continuity"].map { field throws(PluginError) in try GroupContinuity(wire: field) } ?? .anyExit)
    }
}

extension GroupContinuity {
    /// `{"mentors": 1, "mentees": 2, "peers": 0}`: the fewest of each role a group goes on with
    /// (each key optional, 0 when absent); below any of them, the group ends.
    init(wire field: Field) throws(PluginError) {
        let counts = try field.object(required: [], optional: ["mentors", "mentees", "peers"])
        self = .below(
            mentors: try counts["mentors"]?.int(in: 0...1) ?? 0, mentees: try counts["mentees"]?.int(in: 0...10_000) ?? 0,
            peers: try counts["peers"]?.int(in: 0...10_000) ?? 0)
    }
}
