extension EventJSON {
    /// The event as the journal stores it: compact JSON with sorted keys, byte for byte what
    /// `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` (a property test compares
    /// them). Hand-written for the same reason as ``decode(_:)``: an import of a million events
    /// spent seconds in the encoder's generic containers.
    public static func encode(_ event: ProgressEvent) -> String {
        var out = Writer()
        out.open()
        out.key("date")
        out.string(event.date.description)
        out.key("details")
        out.open()
        switch event.body {
        case .meeting(let record):
            out.key("attendees")
            out.strings(record.attendees)
            out.key("covered")
            out.strings(record.covered)
            out.key("held")
            out.raw(record.held ? "true" : "false")
            if let notes = record.notes {
                out.key("notes")
                out.string(notes)
            }
            out.key("number")
            out.raw(String(record.number))
        case .schedule(let record):
            out.key("cancelled")
            out.raw(record.cancelled ? "true" : "false")
            if let location = record.location {
                out.key("location")
                out.string(location)
            }
            out.key("number")
            out.raw(String(record.number))
            if let reason = record.reason {
                out.key("reason")
                out.string(reason)
            }
            if let time = record.time {
                out.key("time")
                out.string(time.description)
            }
            if let to = record.to {
                out.key("to")
                out.string(to.description)
            }
        case .goal(let goal):
            out.key("change")
            out.string(goal.change.rawValue)
            out.key("goal")
            out.string(goal.goal)
            if let plan = goal.plan {
                out.key("plan")
                out.string(plan)
            }
            if let target = goal.target {
                out.key("target")
                out.string(target.description)
            }
            if let term = goal.term {
                out.key("term")
                out.string(term.rawValue)
            }
            if let text = goal.text {
                out.key("text")
                out.string(text)
            }
        case .action(let action):
            out.key("action")
            out.string(action.action)
            out.key("change")
            out.string(action.change.rawValue)
            if let due = action.due {
                out.key("due")
                out.string(due.description)
            }
            if let owner = action.owner {
                out.key("owner")
                out.string(owner)
            }
            if let text = action.text {
                out.key("text")
                out.string(text)
            }
        case .checkIn(let record):
            out.key("answers")
            out.strings(record.answers)
            out.key("by")
            out.string(record.by)
            out.key("rating")
            out.raw(String(record.rating))
        case .feedback(let record):
            out.key("by")
            out.string(record.by)
            out.key("text")
            out.string(record.text)
        case .exit(let record):
            out.key("by")
            out.string(record.by)
            if let reason = record.reason {
                out.key("reason")
                out.string(reason)
            }
            if let who = record.who {
                out.key("who")
                out.string(who)
            }
        case .trainingNeed(let record):
            out.key("text")
            out.string(record.text)
        case .void(let record):
            out.key("event")
            out.string(record.event)
            out.key("reason")
            out.string(record.reason)
        }
        out.close()
        out.key("group")
        out.string(event.group)
        out.key("id")
        out.string(event.id)
        out.key("kind")
        out.string(event.kind.rawValue)
        out.key("program")
        out.string(event.program)
        out.close()
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Compact JSON, written as bytes; commas go in by themselves.
    struct Writer {
        var bytes: [UInt8] = []
        private var first = true

        init() { bytes.reserveCapacity(256) }

        mutating func open() {
            bytes.append(UInt8(ascii: "{"))
            first = true
        }

        mutating func close() {
            bytes.append(UInt8(ascii: "}"))
            first = false
        }

        mutating func key(_ name: StaticString) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }

        mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

        mutating func strings(_ values: [String]) {
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(value)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        mutating func string(_ value: String) {
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                    ])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }
}
