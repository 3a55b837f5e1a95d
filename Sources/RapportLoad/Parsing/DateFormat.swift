import RapportCore

/// A date layout such as `YYYY-MM-DD`, `DD/MM/YYYY` or `M/D/YYYY hh:mm`, as
/// set in site.yaml. Tokens: `YYYY` year; `MM` / `DD` two-digit month and
/// day; `M` / `D` one or two digits; `MMM` English month abbreviation
/// (`Jan`…`Dec`); `hh`, `mm`, `ss` time of day (read and checked, then
/// dropped: Rapport works in days); `Z` a zone suffix (`Z` or `+hh:mm`),
/// dropped likewise. Any other character must appear as written.
public struct DateFormat: Sendable, Equatable, CustomStringConvertible {
    enum Token: Sendable, Equatable {
        case year, month2, month, monthName, day2, day, hour, minute, second, zone
        case literal(UInt8)
    }

    let tokens: [Token]
    public let description: String

    public static let iso = DateFormat(validating: "YYYY-MM-DD")!

    /// `YYYY-MM-DD`, the default, gets a straight-line parser: it is most of
    /// the dates in most exports.
    let isISO: Bool

    @inline(__always)
    static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        var values = (0, 0, 0)
        for index in [0, 1, 2, 3, 5, 6, 8, 9] {
            let digit = Int(bytes[index]) &- 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            if index < 4 {
                values.0 = values.0 * 10 + digit
            } else if index < 7 {
                values.1 = values.1 * 10 + digit
            } else {
                values.2 = values.2 * 10 + digit
            }
        }
        return Day(year: values.0, month: values.1, day: values.2)
    }

    /// nil when the pattern has no year, month and day, or a non-ASCII character.
    public init?(validating pattern: String) {
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        func run(of byte: UInt8) -> Int {
            var count = 0
            while index + count < bytes.count && bytes[index + count] == byte { count += 1 }
            return count
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte < 0x80 else { return nil }
            let count = run(of: byte)
            switch (byte, count) {
            case (UInt8(ascii: "Y"), 4): tokens.append(.year)
            case (UInt8(ascii: "M"), 3): tokens.append(.monthName)
            case (UInt8(ascii: "M"), 2): tokens.append(.month2)
            case (UInt8(ascii: "M"), 1): tokens.append(.month)
            case (UInt8(ascii: "D"), 2): tokens.append(.day2)
            case (UInt8(ascii: "D"), 1): tokens.append(.day)
            case (UInt8(ascii: "h"), 2): tokens.append(.hour)
            case (UInt8(ascii: "m"), 2): tokens.append(.minute)
            case (UInt8(ascii: "s"), 2): tokens.append(.second)
            case (UInt8(ascii: "Z"), 1): tokens.append(.zone)
            case (UInt8(ascii: "Y"), _), (UInt8(ascii: "M"), _), (UInt8(ascii: "D"), _): return nil
            default:
                for _ in 0..<count { tokens.append(.literal(byte)) }
            }
            index += count
        }
        let has = { (wanted: [Token]) in tokens.contains { wanted.contains($0) } }
        guard has([.year]), has([.month, .month2, .monthName]), has([.day, .day2]) else { return nil }
        self.tokens = tokens
        description = pattern
        isISO = pattern == "YYYY-MM-DD"
    }

    static let monthNames: [[UInt8]] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .map { Array($0.utf8) }

    /// The day written in `bytes`, or nil if they do not follow this format
    /// exactly or name an impossible date.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        if isISO { return Self.parseISO(bytes) }
        var cursor = 0
        var year = 0, month = 0, day = 0
        func digits(min: Int, max: Int) -> Int? {
            var value = 0, count = 0
            while count < max, cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                value = value * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
                count += 1
            }
            return count >= min ? value : nil
        }
        for token in tokens {
            switch token {
            case .year: guard let value = digits(min: 4, max: 4) else { return nil }; year = value
            case .month2: guard let value = digits(min: 2, max: 2) else { return nil }; month = value
            case .month: guard let value = digits(min: 1, max: 2) else { return nil }; month = value
            case .day2: guard let value = digits(min: 2, max: 2) else { return nil }; day = value
            case .day: guard let value = digits(min: 1, max: 2) else { return nil }; day = value
            case .hour: guard let value = digits(min: 1, max: 2), value < 24 else { return nil }
            case .minute, .second: guard let value = digits(min: 2, max: 2), value < 60 else { return nil }
            case .monthName:
                guard cursor + 3 <= bytes.count else { return nil }
                let name = (0..<3).map { bytes[cursor + $0] | 0x20 }
                guard let index = Self.monthNames.firstIndex(of: name) else { return nil }
                month = index + 1
                cursor += 3
            case .zone:
                guard cursor < bytes.count else { return nil }
                if bytes[cursor] == UInt8(ascii: "Z") {
                    cursor += 1
                } else {
                    guard bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") else { return nil }
                    cursor += 1
                    // Real offsets run from -12:00 to +14:00; +25:00 is a broken export.
                    guard let hours = digits(min: 2, max: 2), hours <= 14 else { return nil }
                    if cursor < bytes.count && bytes[cursor] == UInt8(ascii: ":") { cursor += 1 }
                    guard let minutes = digits(min: 2, max: 2), minutes < 60, hours < 14 || minutes == 0 else {
                        return nil
                    }
                }
            case .literal(let expected):
                guard cursor < bytes.count, bytes[cursor] == expected else { return nil }
                cursor += 1
            }
        }
        guard cursor == bytes.count else { return nil }
        return Day(year: year, month: month, day: day)
    }

    public func parse(_ text: String) -> Day? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }
}

/// The outcome of reading a date against a site's list of formats.
public enum DateReading: Equatable {
    case day(Day)
    case invalid
    /// Two formats read the same text as different days: never guessed.
    case ambiguous(Day, DateFormat, Day, DateFormat)

    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, formats: [DateFormat]) -> DateReading {
        var found: (Day, DateFormat)?
        for format in formats {
            guard let day = format.parse(bytes) else { continue }
            if let (first, firstFormat) = found {
                if first != day { return .ambiguous(first, firstFormat, day, format) }
            } else {
                found = (day, format)
            }
        }
        return found.map { .day($0.0) } ?? .invalid
    }
}
