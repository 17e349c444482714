import Foundation

/// A mentoring plan template after loading: every topic complete, `extends` already applied.
public struct PlanTemplate: Sendable, Equatable, Codable {
    /// The kebab-case id, unique among loaded plans (e.g. `career`).
    public var id: String
    /// A human title, e.g. "Your career".
    public var title: String
    /// What this part of the plan is for.
    public var summary: String?
    /// The plan this one started from, if any.
    public var extends: String?
    /// Program type ids this plan fits; `nil` means every type.
    public var appliesTo: [String]?
    /// The topics, in the order they are discussed.
    public var topics: [Topic]
    /// Path of the file the plan came from (e.g. `Plans/career.yaml`).
    public var source: String

    /// Total minutes of all topics.
    public var totalMinutes: Int { topics.reduce(0) { $0 + $1.minutes } }

    /// True when the plan may be used by the program type `typeID`.
    public func applies(to typeID: String) -> Bool { appliesTo?.contains(typeID) ?? true }
}

/// One item of a plan: something the pair discusses in a time box.
public struct Topic: Sendable, Equatable, Codable {
    /// Kebab-case id, unique within its plan.
    public var id: String
    /// Short title shown on agendas.
    public var title: String
    /// Time box in minutes, 1 to 240.
    public var minutes: Int
    /// When in the program the topic belongs.
    public var phase: Phase
    /// Who leads the item.
    public var lead: Lead
    /// Notes on confidential topics never leave the partnership.
    public var confidential: Bool
    /// Advice for whoever leads the item.
    public var guidance: String?
    /// Questions for the pair; at least one.
    public var prompts: [String]
    /// Program types the topic fits; `nil` means every type the plan fits.
    public var appliesTo: [String]?

    /// True when the topic may be used in a program of type `typeID`.
    public func applies(to typeID: String) -> Bool { appliesTo?.contains(typeID) ?? true }
}

/// When in a program a topic belongs.
public enum Phase: String, Sendable, Codable, CaseIterable {
    /// The first meeting.
    case orientation
    /// Regular meetings.
    case ongoing
    /// The check-in meetings (six months by default).
    case checkIn = "check-in"
    /// The last meeting of the term.
    case closing
}

/// Who leads a topic.
public enum Lead: String, Sendable, Codable, CaseIterable {
    case mentor, mentee, any
}

// MARK: - Format

/// The keys of the template format, in the order documentation lists them.
public enum PlanFormat {
    /// Keys allowed at the top of a template.
    public static let planKeys = ["plan", "title", "summary", "extends", "remove", "applies-to", "topics"]
    /// Keys allowed in a topic.
    public static let topicKeys = ["id", "title", "minutes", "phase", "lead", "confidential", "guidance", "prompts", "applies-to"]
    /// Keys a topic must have unless it overrides a topic of the plan it extends.
    public static let requiredTopicKeys = ["title", "minutes", "prompts"]
    /// Allowed time box per topic, in minutes.
    public static let minutes = 1...240

    /// True for lowercase words of ASCII letters and digits joined by single hyphens: `next-level`.
    /// Ids are ASCII on purpose: they become parts of file names, links and calendar UIDs, where
    /// other letters are spelt differently by different systems (composed or not, encoded or not).
    public static func isValidID(_ id: String) -> Bool {
        var previous: UInt8 = UInt8(ascii: "-") // so a leading '-' fails like a doubled one
        for byte in id.utf8 {
            let isWordByte =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isWordByte || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-")) else { return false }
            previous = byte
        }
        return previous != UInt8(ascii: "-")
    }

    /// A valid id made from arbitrary text: "Next Level!" becomes "next-level", and other scripts
    /// and accents are transliterated rather than dropped: "Café Übung" becomes "cafe-ubung",
    /// "Straße" "strasse", "Łódź" "lodz" (ICU's Any-Latin and Latin-ASCII transforms).
    public static func suggestedID(for text: String) -> String {
        let ascii =
            text.applyingTransform(asciiTransform, reverse: false)
            ?? text.folding(options: .diacriticInsensitive, locale: nil)
        let words = ascii.lowercased().split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
        return words.joined(separator: "-")
    }

    /// Any script to Latin, then Latin to ASCII.
    private static let asciiTransform = StringTransform("Any-Latin; Latin-ASCII")
}
