import PlanYAML

/// The JSON Schema (draft-07) of the plan template format, for editors and validators.
///
/// Editors that use yaml-language-server autocomplete and check templates whose first line is
/// `# yaml-language-server: $schema=./plan-template.schema.json`. `mentor plans lint` checks
/// more than the schema can (references, `extends` cycles, the base plan's topic ids).
public enum PlanSchema {
    /// The schema for the program types in `programTypes` (a registry's ids); with none, any
    /// well-formed id may appear in `applies-to`.
    public static func json(programTypes: [String]) -> JSONValue {
        let id = JSONValue.object([
            ("type", .string("string")),
            ("pattern", .string("^[a-z0-9]+(-[a-z0-9]+)*$")),
        ])
        let typeID = programTypes.isEmpty ? id : .object([("enum", .array(programTypes.map(JSONValue.string)))])
        func described(_ base: JSONValue, _ text: String) -> JSONValue {
            guard case .object(let members) = base else { return base }
            return .object([("description", .string(text))] + members)
        }
        let text = JSONValue.object([("type", .string("string")), ("minLength", .int(1))])
        let topic = JSONValue.object([
            ("type", .string("object")),
            ("additionalProperties", .bool(false)),
            ("required", .array([.string("id")])),
            (
                "properties",
                .object([
                    ("id", described(id, "Topic id: lowercase words joined by '-', unique within the plan.")),
                    ("title", described(text, "Short title shown on agendas.")),
                    (
                        "minutes",
                        .object([
                            ("description", .string("Time box in minutes.")),
                            ("type", .string("integer")),
                            ("minimum", .int(PlanFormat.minutes.lowerBound)),
                            ("maximum", .int(PlanFormat.minutes.upperBound)),
                        ])
                    ),
                    (
                        "phase",
                        .object([
                            ("description", .string("When the topic belongs. Default: ongoing.")),
                            ("enum", .array(Phase.allCases.map { .string($0.rawValue) })),
                        ])
                    ),
                    (
                        "lead",
                        .object([
                            ("description", .string("Who leads the item. Default: any.")),
                            ("enum", .array(Lead.allCases.map { .string($0.rawValue) })),
                        ])
                    ),
                    (
                        "confidential",
                        .object([
                            ("description", .string("Notes on this topic never leave the partnership. Default: false.")),
                            ("type", .string("boolean")),
                        ])
                    ),
                    ("guidance", described(text, "Advice for whoever leads the item.")),
                    (
                        "applies-to",
                        .object([
                            ("description", .string("Program types this topic fits. Default: those the plan fits.")),
                            ("type", .string("array")),
                            ("minItems", .int(1)),
                            ("items", typeID),
                        ])
                    ),
                    (
                        "prompts",
                        .object([
                            ("description", .string("Questions for the pair; at least one.")),
                            ("type", .string("array")),
                            ("minItems", .int(1)),
                            ("items", text),
                        ])
                    ),
                ])
            ),
        ])
        let newTopic = JSONValue.object([
            ("items", .object([("required", .array(["id", "title", "minutes", "prompts"].map(JSONValue.string)))]))
        ])
        return .object([
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("title", .string("MentorKit plan template")),
            ("description", .string("A part of a mentoring plan: topics a pair discusses, each time-boxed.")),
            ("type", .string("object")),
            ("additionalProperties", .bool(false)),
            ("required", .array([.string("plan"), .string("title")])),
            (
                "properties",
                .object([
                    ("plan", described(id, "Plan id: lowercase words joined by '-', unique across files.")),
                    ("title", described(text, "Human title of the plan.")),
                    ("summary", described(text, "What this part of the plan is for.")),
                    ("extends", described(id, "Start from another plan; topics with the same id override its topics.")),
                    (
                        "remove",
                        .object([
                            ("description", .string("Topic ids of the extended plan to leave out.")),
                            ("type", .string("array")),
                            ("items", id),
                        ])
                    ),
                    (
                        "applies-to",
                        .object([
                            ("description", .string("Program types this plan fits. Default: all.")),
                            ("type", .string("array")),
                            ("minItems", .int(1)),
                            ("items", typeID),
                        ])
                    ),
                    (
                        "topics",
                        .object([
                            ("description", .string("The plan's topics in the order they are discussed.")),
                            ("type", .string("array")),
                            ("minItems", .int(1)),
                            ("items", .object([("$ref", .string("#/definitions/topic"))])),
                        ])
                    ),
                ])
            ),
            ("dependencies", .object([("remove", .array([.string("extends")]))])),
            ("if", .object([("not", .object([("required", .array([.string("extends")]))]))])),
            (
                "then",
                .object([
                    ("required", .array([.string("topics")])),
                    ("properties", .object([("topics", newTopic)])),
                ])
            ),
            ("definitions", .object([("topic", topic)])),
        ])
    }
}
