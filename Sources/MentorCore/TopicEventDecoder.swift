import Diagnostics
import PlanYAML

/// Decodes a topic straight from parser events, without building its `Node`: the fast path for
/// the topics of a large template (see `Parser.document(streamingItemsOf:decoder:_:)`).
///
/// It takes only topics that `TopicDraft(node:problems:)` would decode without a problem: a
/// mapping of known keys, each written once, whose values are of the expected shape and valid.
/// Anything else (an unknown key, an empty value, a value out of range or not one of the choices,
/// blank text, an empty list, a list item that is not text, non-ASCII where a key or choice is
/// compared) is declined, and the parser hands the topic over as a `Node`, so that the tree-based
/// decoding reports it with the messages it always gave.
struct TopicEventDecoder: ItemDecoder {
    /// The topic keys (`PlanFormat.topicKeys`), as bit positions of `seen`.
    enum Key: UInt16, CaseIterable {
        case id, title, minutes, phase, lead, confidential, guidance, prompts, appliesTo

        /// The key whose UTF-8 bytes are `bytes`, if it is one.
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            switch bytes.count {
            case 2 where Self.equal(bytes, "id"): self = .id
            case 4 where Self.equal(bytes, "lead"): self = .lead
            case 5 where Self.equal(bytes, "title"): self = .title
            case 5 where Self.equal(bytes, "phase"): self = .phase
            case 7 where Self.equal(bytes, "minutes"): self = .minutes
            case 7 where Self.equal(bytes, "prompts"): self = .prompts
            case 8 where Self.equal(bytes, "guidance"): self = .guidance
            case 10 where Self.equal(bytes, "applies-to"): self = .appliesTo
            case 12 where Self.equal(bytes, "confidential"): self = .confidential
            default: return nil
            }
        }

        var bit: UInt16 { 1 << rawValue }

