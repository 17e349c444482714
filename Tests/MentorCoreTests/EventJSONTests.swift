import Foundation
import MentorCore
import TestSupport
import Testing

/// The fast event reader must agree with JSONDecoder: the same event for every text it reads,
/// and nil (so that JSONDecoder is asked) for every text JSONDecoder refuses.
struct EventJSONTests {
    typealias Random = SplitMix64

    static func event(_ random: inout Random) -> ProgressEvent {
        let body: ProgressEvent.Body
        switch random.int(0...8) {
        case 0:
            body = .meeting(
                MeetingRecord(
                    number: random.int(-3...40), held: random.bool(), attendees: (0..<random.int(0...3)).map { _ in random.text() },
                    covered: (0..<random.int(0...3)).map { _ in random.text() }, notes: random.maybe { $0.text() }))
        case 1:
            body = .goal(
                GoalEvent(
                    goal: random.text(), change: GoalChange.allCases[random.int(0...3)], text: random.maybe { $0.text() },
                    plan: random.maybe { $0.text() }, term: random.maybe { GoalTerm.allCases[$0.int(0...1)] },
                    target: random.maybe { $0.date() }))
        case 2:
            body = .action(
                ActionEvent(
                    action: random.text(), change: random.bool() ? .added : .done, text: random.maybe { $0.text() },
                    owner: random.maybe { $0.text() }, due: random.maybe { $0.date() }))
        case 3:
            body = .checkIn(
                CheckInRecord(by: random.text(), rating: random.int(-1...7), answers: (0..<random.int(0...2)).map { _ in random.text() }))
        case 4: body = .feedback(FeedbackRecord(by: random.text(), text: random.text()))
        case 5: body = .exit(ExitRecord(by: random.text(), who: random.maybe { $0.text() }, reason: random.maybe { $0.text() }))
        case 6: body = .trainingNeed(TrainingNeedRecord(text: random.text()))
        case 7:
            body = .schedule(
                ScheduleChangeRecord(
                    number: random.int(-3...40), cancelled: random.bool(), to: random.maybe { $0.date() },
                    time: random.bool() ? ClockTime(hour: random.int(0...23), minute: random.int(0...59)) : nil,
                    location: random.maybe { $0.text() }, reason: random.maybe { $0.text() }))
        default: body = .void(VoidRecord(event: random.text(), reason: random.text()))
        }
        return ProgressEvent(id: random.text(), program: random.text(), group: random.text(), date: random.date(), body: body)
    }

    /// What JSONDecoder makes of `text`, or nil when it refuses it.
    static func reference(_ text: String) -> ProgressEvent? {
        try? JSONDecoder().decode(ProgressEvent.self, from: Data(text.utf8))
    }

    @Test("every event the journal's encoder writes is read back the same, compact or pretty")
    func roundTrip() throws {
        var random = Random(state: 2027)
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted]
        for _ in 0..<3_000 {
            let event = Self.event(&random)
            for encoder in [compact, pretty] {
                let text = String(decoding: try encoder.encode(event), as: UTF8.self)
                #expect(EventJSON.decode(text) == event, "\(text)")
            }
        }
    }

    @Test("damaged or unusual text: the fast reader gives JSONDecoder's event or steps aside, never another event")
    func mutations() throws {
        var random = Random(state: 11)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var stepped = 0
        var read = 0
        let insertions = [
            "1.5", "null", "\"x\"", "-0", "1e2", "99999999999999999999", "[", "}", ",", "\\u0041", "\\ud83d\\ude00",
            "\\udc00", "\\q", " ", "\"kind\":\"exit\",", "true", "{}", "00",
        ]
        for _ in 0..<4_000 {
            var bytes = Array(try encoder.encode(Self.event(&random)))
            for _ in 0..<random.int(1...2) {
                let at = random.int(0...bytes.count - 1)
                switch random.int(0...2) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: Array(insertions[random.int(0...insertions.count - 1)].utf8), at: at)
                default: bytes[at] = UInt8(random.int(0x20...0x7E))
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let fast = EventJSON.decode(text)
            let expected = Self.reference(text)
            if let fast {
                read += 1
                #expect(fast == expected, "the fast reader read \(text) differently from JSONDecoder")
            } else {
                stepped += 1
            }
        }
        #expect(read > 100 && stepped > 100, "both paths were exercised: \(read) read, \(stepped) stepped aside")
    }

    @Test("the kinds of text that go to JSONDecoder")
    func stepsAside() {
        let event =
            #"{"date":"2027-02-08","details":{"by":"a","rating":4,"answers":[]},"group":"g","id":"1","kind":"check-in","program":"p"}"#
        #expect(EventJSON.decode(event) != nil)
        #expect(EventJSON.decode(event.replacingOccurrences(of: "\"rating\":4", with: "\"rating\":4.0")) == nil)
        #expect(EventJSON.decode(event.replacingOccurrences(of: "\"by\":\"a\"", with: "\"by\":\"a\",\"by\":\"b\"")) == nil)
        #expect(EventJSON.decode(event.replacingOccurrences(of: "check-in", with: "meeting-held")) == nil)
        #expect(EventJSON.decode(event + "x") == nil)
    }
}

