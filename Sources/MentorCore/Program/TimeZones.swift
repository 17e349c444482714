import Diagnostics
import Foundation

/// Time zones by IANA name (`Europe/London`), from the system's time zone database (tzdata).
///
/// Foundation's `TimeZone` reads that database; this wraps the little MentorKit asks of it:
/// whether a name is known, and the offsets and changes of offset a calendar file's VTIMEZONE
/// must spell out over a program's term.
public enum TimeZones {
    private static let known = Set(TimeZone.knownTimeZoneIdentifiers)

    /// Whether `name` is a time zone the system knows by that exact IANA name.
    public static func isKnown(_ name: String) -> Bool { known.contains(name) }

    /// The known name closest to `text`, for a did-you-mean.
    public static func suggestion(for text: String) -> String? {
        if let exact = known.first(where: { $0.lowercased() == text.lowercased() }) { return exact }
        let city = text.split(separator: "/").last.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") } ?? ""
        if let byCity = known.sorted().first(where: { $0.split(separator: "/").last?.lowercased() == city }) { return byCity }
        return Suggestion.closest(to: text, in: known.sorted())
    }

    /// One stretch of a zone's time: from `start` (local wall time, in the offset before it) the
    /// clock is `offset` seconds ahead of UTC.
    public struct Period: Sendable, Equatable {
        /// The local date and time the period starts, as the clock read just before it.
        public var start: LocalDateTime
        /// Seconds east of UTC before the period.
        public var offsetFrom: Int
        /// Seconds east of UTC during the period.
        public var offset: Int
        /// Daylight-saving (summer) time, or standard time.
        public var isDaylight: Bool
        /// The zone's abbreviation during the period (`BST`), when the database has one.
        public var abbreviation: String?
    }

    /// The periods of zone `name` from `first` to `last`: the one in effect at the start of
    /// `first`, then one for each change of offset before the end of `last`. Empty for an
    /// unknown name.
    public static func periods(of name: String, from first: CalendarDate, through last: CalendarDate) -> [Period] {
        guard known.contains(name), let zone = TimeZone(identifier: name) else { return [] }
        let begin = Date(timeIntervalSince1970: TimeInterval(first.daysSinceEpoch) * 86_400)
        let end = Date(timeIntervalSince1970: TimeInterval(last.daysSinceEpoch + 1) * 86_400)
        let offsetAtBegin = zone.secondsFromGMT(for: begin)
        var periods = [
            Period(
                start: LocalDateTime(utc: begin, offset: offsetAtBegin), offsetFrom: offsetAtBegin,
                offset: offsetAtBegin, isDaylight: zone.isDaylightSavingTime(for: begin),
                abbreviation: zone.abbreviation(for: begin))
        ]
        var cursor = begin
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change < end, periods.count < 1000 {
            let before = zone.secondsFromGMT(for: change.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: change)
            if before != after {
                periods.append(
                    Period(
                        start: LocalDateTime(utc: change, offset: before), offsetFrom: before, offset: after,
                        isDaylight: zone.isDaylightSavingTime(for: change), abbreviation: zone.abbreviation(for: change)))
            }
            cursor = change
        }
        return periods
    }
}

/// A wall-clock date and time without a zone.
public struct LocalDateTime: Sendable, Equatable {
    /// The day.
    public var date: CalendarDate
    /// Seconds after midnight.
    public var seconds: Int

    /// The wall time `offset` seconds east of UTC at instant `utc` (whole seconds).
    init(utc: Date, offset: Int) {
        let total = Int(utc.timeIntervalSince1970.rounded(.down)) + offset
        let days = Int((Double(total) / 86_400).rounded(.down))
        date = CalendarDate(daysSinceEpoch: days)
        seconds = total - days * 86_400
    }
}
