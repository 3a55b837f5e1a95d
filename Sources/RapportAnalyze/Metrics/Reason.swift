import RapportCore

/// Why a judgment came out as it did, as the analysis states it: words with
/// the figures left as values. Render words the values in one place
/// (`Formatting.words` in RapportRender), so money carries the site's currency and a share
/// reads the same in a brief, an export and a weekly email
/// (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one).
///
/// Written as a string literal: `"spent \(money: amount), \(percent: share) of the total"`.
/// Only text, whole numbers and the typed values below interpolate, so a
/// figure cannot slip in unformatted.
public struct Reason: Sendable, Hashable, ExpressibleByStringInterpolation {
    public enum Part: Sendable, Hashable {
        case text(String)
        case money(Money)
        /// A share in whole percent: "64 %".
        case percent(Double)
        /// A share to one decimal, for shares read side by side: "64.0 %".
        case share(Double)
        case date(Day)
    }

    public private(set) var parts: [Part]

    public init(parts: [Part] = []) { self.parts = parts }

    public init(_ text: String) { parts = text.isEmpty ? [] : [.text(text)] }

    public init(stringLiteral text: String) { self.init(text) }

    public init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

    public var isEmpty: Bool { parts.isEmpty }

    /// The words with money in cents and dates as ISO days: for ordering
    /// reasons, never for showing them.
    var orderingKey: String {
        parts.map { part in
            switch part {
            case .text(let words): return words
            case .money(let amount): return String(amount.cents)
            case .percent(let fraction), .share(let fraction): return String(fraction)
            case .date(let day): return day.iso
            }
        }.joined()
    }

    public static func + (left: Reason, right: Reason) -> Reason {
        var joined = left
        for part in right.parts { joined.append(part) }
        return joined
    }

    mutating func append(_ part: Part) {
        if case .text(let words) = part, case .text(let before)? = parts.last {
            parts[parts.count - 1] = .text(before + words)
        } else if case .text(let words) = part, words.isEmpty {
            return
        } else {
            parts.append(part)
        }
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(2 * interpolationCount + 1)
        }

        mutating func add(_ part: Part) {
            if case .text(let words) = part {
                guard !words.isEmpty else { return }
                if case .text(let before)? = parts.last {
                    parts[parts.count - 1] = .text(before + words)
                    return
                }
            }
            parts.append(part)
        }

        public mutating func appendLiteral(_ literal: String) { add(.text(literal)) }
        public mutating func appendInterpolation(_ text: String) { add(.text(text)) }
        public mutating func appendInterpolation(_ text: Substring) { add(.text(String(text))) }
        public mutating func appendInterpolation(_ number: Int) { add(.text(String(number))) }
        public mutating func appendInterpolation(money amount: Money) { add(.money(amount)) }
        public mutating func appendInterpolation(percent fraction: Double) { add(.percent(fraction)) }
        public mutating func appendInterpolation(share fraction: Double) { add(.share(fraction)) }
        public mutating func appendInterpolation(date day: Day) { add(.date(day)) }
        /// Another reason, quoted with its figures still values.
        public mutating func appendInterpolation(_ reason: Reason) { reason.parts.forEach { add($0) } }
    }
}
