/// A calendar day with no time zone: the unit every CRM date is reduced to.
///
/// Stored as days since 1970-01-01 so that windows ("the 365 days ending on the
/// as-of date") are plain integer arithmetic and never depend on the machine's
/// clock or time zone.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// The as-of dates a portal can be built for (docs/guide.md#using-it): its windows reach years before and after the
    /// as-of date, and calendar dates exist only from year 1 to 9999.
    public static let asOfRange = Day(year: 1900, month: 1, day: 1)!...Day(year: 2999, month: 12, day: 31)!

    /// Why `self` cannot be an as-of date, or nil when it can.
    public var asOfProblem: String? {
        Day.asOfRange.contains(self)
            ? nil
            : "\(iso) is outside the as-of dates Rapport supports (\(Day.asOfRange.lowerBound.iso) to "
                + "\(Day.asOfRange.upperBound.iso))"
    }

    /// Returns nil for impossible dates (month 13, 30 February, …).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        ordinal = Day.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` strictly: four-digit year, two-digit month and day.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            return nil
        }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }

    /// `YYYY-MM-DD`, written digit by digit: every table row of every page
    /// prints dates, and joining padded pieces showed in the render profile.
    public var iso: String {
        let (year, month, day) = components
        guard (0...9999).contains(year) else {
            return Day.pad(year, 4) + "-" + Day.pad(month, 2) + "-" + Day.pad(day, 2)
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func digit(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: 48 + value) }
            buffer[0] = digit(year / 1000)
            buffer[1] = digit(year / 100 % 10)
            buffer[2] = digit(year / 10 % 10)
            buffer[3] = digit(year % 10)
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = digit(month / 10)
            buffer[6] = digit(month % 10)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = digit(day / 10)
            buffer[9] = digit(day % 10)
            return 10
        }
    }

    public var description: String { iso }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    public func days(since other: Day) -> Int { ordinal - other.ordinal }

    /// First day of this day's month.
    public var startOfMonth: Day {
        let (year, month, _) = components
        return Day(ordinal: Day.daysFromCivil(year: year, month: month, day: 1))
    }

    /// "2026-11": the key for monthly series.
    public var monthKey: String {
        let (year, month, _) = components
        return Day.pad(year, 4) + "-" + Day.pad(month, 2)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-calendar algorithms: exact for the proleptic
    // Gregorian calendar and free of Foundation's time-zone handling.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A closed range of days, used for every reporting window.
public struct DayWindow: Hashable, Sendable {
    public let first: Day
    public let last: Day

    /// The `length` days ending on `last` inclusive: 365 gives "12 months".
    public init(endingOn last: Day, length: Int) {
        self.last = last
        self.first = last.adding(days: -(length - 1))
    }

    public func contains(_ day: Day) -> Bool { first <= day && day <= last }
}
