import Foundation
import MentorCore
import MultipartKit

/// The fields of an `application/x-www-form-urlencoded` body; a field may repeat (checkboxes).
struct FormData: Sendable, Equatable {
    private(set) var fields: [String: [String]] = [:]
    /// The name each uploaded file had on the sender's computer, by field (multipart forms).
    private(set) var filenames: [String: String] = [:]

    /// Parses a `multipart/form-data` body (a form with a file) with MultipartKit's parser: each
    /// part's text under its field name; a file's name in ``filenames``.
    init(multipart body: ByteBuffer, boundary: String) throws {
        final class Collector {
            var fields: [String: [String]] = [:], filenames: [String: String] = [:]
            var name: String?, filename: String?, body = ByteBuffer()
        }
        let collected = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            collected.name = Self.parameter("name", in: value)
            collected.filename = Self.parameter("filename", in: value)
        }
        parser.onBody = { buffer in collected.body.writeBuffer(&buffer) }
        parser.onPartComplete = {
            if let name = collected.name {
                collected.fields[name, default: []].append(String(buffer: collected.body))
                if let filename = collected.filename { collected.filenames[name] = filename }
            }
            collected.name = nil
            collected.filename = nil
            collected.body.clear()
        }
        try parser.execute(body)
        fields = collected.fields
        filenames = collected.filenames
    }

    /// `name="value"` of a header such as `form-data; name="roster"; filename="roster.csv"`.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// Parses `body`; `+` is a space and `%XX` a byte, decoded as UTF-8 (invalid bytes replaced).
    init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
    }

    /// The first value of `name`, trimmed; nil when absent or empty.
    subscript(name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// The same fields, each value cut to `limit` characters (a form sent back never echoes megabytes).
    func truncated(to limit: Int) -> FormData {
        var copy = self
        copy.fields = fields.mapValues { $0.map { $0.count > limit ? String($0.prefix(limit)) : $0 } }
        return copy
    }

    /// Every non-empty value of `name` (ticked checkboxes).
    func all(_ name: String) -> [String] {
        (fields[name] ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = iterator.next()
                let low = iterator.next()
                if let high, let low, let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                    high.map { bytes.append($0) }
                    low.map { bytes.append($0) }
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A form's submitted values checked field by field: the problems found, by field name, shown
/// next to each field when the form comes back.
struct FormCheck {
    let form: FormData
    private(set) var problems: [String: [String]] = [:]

    init(_ form: FormData) { self.form = form }

    /// Longest free text accepted (a page of notes is a few thousand characters).
    static let maxText = 10_000
    /// Longest one-line value (a goal, an action, a reason).
    static let maxLine = 500

    var isValid: Bool { problems.isEmpty }

    mutating func add(_ field: String, _ message: String) { problems[field, default: []].append(message) }

    /// Free text of `field`; required ones must be given; at most `limit` characters.
    mutating func text(_ field: String, required: Bool = false, limit: Int = maxText, label: String) -> String? {
        guard let value = form[field] else {
            if required { add(field, "\(label) is required; fill it in") }
            return nil
        }
        guard value.count <= limit else {
            add(field, "\(label) is too long (\(value.count) characters); keep it to \(limit)")
            return nil
        }
        return value
    }

    /// A date written YYYY-MM-DD.
    mutating func date(_ field: String, required: Bool = false, label: String) -> CalendarDate? {
        guard let text = form[field] else {
            if required { add(field, "\(label) is required; write it YYYY-MM-DD") }
            return nil
        }
        guard text.count <= 10, let date = CalendarDate(text) else {
            add(field, "'\(Self.short(text))' is not a date; write a real day as YYYY-MM-DD, such as 2027-03-08")
            return nil
        }
        return date
    }

    /// A whole number in `range`.
    mutating func number(_ field: String, in range: ClosedRange<Int>, label: String) -> Int? {
        guard let text = form[field] else {
            add(field, "\(label) is required; choose \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        guard text.count <= 6, let value = Int(text), range.contains(value) else {
            add(field, "'\(Self.short(text))' is not a \(label.lowercased()) from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// One of `choices` (a select), or nil when left empty.
    mutating func choice(_ field: String, in choices: [String], required: Bool = false, label: String) -> String? {
        guard let value = form[field] else {
            if required { add(field, "\(label) is required; choose one") }
            return nil
        }
        guard choices.contains(value) else {
            add(field, "'\(Self.short(value))' is not one of the choices for \(label.lowercased())")
            return nil
        }
        return value
    }

    /// The values ticked among `choices` (checkboxes); any other value is a problem.
    mutating func ticked(_ field: String, in choices: [String], label: String) -> [String] {
        let values = form.all(field)
        for value in values where !choices.contains(value) {
            add(field, "'\(Self.short(value))' is not one of the \(label)")
        }
        return values.filter(choices.contains)
    }

    /// `text` shortened for a message (the whole value is never echoed inside a message).
    static func short(_ text: String) -> String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
}
