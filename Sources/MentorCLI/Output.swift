import ArgumentParser
import Foundation

/// Formats for commands whose output people and programs both read.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Encodes `value` as pretty JSON with sorted keys, so output is stable across runs.
func jsonString(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
