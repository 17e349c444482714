import Diagnostics

/// A mentoring program as a coordinator describes it in a program file.
public struct Program: Sendable, Equatable {
    /// The program's stable key, e.g. `public-works-2027`: what the journal files its events under,
    /// and what URLs and file names use. ASCII kebab-case (``PlanFormat/isValidID(_:)``). Written as
    /// `id:` in the program file; by default the file's name without its extension
    /// (``Program/defaultID(forFile:)``). Renaming the program (`program:`) leaves it unchanged.
    public var id: String
    /// The program's name, e.g. "Public Works Mentoring 2027".
    public var name: String
    /// The program type's id, e.g. `one-to-one`.
    public var type: String
    /// The first meeting's date.
    public var starts: CalendarDate
    /// Length of the term in months (usually 12).
    public var months: Int
    /// How often groups meet.
    public var cadence: Cadence
    /// Length of each meeting.
    public var meetingMinutes: Int
    /// Months after the start at which a check-in meeting is held.
    public var checkInMonths: [Int]
    /// Start time of meetings, `HH:MM` local time, used in calendar files; a group's own
    /// `meeting-time` overrides it (``time(for:)``).
    public var meetingTime: ClockTime
    /// The IANA name of the time zone meeting times are in (`time-zone:`, e.g. `Europe/London`);
    /// `nil` leaves calendar times floating: the same clock time wherever a calendar is opened.
    public var timeZone: String?
    /// The weekday groups meet on (`day:`); `nil` meets on the start date's weekday. A group's own
    /// `day` overrides it (``day(for:)``).
    public var day: MeetingDay?
    /// Where groups meet (`location:`: a room or a video link); a group's own overrides it.
    public var location: String?
    /// Ids of the plans that supply ongoing topics; orientation, check-in and closing plans are added.
    public var plans: [String]
    /// Everyone taking part.
    public var people: [Person] { didSet { (index, emailIndex) = Self.index(people) } }
    /// The mentoring groups (pairs, circles, peer groups).
    public var groups: [ProgramGroup] { didSet { (groupIndex, membership) = (Self.index(groups), Self.membership(groups)) } }
    /// What the whole program holds besides the groups' meetings: kickoff, trainings, workshops,
    /// gatherings (`events:`).
    public var events: [ProgramEvent] = []
    /// The program's coordinators: staff who see every group of the program (without private
    /// notes) and sign in with their email like members do. Written as `coordinators:`.
    public var coordinators: [Coordinator] = []
    /// The program file's path, for diagnostics.
    public var source: String
    /// Position of each person id in `people`; programs may list tens of thousands of people.
    /// Derived from `people`, so the synthesized `==` stays right.
    private var index: [String: Int]
    /// Position of each lowercased email in `people` (the first listed wins), for sign-ins and
    /// every request of a signed-in person.
    private var emailIndex: [String: Int]
    /// Position of each group id in `groups`: a server looks a group up on every request, and a
    /// journal's rules for every event.
    private var groupIndex: [String: Int]
    /// Positions in `groups` of the groups each person id is in: a member's home page asks on
    /// every request, and a program may have thousands of groups.
    private var membership: [String: [Int]]

    /// Creates a program.
    public init(
        name: String, type: String, starts: CalendarDate, months: Int, cadence: Cadence, meetingMinutes: Int,
        checkInMonths: [Int], meetingTime: ClockTime, plans: [String], people: [Person], groups: [ProgramGroup],
        source: String, id: String? = nil
    ) {
        self.id = id ?? Self.defaultID(forFile: source)
        self.name = name
        self.type = type
        self.starts = starts
        self.months = months
        self.cadence = cadence
        self.meetingMinutes = meetingMinutes
        self.checkInMonths = checkInMonths
        self.meetingTime = meetingTime
        self.plans = plans
        self.people = people
        self.groups = groups
        self.source = source
        (index, emailIndex) = Self.index(people)
        groupIndex = Self.index(groups)
        membership = Self.membership(groups)
    }