        /// `bytes` equal to the ASCII `text`.
        static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
            guard bytes.count == text.utf8CodeUnitCount else { return false }
            let expected = text.utf8Start
            for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
            return true
        }
    }

    private enum State {
        /// Before the topic's mapping.
        case start
        /// The next scalar is a key, or the mapping ends.
        case key
        /// The next event is the value of `Key`.
        case value(Key)
        /// Inside the list of `Key` (prompts or applies-to).
        case list(Key)
        /// The topic's mapping has ended.
        case done
    }

    /// False to check titles, guidance and prompts without making them into strings: each is
    /// then an empty placeholder (`""`, and `[]` for prompts), for a load whose plans are only
    /// counted, never used (`PlanLoader.check`). What is accepted and declined is the same.
    var keepsTexts = true

    private var state = State.start
    private var seen: UInt16 = 0
    private var mark = Mark(line: 1, column: 1)
    private var id: String?
    private var title: String?
    private var minutes: Int?
    private var phase: Phase?
    private var lead: Lead?
    private var confidential: Bool?
    private var guidance: String?
    private var prompts: [String]?
    private var appliesTo: [(text: String, mark: Mark)]?
    /// A list's items while it is read, reused from topic to topic (the finished list is copied
    /// out at its exact size).
    private var texts: [String] = []
    private var marks: [Mark] = []

    mutating func reset() {
        state = .start
        seen = 0
        id = nil
        title = nil
        minutes = nil
        phase = nil
        lead = nil
        confidential = nil
        guidance = nil
        prompts = nil
        appliesTo = nil
        texts.removeAll(keepingCapacity: true)
        marks.removeAll(keepingCapacity: true)
    }

    mutating func accept(_ event: ItemEvent, at mark: Mark) -> Bool {
        switch (state, event) {
        case (.start, .mappingStart):
            self.mark = mark
            state = .key
            return true
        case (.key, .scalar(let bytes, _)):
            guard let key = Key(bytes), seen & key.bit == 0 else { return false }
            seen |= key.bit
            state = .value(key)
            return true
        case (.key, .end):
            state = .done
            return true
        case (.value(let key), .scalar(let bytes, let style)):
            guard value(of: key, bytes, style) else { return false }
            state = .key
            return true
        case (.value(let key), .sequenceStart) where key == .prompts || key == .appliesTo:
            texts.removeAll(keepingCapacity: true)
            marks.removeAll(keepingCapacity: true)
            state = .list(key)
            return true
        case (.list(let key), .scalar(let bytes, let style)):
            guard Self.isText(bytes, style) else { return false }
            texts.append(keepsTexts || key == .appliesTo ? Self.string(bytes) : "")
            if key == .appliesTo { marks.append(mark) }
            return true
        case (.list(let key), .end):
            guard !texts.isEmpty else { return false } // an empty list is reported by the tree
            if key == .prompts {
                // A copy at its exact size (`texts` keeps its buffer), or the placeholder.
                prompts = keepsTexts ? texts.withUnsafeBufferPointer { Array($0) } : []
            } else {
                appliesTo = (0..<texts.count).map { (texts[$0], marks[$0]) }
            }
            state = .key
            return true
        default:
            return false
        }
    }

    mutating func finish() -> TopicDraft? {
        guard case .done = state, let id else { return nil } // a topic without its id is the tree's to report
        var topic = TopicDraft(id: id, mark: mark)
        topic.title = title
        topic.minutes = minutes
        topic.phase = phase
        topic.lead = lead
        topic.confidential = confidential
        topic.guidance = guidance
        topic.prompts = prompts
        topic.appliesTo = appliesTo
        // Every value taken here is non-null and valid, so a key is written exactly when it was read.
        topic.written = RequiredKeys(written: { name in
            switch name {
            case "title": return seen & Key.title.bit != 0
            case "minutes": return seen & Key.minutes.bit != 0
            default: return seen & Key.prompts.bit != 0
            }
        })
        return topic
    }

    // MARK: - Values

    /// Takes a scalar value of `key`, or declines it (`false`) for the tree to report.
    private mutating func value(of key: Key, _ bytes: UnsafeBufferPointer<UInt8>, _ style: Node.ScalarStyle) -> Bool {
        switch key {
        case .id:
            guard Self.isText(bytes, style), Self.isValidID(bytes) else { return false }
            id = Self.string(bytes)
        case .title:
            guard Self.isText(bytes, style) else { return false }
            title = keepsTexts ? Self.string(bytes) : ""
        case .guidance:
            guard Self.isText(bytes, style) else { return false }
            guidance = keepsTexts ? Self.string(bytes) : ""
        case .minutes:
            guard style == .plain, let number = Self.smallNumber(bytes), PlanFormat.minutes.contains(number) else { return false }
            minutes = number
        case .phase:
            guard let value = Self.choice(bytes, in: Self.phases) else { return false }
            phase = value
        case .lead:
            guard let value = Self.choice(bytes, in: Self.leads) else { return false }
            lead = value
        case .confidential:
            // `Node.boolean`: true or false in any letter case, however quoted.
            if Self.equalIgnoringCase(bytes, "true") {
                confidential = true
            } else if Self.equalIgnoringCase(bytes, "false") {
                confidential = false
            } else {
                return false
            }
        case .prompts, .appliesTo:
            return false // text where a list belongs, or nothing: the tree says which
        }
        return true
    }

    /// True for what `Node.text` accepts without a tag: not null, and not blank. A plain scalar
    /// is null when empty or `~`/`null`/`Null`/`NULL` (libyaml trims plain scalars, so one that
    /// is not null has visible text). A quoted or block scalar is blank when every character is
    /// white space; one with a visible ASCII character is not, and the rest go to the tree.
    static func isText(_ bytes: UnsafeBufferPointer<UInt8>, _ style: Node.ScalarStyle) -> Bool {
        if style == .plain {
            switch bytes.count {
            case 0: return false
            case 1: return bytes[0] != UInt8(ascii: "~")
            case 4:
                return !(Key.equal(bytes, "null") || Key.equal(bytes, "Null") || Key.equal(bytes, "NULL"))
            default: return true
            }
        }
        return bytes.contains { (0x21...0x7E).contains($0) }
    }

    /// `PlanFormat.isValidID` on bytes.
    static func isValidID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous = UInt8(ascii: "-")
        for byte in bytes {
            let isWordByte =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isWordByte || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-")) else { return false }
            previous = byte
        }
        return previous != UInt8(ascii: "-")
    }

    /// A number of one to three ASCII digits (the allowed minutes fit in three), else `nil`.
    static func smallNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...3).contains(bytes.count) else { return nil }
        var number = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return number
    }

    /// Each case of `Phase` and `Lead` with its raw value's bytes.
    private static let phases = Phase.allCases.map { (Array($0.rawValue.utf8), $0) }
    private static let leads = Lead.allCases.map { (Array($0.rawValue.utf8), $0) }

    /// The case whose raw value is exactly `bytes` (byte by byte: the raw values are ASCII), else `nil`.
    static func choice<T>(_ bytes: UnsafeBufferPointer<UInt8>, in cases: [([UInt8], T)]) -> T? {
        for (raw, value) in cases where raw.count == bytes.count && raw.elementsEqual(bytes) { return value }
        return nil
    }

    /// `bytes` equal to the lowercase ASCII `text` in any letter case (ASCII only; other bytes differ).
    static func equalIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let expected = text.utf8Start
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if lower != expected[index] { return false }
        }
        return true
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
