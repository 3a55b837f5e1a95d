import RapportCore

/// Why a judgment came out as it did, as the analysis states it: words with
/// the figures left as values. Render words the values in one place
/// (`Formatting.words` in RapportRender), so money carries the site's
/// currency and a share reads the same in a brief, an export and a weekly
/// email (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one).
///
/// Written as a string literal: `"spent \(money: amount), \(percent: share) of the total"`.
/// Only text, whole numbers and the typed values below interpolate, so a
/// figure cannot slip in unformatted.
///
/// Kept as one string and, only when the reason has figures, one small
/// array of them with their places in it: a portfolio holds a score of
/// reasons per account, and a list of parts per reason cost 18 MB more at
/// 10,000 accounts than the strings it replaced (BENCHMARKS.md, issue 29).
public struct Reason: Sendable, Hashable, ExpressibleByStringInterpolation {
    public enum Value: Sendable, Hashable {
        case money(Money)
        /// A share in whole percent: "64 %".
        case percent(Double)
        /// A share to one decimal, for shares read side by side: "64.0 %".
        case share(Double)
        case date(Day)
    }

    /// A value and where it goes: before the `offset`-th UTF-8 byte of the words.
    struct Placed: Sendable, Hashable {
        var offset: Int
        var value: Value
    }

    /// The words without the values.
    private(set) var text: String
    private(set) var placed: [Placed]

    public init(_ text: String = "") {
        self.text = text
        placed = []
    }

    public init(stringLiteral text: String) { self.init(text) }

    public init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
        placed = stringInterpolation.placed
    }

    public var isEmpty: Bool { text.isEmpty && placed.isEmpty }

    /// The reason as words and values in order, adjacent words joined.
    public enum Part: Sendable, Hashable {
        case text(String)
        case value(Value)
    }

    public var parts: [Part] {
        var parts: [Part] = []
        var start = text.utf8.startIndex
        for item in placed {
            let end = text.utf8.index(text.utf8.startIndex, offsetBy: item.offset)
            if start < end { parts.append(.text(String(text[start..<end]))) }
            parts.append(.value(item.value))
            start = end
        }
        if start < text.endIndex { parts.append(.text(String(text[start...]))) }
        return parts
    }

    /// The words with each value as `word` says: what Render's `Formatting` calls.
    public func words(_ word: (Value) -> String) -> String {
        guard !placed.isEmpty else { return text }
        var result = ""
        var start = text.utf8.startIndex
        for item in placed {
            let end = text.utf8.index(text.utf8.startIndex, offsetBy: item.offset)
            result += text[start..<end]
            result += word(item.value)
            start = end
        }
        result += text[start...]
        return result
    }

    /// The words with money in cents and dates as ISO days: for ordering
    /// reasons, never for showing them.
    var orderingKey: String {
        words { value in
            switch value {
            case .money(let amount): return String(amount.cents)
            case .percent(let fraction), .share(let fraction): return String(fraction)
            case .date(let day): return day.iso
            }
        }
    }

    public static func + (left: Reason, right: Reason) -> Reason {
        var joined = left
        joined.append(right)
        return joined
    }

    mutating func append(_ other: Reason) {
        let shift = text.utf8.count
        text += other.text
        placed += other.placed.map { Placed(offset: $0.offset + shift, value: $0.value) }
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""
        var placed: [Placed] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func place(_ value: Value) { placed.append(Placed(offset: text.utf8.count, value: value)) }

        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ words: String) { text += words }
        public mutating func appendInterpolation(_ words: Substring) { text += words }
        public mutating func appendInterpolation(_ number: Int) { text += String(number) }
        public mutating func appendInterpolation(money amount: Money) { place(.money(amount)) }
        public mutating func appendInterpolation(percent fraction: Double) { place(.percent(fraction)) }
        public mutating func appendInterpolation(share fraction: Double) { place(.share(fraction)) }
        public mutating func appendInterpolation(date day: Day) { place(.date(day)) }
        /// Another reason, quoted with its figures still values.
        public mutating func appendInterpolation(_ reason: Reason) {
            let shift = text.utf8.count
            text += reason.text
            placed += reason.placed.map { Placed(offset: $0.offset + shift, value: $0.value) }
        }
    }
}
