/// A JSON value, for printing machine-readable output and converting YAML documents to JSON.
public enum JSONValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a.elementsEqual(b) { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(key)) }
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension Node {
    /// The document as JSON, typing plain scalars by YAML's core schema (null, booleans,
    /// numbers); quoted and block scalars stay strings. Editors' schema checks see the same types.
    public var json: JSONValue {
        switch content {
        case .sequence(let items):
            return .array(items.map(\.json))
        case .mapping(let pairs):
            return .object(pairs.map { ($0.key.scalarText ?? "", $0.value.json) })
        case .scalar(let text, let style):
            switch coreTag {
            case .int: return CoreTag.integer(text).map(JSONValue.int) ?? .string(text)
            case .float: return CoreTag.float(text).map(Self.number) ?? .string(text)
            case .bool: return CoreTag.boolean(text).map(JSONValue.bool) ?? .string(text)
            case .null: return .null
            case .str, .seq, .map: return .string(text)
            case nil: break
            }
            guard style == .plain, tag == nil else { return .string(text) }
            if isNull { return .null }
            switch text {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if let int = Int(text) { return .int(int) }
            if text.first.map({ $0.isNumber || $0 == "-" || $0 == "." || $0 == "+" }) == true, let double = Double(text) {
                return .double(double)
            }
            return .string(text)
        }
    }

    /// A float as JSON: JSON has no infinities or not-a-number, so those stay text (`.inf`).
    private static func number(_ value: Double) -> JSONValue {
        value.isFinite ? .double(value) : .string(value.isNaN ? ".nan" : value < 0 ? "-.inf" : ".inf")
    }
}