    /// The key a program file gets when it has no `id:`: its file name without the extension,
    /// lowercased and kebab-cased ("Spring Cohort.yaml" becomes `spring-cohort`; other scripts and
    /// accents are transliterated), or `program` when nothing of the name is left.
    public static func defaultID(forFile path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        let id = PlanFormat.suggestedID(for: name)
        return id.isEmpty ? "program" : id
    }

    private static func index(_ people: [Person]) -> (ids: [String: Int], emails: [String: Int]) {
        (
            Dictionary(people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }),
            Dictionary(
                people.enumerated().compactMap { position, person in person.email.map { ($0.lowercased(), position) } },
                uniquingKeysWith: { first, _ in first })
        )
    }

    private static func index(_ groups: [ProgramGroup]) -> [String: Int] {
        Dictionary(groups.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func membership(_ groups: [ProgramGroup]) -> [String: [Int]] {
        var positions: [String: [Int]] = [:]
        for (position, group) in groups.enumerated() {
            for member in Set(group.members) { positions[member, default: []].append(position) }
        }
        return positions
    }

    /// The groups person `id` is in (as mentor, mentee or peer), in the program file's order.
    public func groups(of id: String) -> [ProgramGroup] { membership[id]?.map { groups[$0] } ?? [] }

    /// The person whose email is `address` (compared without case), if any.
    public func person(email address: String) -> Person? {
        emailIndex[address.lowercased()].map { people[$0] }
    }

    /// The coordinator whose email is `address` (compared without case), if any.
    public func coordinator(email address: String) -> Coordinator? {
        let wanted = address.lowercased()
        return coordinators.first { $0.email.lowercased() == wanted }
    }

    /// The person with `id`, if listed.
    public func person(_ id: String) -> Person? { index[id].map { people[$0] } }

    /// The group with `id`, if listed.
    public func group(_ id: String) -> ProgramGroup? { groupIndex[id].map { groups[$0] } }

    /// The time `group`'s meetings start: its own `meeting-time`, else the program's.
    public func time(for group: ProgramGroup) -> ClockTime { group.meetingTime ?? meetingTime }

    /// The day `group` meets on: its own `day`, else the program's; `nil` when neither says.
    public func day(for group: ProgramGroup) -> MeetingDay? { group.day ?? day }

    /// Where `group` meets: its own `location`, else the program's; `nil` when neither says.
    public func location(for group: ProgramGroup) -> String? { group.location ?? location }

    /// The person's display name, or the id when the person is not listed.
    public func name(of id: String) -> String { person(id)?.name ?? id }

    /// The managers above `id`, nearest first; stops at a cycle or an unknown id.
    public func chainOfCommand(above id: String) -> [String] {
        var chain: [String] = []
        var current = person(id)?.manager
        while let manager = current, !chain.contains(manager), manager != id {
            chain.append(manager)
            current = person(manager)?.manager
        }
        return chain
    }
}

/// A participant.
public struct Person: Sendable, Equatable, Codable {
    /// A unique id, e.g. an employee number.
    public var id: String
    /// The name shown on agendas.
    public var name: String
    /// Pay grade or level; higher is more senior.
    public var grade: Int?
    /// Department, for cross-department matching.
    public var department: String?
    /// The id of this person's manager.
    public var manager: String?
    /// The address sign-in links go to (`email:`), unique in the program; `nil` when not given.
    public var email: String?
    /// When the person becomes eligible to retire (`retires:`), for succession planning.
    public var retires: CalendarDate? = nil
    /// Whether the person holds a key position whose knowledge must reach a successor (`key-position:`).
    public var keyPosition = false
    /// The person whose key position this person is to take over (`successor-for:`, a person id).
    public var successorFor: String? = nil
    /// Where the person is listed in the program file.
    public var mark: Mark

    /// Creates a person.
    public init(
        id: String, name: String, grade: Int? = nil, department: String? = nil, manager: String? = nil,
        email: String? = nil, mark: Mark = Mark(line: 1, column: 1)
    ) {
        self.id = id
        self.name = name
        self.grade = grade
        self.department = department
        self.manager = manager
        self.email = email
        self.mark = mark
    }

    private enum CodingKeys: String, CodingKey { case id, name, grade, department, manager, email }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            grade: try container.decodeIfPresent(Int.self, forKey: .grade),
            department: try container.decodeIfPresent(String.self, forKey: .department),
            manager: try container.decodeIfPresent(String.self, forKey: .manager),
            email: try container.decodeIfPresent(String.self, forKey: .email))
    }
}