struct EventJSONEncodingTests {
    @Test("the fast encoder writes what JSONEncoder writes, byte for byte")
    func sameBytes() throws {
        var random = EventJSONTests.Random(state: 99)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for _ in 0..<3_000 {
            let event = EventJSONTests.event(&random)
            let expected = String(decoding: try encoder.encode(event), as: UTF8.self)
            #expect(EventJSON.encode(event) == expected)
            #expect(EventJSON.decode(EventJSON.encode(event)) == event)
        }
    }
}

struct EventJSONListTests {
    @Test("an export's list is read whole by the fast reader, or handed to JSONDecoder when any element is unsure")
    func list() throws {
        var random = EventJSONTests.Random(state: 5)
        let events = (0..<50).map { _ in EventJSONTests.event(&random) }
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys]
        let text = String(decoding: try pretty.encode(events), as: UTF8.self)
        #expect(EventJSON.decodeList(text) == events)
        #expect(EventJSON.decodeList("[]") == [])
        #expect(EventJSON.decodeList(" [ ] \n") == [])
        #expect(EventJSON.decodeList(text.replacingOccurrences(of: "\"kind\" : \"", with: "\"kind\" : \"x")) == nil)
        #expect(EventJSON.decodeList(String(text.dropLast(2))) == nil, "an unfinished list")
        #expect(EventJSON.decodeList("{}") == nil)
    }

    /// `text` read in `ways` shares side by side.
    static func shared(_ text: String, ways: Int) -> [ProgressEvent]? {
        var text = text
        return text.withUTF8 { EventJSON.decodeList($0, ways: ways) }
    }

    @Test("read in shares side by side, a list gives what one reader gives, in the file's order")
    func shares() throws {
        var random = EventJSONTests.Random(state: 17)
        let events = (0..<5_000).map { _ in EventJSONTests.event(&random) }
        for formatting in [[.prettyPrinted, .sortedKeys], [.sortedKeys]] as [JSONEncoder.OutputFormatting] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = formatting
            let text = String(decoding: try encoder.encode(events), as: UTF8.self)
            for ways in [1, 2, 3, 8] { #expect(Self.shared(text, ways: ways) == events, "\(ways) shares") }
        }
        #expect(Self.shared("[]", ways: 2) == [])
        #expect(Self.shared(" [ ] \n", ways: 2) == [])
        #expect(Self.shared("{}", ways: 2) == nil)
        #expect(Self.shared("[1]", ways: 2) == nil)
        #expect(Self.shared("[{}", ways: 2) == nil)
    }

    @Test("a damaged list: the shared reader gives what one reader gives (nil, or the same events)")
    func damagedShares() throws {
        var random = EventJSONTests.Random(state: 23)
        let events = (0..<2_100).map { _ in EventJSONTests.event(&random) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let original = Array(try encoder.encode(events))
        let insertions = ["{", "}", "[", "]", ",", "\"", "\\", " ", "{}", "1"]
        var refused = 0
        for _ in 0..<60 {
            var bytes = original
            let at = random.int(0...bytes.count - 1)
            switch random.int(0...2) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(contentsOf: Array(insertions[random.int(0...insertions.count - 1)].utf8), at: at)
            default: bytes[at] = UInt8(random.int(0x20...0x7E))
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let one = EventJSON.decodeList(text)
            if one == nil { refused += 1 }
            #expect(Self.shared(text, ways: 3) == one, "damaged at \(at)")
        }
        #expect(refused > 10, "damage was seen: \(refused) lists refused")
    }
}

/// What the event tests draw besides numbers: short texts with the characters JSON escapes,
/// optional values, and dates.
extension SplitMix64 {
    mutating func text() -> String {
        let pieces = ["a", "Z", " ", "é", "\"", "\\", "/", "\n", "\t", "\u{1}", "😀", "<b>", "日本", "\u{2028}", "x"]
        return (0..<int(0...6)).map { _ in pieces[int(0...pieces.count - 1)] }.joined()
    }
    mutating func maybe<T>(_ make: (inout SplitMix64) -> T) -> T? { bool() ? make(&self) : nil }
    mutating func date() -> CalendarDate { CalendarDate(year: int(2020...2030), month: int(1...12), day: int(1...28))! }
}
