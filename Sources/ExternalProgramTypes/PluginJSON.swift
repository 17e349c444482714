import Foundation

/// A JSON value as a plugin sent it. Whole numbers stay `int`, so "minutes": 2.5 is caught.
indirect enum JSON: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    /// How a message names this value: `"ten"`, `2.5`, `an object`.
    var found: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .int(let value): return "\(value)"
        case .double(let value): return "\(value)"
        case .string(let value): return "\"\(value.count > 40 ? value.prefix(40) + "…" : value)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A value in a plugin's reply with its JSON path, read strictly: every mismatch is a
/// `PluginError.badReply` naming the path, what was expected and what was found.
struct Field {
    let value: JSON
    let path: String

    /// The root of a reply.
    static func parse(_ data: Data, stderr: String = "") throws(PluginError) -> Field {
        do {
            return Field(value: try JSONDecoder().decode(JSON.self, from: data), path: "$")
        } catch {
            let reason = data.isEmpty ? "the output was empty" : "\(String(decoding: data.prefix(60), as: UTF8.self))…"
            throw .notJSON(reason: reason, stderr: stderr)
        }
    }

    func mismatch(_ expected: String) -> PluginError {
        .badReply(path: path, expected: expected, found: value.found)
    }

    /// An object's members, after checking it has `required` and nothing outside `required + optional`.
    func object(required: [String], optional: [String] = []) throws(PluginError) -> Members {
        guard case .object(let members) = value else { throw mismatch("an object") }
        let allowed = required + optional
        if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .unexpectedKey(path: path, key: extra, allowed: allowed)
        }
        if let missing = required.first(where: { members[$0] == nil }) {
            throw .badReply(path: path + "." + missing, expected: "a value (the key is required)", found: "nothing")
        }
        return Members(members: members, path: path)
    }

    func array() throws(PluginError) -> [Field] {
        guard case .array(let items) = value else { throw mismatch("an array") }
        return items.enumerated().map { Field(value: $1, path: "\(path)[\($0)]") }
    }

    func string(nonEmpty: Bool = true) throws(PluginError) -> String {
        guard case .string(let text) = value, !nonEmpty || !text.isEmpty else {
            throw mismatch(nonEmpty ? "a non-empty string" : "a string")
        }
        return text
    }

    func int(in range: ClosedRange<Int>) throws(PluginError) -> Int {
        guard case .int(let number) = value, range.contains(number) else {
            throw mismatch("a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func bool() throws(PluginError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    /// One of `choices` (an enum's raw values).
    func choice(_ choices: [String]) throws(PluginError) -> String {
        guard case .string(let text) = value, choices.contains(text) else {
            throw mismatch("one of " + choices.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return text
    }

    func strings() throws(PluginError) -> [String] {
        var result: [String] = []
        for item in try array() { result.append(try item.string()) }
        return result
    }
}

/// The members of an object in a reply.
struct Members {
    let members: [String: JSON]
    let path: String

    /// The member `key`; only for keys `object(required:)` checked.
    subscript(required key: String) -> Field {
        Field(value: members[key] ?? .null, path: path + "." + key)
    }

    /// The member `key`, or nil when absent or null.
    subscript(key: String) -> Field? {
        guard let value = members[key], value != .null else { return nil }
        return Field(value: value, path: path + "." + key)
    }
}