/// A program's coordinator: staff who run the program. Listed under `coordinators:` with an id,
/// a name and the email they sign in with.
public struct Coordinator: Sendable, Equatable {
    /// A unique id among the program's people and coordinators.
    public var id: String
    /// The name shown on pages.
    public var name: String
    /// The address sign-in links go to.
    public var email: String
    /// Where the coordinator is listed in the program file.
    public var mark: Mark

    /// Creates a coordinator.
    public init(id: String, name: String, email: String, mark: Mark = Mark(line: 1, column: 1)) {
        self.id = id
        self.name = name
        self.email = email
        self.mark = mark
    }
}

/// Email addresses as program files write them.
public enum EmailAddress {
    /// Whether `text` looks like a deliverable address: one `@`, a local part and a domain with a
    /// dot, no spaces, angle brackets, quotes or control characters, at most 254 characters. Not
    /// RFC 5322's full grammar (quoted local parts are refused): what sign-in links can be sent to.
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.utf8.count <= 254, text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.count <= 64, !domain.isEmpty
        else { return false }
        let forbidden = Set("<>()[]\\,;:\"")
        guard !text.contains(where: { forbidden.contains($0) }) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        } && !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
    }
}

/// One mentoring group: a pair, a circle (one mentor, several mentees) or a peer group.
public struct ProgramGroup: Sendable, Equatable {
    /// A unique id, e.g. `ruiz-lin`.
    public var id: String
    /// The mentor's person id; `nil` for peer groups.
    public var mentor: String?
    /// The mentees' person ids.
    public var mentees: [String]
    /// The peers' person ids (peer groups only).
    public var peers: [String]
    /// Skills the group works on (reverse mentoring's skill sessions rotate through them).
    public var skills: [String]
    /// The group's own meeting day, overriding the program's `day`.
    public var day: MeetingDay?
    /// The group's own start time, overriding the program's `meeting-time`.
    public var meetingTime: ClockTime?
    /// The group's own place (a room or a video link), overriding the program's `location`.
    public var location: String?
    /// Where the group is listed in the program file.
    public var mark: Mark

    /// Creates a group.
    public init(
        id: String, mentor: String? = nil, mentees: [String] = [], peers: [String] = [], skills: [String] = [],
        mark: Mark = Mark(line: 1, column: 1)
    ) {
        self.id = id
        self.mentor = mentor
        self.mentees = mentees
        self.peers = peers
        self.skills = skills
        self.mark = mark
    }

    /// Everyone in the group: mentor first, then mentees, then peers.
    public var members: [String] { (mentor.map { [$0] } ?? []) + mentees + peers }
}

/// How often a group meets.
public enum Cadence: Sendable, Equatable, CustomStringConvertible {
    /// Every `n` weeks.
    case weeks(Int)
    /// Every `n` months, on the same weekday of the same week of the month as the start
    /// (a start on the second Tuesday gives the second Tuesday of each later month).
    case months(Int)

    /// The words a program file may use: weekly, biweekly, monthly, every N weeks, every N months.
    public init?(_ text: String) {
        let words = text.lowercased().split(separator: " ")
        switch words {
        case ["weekly"]: self = .weeks(1)
        case ["biweekly"], ["fortnightly"]: self = .weeks(2)
        case ["monthly"]: self = .months(1)
        default:
            guard words.count == 3, words[0] == "every", let n = Int(words[1]), (1...52).contains(n) else { return nil }
            switch words[2] {
            case "week", "weeks": self = .weeks(n)
            case "month" where n <= 12, "months" where n <= 12: self = .months(n)
            default: return nil
            }
        }
    }

