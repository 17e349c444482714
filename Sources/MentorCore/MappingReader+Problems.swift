import Diagnostics
import PlanYAML

/// Declarative reading of a mapping's keys. Each call reads one key; when the value is missing (for
/// `required…`) or of the wrong kind, it records the problem and gives nil, so a decoder reads as a
/// table of its keys and carries on to report every mistake in one run:
///
///     let name = map.requiredText("program", owner: "the program file", into: &problems)
///     let months = map.integer("months", in: ProgramFormat.months, into: &problems)
extension MappingReader {
    /// The value at `key`; nil, with a "missing key" problem naming `owner`, when it is absent.
    func required(_ key: String, owner: String, into problems: inout Problems) -> Node? {
        problems.attempt { () throws(YAMLError) in try required(key, owner: owner) }
    }

    /// The text at `key`, which must be there.
    func requiredText(_ key: String, owner: String, into problems: inout Problems) -> String? {
        required(key, owner: owner, into: &problems)?.text(key, into: &problems)
    }

    /// The text at `key`, or nil when the key is absent.
    func text(_ key: String, into problems: inout Problems) -> String? {
        self[key]?.text(key, into: &problems)
    }

    /// The whole number at `key`, within `range`; nil when the key is absent.
    func integer(_ key: String, in range: ClosedRange<Int>, into problems: inout Problems) -> Int? {
        guard let node = self[key] else { return nil }
        return problems.attempt { () throws(YAMLError) in try node.integer(key, in: range) }
    }

    /// The list of texts at `key`, each with where it is; nil when the key is absent.
    func textList(_ key: String, into problems: inout Problems) -> [(text: String, mark: Mark)]? {
        guard let node = self[key] else { return nil }
        return problems.attempt { () throws(YAMLError) in try node.textList(key) }
    }

    /// The list of texts at `key`; nil when the key is absent.
    func texts(_ key: String, into problems: inout Problems) -> [String]? {
        self[key]?.texts(key, into: &problems)
    }

    /// One of `T`'s cases, by its raw text, at `key`; nil when the key is absent.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type, into problems: inout Problems) -> T?
    where T.RawValue == String {
        guard let node = self[key] else { return nil }
        return problems.attempt { () throws(YAMLError) in try node.choice(key, as: type) }
    }

    /// The true or false at `key`; nil when the key is absent.
    func boolean(_ key: String, into problems: inout Problems) -> Bool? {
        guard let node = self[key] else { return nil }
        return problems.attempt { () throws(YAMLError) in try node.boolean(key) }
    }
}

extension Node {
    /// This value as text (`key` names it in the message when it is not).
    func text(_ key: String, into problems: inout Problems) -> String? {
        problems.attempt { () throws(YAMLError) in try text(key) }
    }

    /// This value as a list of texts, each with where it is.
    func textList(_ key: String, into problems: inout Problems) -> [(text: String, mark: Mark)]? {
        problems.attempt { () throws(YAMLError) in try textList(key) }
    }

    /// This value as a list of texts.
    func texts(_ key: String, into problems: inout Problems) -> [String]? {
        problems.attempt { () throws(YAMLError) in try texts(key) }
    }
}
