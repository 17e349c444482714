import Foundation

/// JSON that is the same bytes for the same value: pretty-printed, keys sorted, slashes plain,
/// ending in a newline. Every JSON output of MentorKit goes through it, so diffs and snapshot
/// tests stay meaningful.
public enum StableJSON {
    /// `value` encoded as stable JSON.
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