    /// Human wording, as a program file would say it.
    public var description: String {
        switch self {
        case .weeks(1): return "weekly"
        case .weeks(2): return "biweekly"
        case .months(1): return "monthly"
        case .weeks(let n): return "every \(n) weeks"
        case .months(let n): return "every \(n) months"
        }
    }

    /// True for cadences counted in months (their `day:` names a weekday of the month).
    public var isMonthly: Bool {
        if case .months = self { return true }
        return false
    }

    /// The `index`-th meeting date (0 is `start`).
    public func date(_ index: Int, from start: CalendarDate) -> CalendarDate {
        switch self {
        case .weeks(let n): return start.adding(days: 7 * n * index)
        case .months(let n): return start.sameWeekday(monthsLater: n * index)
        }
    }
}

/// A time of day, `HH:MM`.
public struct ClockTime: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 0 to 23.
    public var hour: Int
    /// 0 to 59.
    public var minute: Int

    /// A valid time or `nil`.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// A time known to be valid, for constants in code (never for user input).
    init(constant hour: Int, _ minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Parses `H:MM` or `HH:MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// `HH:MM`.
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}

/// The day of the week a group meets on: `tuesday` for weekly and biweekly cadences, or an
/// ordinal weekday such as `second tuesday` or `last friday` for monthly ones.
public struct MeetingDay: Sendable, Equatable, CustomStringConvertible {
    /// 1 (Monday) to 7 (Sunday), as ``CalendarDate/weekday``.
    public var weekday: Int
    /// Which such weekday of the month: 1 to 4, or -1 for the last; `nil` for a plain weekday.
    public var ordinal: Int?

    /// The weekday names, Monday first, as program files write them.
    public static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// The ordinal words, as program files write them.
    public static let ordinalWords = ["first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1]

    /// Creates a day; `nil` when `weekday` is not 1-7 or `ordinal` is not 1-4 or -1.
    public init?(weekday: Int, ordinal: Int? = nil) {
        guard (1...7).contains(weekday), ordinal.map({ (1...4).contains($0) || $0 == -1 }) ?? true else { return nil }
        self.weekday = weekday
        self.ordinal = ordinal
    }

    /// Parses `tuesday`, `second tuesday` or `last friday` (any case; `1st`, `2nd`, `3rd` and
    /// `4th` are accepted as ordinals too).
    public init?(_ text: String) {
        let words = text.lowercased().split(separator: " ").map(String.init)
        let numbered = ["1st": 1, "2nd": 2, "3rd": 3, "4th": 4]
        switch words.count {
        case 1:
            guard let index = Self.weekdayNames.firstIndex(of: words[0]) else { return nil }
            self.init(weekday: index + 1)
        case 2:
            guard let ordinal = Self.ordinalWords[words[0]] ?? numbered[words[0]],
                let index = Self.weekdayNames.firstIndex(of: words[1])
            else { return nil }
            self.init(weekday: index + 1, ordinal: ordinal)
        default:
            return nil
        }
    }

    /// `tuesday`, `second tuesday`, `last friday`.
    public var description: String {
        let name = Self.weekdayNames[weekday - 1]
        guard let ordinal else { return name }
        let word = Self.ordinalWords.first { $0.value == ordinal }?.key ?? "\(ordinal)"
        return "\(word) \(name)"
    }

    /// The first day on or after `date` that is this weekday (plain weekdays).
    public func onOrAfter(_ date: CalendarDate) -> CalendarDate {
        date.adding(days: (weekday - date.weekday + 7) % 7)
    }

    /// This ordinal weekday in the month of `date` (`second tuesday` of that month; `last` is the
    /// month's last such weekday). For a plain weekday, the first in that month.
    public func inMonth(of date: CalendarDate) -> CalendarDate {
        let first = date.adding(days: 1 - date.day)
        let firstMatch = first.adding(days: (weekday - first.weekday + 7) % 7)
        guard let ordinal, ordinal != 1 else { return firstMatch }
        if ordinal > 0 { return firstMatch.adding(days: 7 * (ordinal - 1)) }
        var last = firstMatch.adding(days: 28)
        while last.month != date.month || last.year != date.year { last = last.adding(days: -7) }
        return last
    }
}
