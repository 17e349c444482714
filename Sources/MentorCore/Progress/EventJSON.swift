/// Reads an event's stored JSON straight into a ``ProgressEvent``.
///
/// Hand-written because Foundation's `JSONDecoder` spends about 7 µs on each event in Codable's
/// generic keyed containers: on a journal of a million events that is seven seconds of a report
/// (profiled with perf on the release build; see BENCHMARKS.md), and no maintained Swift JSON
/// library in reach decodes faster. It covers exactly what the Codable conformance accepts for
/// the formats MentorKit writes; anything else (a float where an integer goes, a duplicate key, an
/// escape it doesn't know) returns nil, and the caller decodes with `JSONDecoder`, which then
/// accepts the text or says why not. A property test checks that the two agree.
public enum EventJSON {
    /// The event in `text`, or nil when the text is not one this reader is sure of.
    public static func decode(_ text: String) -> ProgressEvent? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard case .object(let fields)? = reader.value(), reader.atEnd() else { return nil }
            return event(fields)
        }
    }

    /// The event in `bytes` (UTF-8 JSON text: a journal row's body, read in place), or nil when
    /// the text is not one this reader is sure of.
    public static func decode(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ProgressEvent? {
        var reader = Reader(bytes: bytes)
        guard case .object(let fields)? = reader.value(), reader.atEnd() else { return nil }
        return event(fields)
    }

    /// Event kinds by name: one hash, where `EventKind(rawValue:)` compares the name with each kind in turn.
    static let kinds = Dictionary(uniqueKeysWithValues: EventKind.allCases.map { ($0.rawValue, $0) })

    /// The events of a JSON list (an export), or nil when any element is not one this reader is
    /// sure of (the caller then decodes the list with `JSONDecoder`, which names each bad element).
    public static func decodeList(_ text: String) -> [ProgressEvent]? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            reader.skipSpace()
            guard reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "[") else { return nil }
            reader.index += 1
            var events: [ProgressEvent] = []
            reader.skipSpace()
            if reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "]") {
                reader.index += 1
                return reader.atEnd() ? events : nil
            }
            while true {
                // Element by element, so that only one element's values are held at a time.
                guard case .object(let fields)? = reader.value(depth: 1), let event = event(fields) else { return nil }
                events.append(event)
                reader.skipSpace()
                guard reader.index < bytes.count else { return nil }
                if bytes[reader.index] == UInt8(ascii: ",") {
                    reader.index += 1
                    continue
                }
                if bytes[reader.index] == UInt8(ascii: "]") {
                    reader.index += 1
                    return reader.atEnd() ? events : nil
                }
                return nil
            }
        }
    }

    // MARK: - From values to an event (what the Codable conformances read)

    static func event(_ fields: Fields) -> ProgressEvent? {
        guard let id = fields["id"]?.string, let program = fields["program"]?.string, let group = fields["group"]?.string,
            let date = fields["date"]?.string.flatMap(CalendarDate.init), let name = fields["kind"]?.string,
            let kind = kinds[name], case .object(let details)? = fields["details"]
        else { return nil }
        let body: ProgressEvent.Body
        switch kind {
        case .meetingHeld, .meetingMissed:
            guard let number = details["number"]?.int, let held = details["held"]?.bool,
                let attendees = details["attendees"]?.strings, let covered = details["covered"]?.strings,
                let notes = details.optional("notes", \.string)
            else { return nil }
            body = .meeting(MeetingRecord(number: number, held: held, attendees: attendees, covered: covered, notes: notes))
        case .meetingRescheduled, .meetingCancelled:
            guard let number = details["number"]?.int, let cancelled = details["cancelled"]?.bool,
                let to = details.optional("to", { $0.string.flatMap(CalendarDate.init) }),
                let time = details.optional("time", { $0.string.flatMap(ClockTime.init) }),
                let location = details.optional("location", \.string), let reason = details.optional("reason", \.string)
            else { return nil }
            body = .schedule(
                ScheduleChangeRecord(
                    number: number, cancelled: cancelled, to: to, time: time, location: location,
                    reason: reason))
        case .goalSet, .goalUpdated, .goalAchieved, .goalDropped:
            guard let goal = details["goal"]?.string, let change = details["change"]?.string.flatMap(GoalChange.init(rawValue:)),
                let text = details.optional("text", \.string), let plan = details.optional("plan", \.string),
                let term = details.optional("term", { $0.string.flatMap(GoalTerm.init(rawValue:)) }),
                let target = details.optional("target", { $0.string.flatMap(CalendarDate.init) })
            else { return nil }
            body = .goal(GoalEvent(goal: goal, change: change, text: text, plan: plan, term: term, target: target))
        case .actionAdded, .actionDone:
            guard let action = details["action"]?.string, let change = details["change"]?.string.flatMap(ActionChange.init(rawValue:)),
                let text = details.optional("text", \.string), let owner = details.optional("owner", \.string),
                let due = details.optional("due", { $0.string.flatMap(CalendarDate.init) })
            else { return nil }
            body = .action(ActionEvent(action: action, change: change, text: text, owner: owner, due: due))
        case .checkIn:
            guard let by = details["by"]?.string, let rating = details["rating"]?.int, let answers = details["answers"]?.strings else {
                return nil
            }
            body = .checkIn(CheckInRecord(by: by, rating: rating, answers: answers))
        case .feedback:
            guard let by = details["by"]?.string, let text = details["text"]?.string else { return nil }
            body = .feedback(FeedbackRecord(by: by, text: text))
        case .exit:
            guard let by = details["by"]?.string, let who = details.optional("who", \.string),
                let reason = details.optional("reason", \.string)
            else { return nil }
            body = .exit(ExitRecord(by: by, who: who, reason: reason))
        case .trainingNeed:
            guard let text = details["text"]?.string else { return nil }
            body = .trainingNeed(TrainingNeedRecord(text: text))
        case .void:
            guard let event = details["event"]?.string, let reason = details["reason"]?.string else { return nil }
            body = .void(VoidRecord(event: event, reason: reason))
        }
        let made = ProgressEvent(id: id, program: program, group: group, date: date, body: body)
        return made.kind == kind ? made : nil // a kind that disagrees with its details: JSONDecoder says so
    }

    // MARK: - JSON values

    /// A JSON value, as far as events need: numbers other than integers are `.other`.
    enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case null
        case array([Value])
        case object(Fields)
        case other

        var string: String? { if case .string(let value) = self { return value } else { return nil } }
        var int: Int? { if case .int(let value) = self { return value } else { return nil } }
        var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
        var strings: [String]? {
            guard case .array(let values) = self else { return nil }
            var strings: [String] = []
            strings.reserveCapacity(values.count)
            for value in values {
                guard case .string(let text) = value else { return nil }
                strings.append(text)
            }
            return strings
        }
    }

    /// An object's fields, looked up by comparing bytes: objects here have a handful of keys, and
    /// hashing each key into a dictionary cost more than the rest of the reading.
    struct Fields {
        let bytes: UnsafeBufferPointer<UInt8>
        var keys: [Range<Int>] = []
        var values: [Value] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func index(of key: Range<Int>) -> Int? {
            keys.firstIndex { other in other.count == key.count && zip(other, key).allSatisfy { bytes[$0] == bytes[$1] } }
        }

        subscript(_ key: StaticString) -> Value? {
            let count = key.utf8CodeUnitCount
            search: for (position, range) in keys.enumerated() where range.count == count {
                for offset in 0..<count where bytes[range.lowerBound + offset] != key.utf8Start[offset] { continue search }
                return values[position]
            }
            return nil
        }

        /// An optional field as Codable reads it: absent or null is `.some(nil)`; a value of the
        /// right kind is `.some(value)`; anything else is nil (not an event this reader is sure of).
        func optional<T>(_ key: StaticString, _ read: (Value) -> T?) -> T?? {
            guard let value = self[key] else { return .some(nil) }
            if case .null = value { return .some(nil) }
            return read(value).map { .some($0) }
        }
    }

    /// A strict reader of JSON text (RFC 8259) over UTF-8 bytes.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func atEnd() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        mutating func value(depth: Int = 0) -> Value? {
            skipSpace()
            guard index < bytes.count, depth < 32 else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString, _ value: Value) -> Value? {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return nil }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return nil }
            index += count
            return value
        }

        mutating func object(depth: Int) -> Value? {
            index += 1
            var fields = Fields(bytes: bytes)
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(fields)
            }
            // An event has six keys, its details up to six: room for them at once, not grown 1, 2, 4, 8.
            fields.keys.reserveCapacity(6)
            fields.values.reserveCapacity(6)
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = plainKey(), fields.index(of: key) == nil else {
                    return nil
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let value = value(depth: depth + 1) else { return nil }
                fields.keys.append(key)
                fields.values.append(value)
                guard let closed = passSeparator(closing: UInt8(ascii: "}")) else { return nil }
                if closed { return .object(fields) }
            }
        }

        mutating func array(depth: Int) -> Value? {
            index += 1
            var values: [Value] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(values)
            }
            values.reserveCapacity(4)
            while true {
                guard let value = value(depth: depth + 1) else { return nil }
                values.append(value)
                guard let closed = passSeparator(closing: UInt8(ascii: "]")) else { return nil }
                if closed { return .array(values) }
            }
        }

        /// After a member or an element: past a comma (false: another follows) or past `closing`
        /// (true: the object or array ends); nil for anything else.
        mutating func passSeparator(closing: UInt8) -> Bool? {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") || bytes[index] == closing else { return nil }
            index += 1
            return bytes[index - 1] == closing
        }

        /// An integer in JSON's grammar that fits an `Int`; any other number is `.other`.
        mutating func number() -> Value? {
            let start = index
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1])
            {
                return nil // a leading zero
            }
            var magnitude = 0
            var overflow = false
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                magnitude = sum
                index += 1
            }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                // A fraction or an exponent: skipped in the grammar, but not an integer here.
                index += 1
                while index < bytes.count,
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
                        || [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: ".")].contains(
                            bytes[index])
                {
                    index += 1
                }
                return index > start ? .other : nil
            }
            return overflow ? .other : .int(negative ? -magnitude : magnitude)
        }

        /// A key's bytes, for a key without escapes (the only kind MentorKit writes).
        mutating func plainKey() -> Range<Int>? {
            index += 1
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return start..<index
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        /// A string; nil for one the reader isn't sure of (a control character, a bad escape).
        mutating func string() -> String? {
            index += 1
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
                if byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        /// The rest of a string that has escapes, from its first byte at `start`.
        mutating func escapedString(from start: Int) -> String? {
            var scalars = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        var scalar: Unicode.Scalar?
                        if (0xD800...0xDBFF).contains(unit) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                return nil
                            }
                            index += 2
                            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        } else {
                            scalar = Unicode.Scalar(unit)
                        }
                        guard let scalar else { return nil }
                        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default:
                        return nil
                    }
                default:
                    if byte < 0x20 { return nil }
                    scalars.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }
    }
}
