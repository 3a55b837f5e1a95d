import RapportAnalyze
import RapportCore

/// How numbers and dates read on the page. One place, so every page,
/// placeholder, reason and export agrees.
struct Formatting {
    /// "64 %": a share in whole percent, as the pages show it.
    static func wholePercent(_ fraction: Double) -> String { Percent.whole(fraction) }

    let symbol: String

    func money(_ amount: Money) -> String {
        amount.display(symbol: symbol)
    }

    func exactMoney(_ amount: Money) -> String {
        amount.cents < 0 ? "-" + symbol + Money(cents: -amount.cents).grouped : symbol + amount.grouped
    }

    /// "$12k", "$1.2M": for chart axes where space is short.
    func compactMoney(_ amount: Money) -> String {
        let value = amount.major
        let magnitude = abs(value)
        func trim(_ number: Double) -> String {
            let rounded = (number * 10).rounded() / 10
            return rounded == rounded.rounded() ? String(Int(saturating: rounded)) : String(rounded)
        }
        if magnitude >= 1_000_000_000 { return symbol + trim(value / 1_000_000_000) + "B" }
        if magnitude >= 1_000_000 { return symbol + trim(value / 1_000_000) + "M" }
        if magnitude >= 1_000 { return symbol + trim(value / 1_000) + "k" }
        return symbol + String(Int(saturating: value))
    }

    /// Where an account's last review date came from (`opportunity.last_review_source`), in words.
    static let reviewSources = [
        "last_review": "recorded review date", "review interaction": "last review meeting",
        "first order": "no review yet: first order", "none": "no review or order yet",
    ]

    /// A key figure: exact up to $10M, compact above ("$4.1B"), so the
    /// number fits its card; the exact amount goes in the card's note.
    func keyFigure(_ amount: Money) -> (value: String, exact: String?) {
        abs(amount.major) < 10_000_000 ? (money(amount), nil) : (compactMoney(amount), money(amount))
    }

    /// "12" or "12.5": to the nearest tenth, the tenth shown only when it
    /// is not 0 (risk points, effort, days).
    static func tenths(_ value: Double) -> String {
        let tenths = Int(saturating: value * 10)
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }

    /// Counts with thousands separators: "10,000".
    static func count(_ value: Int) -> String { (value < 0 ? "-" : "") + Money.groupedDigits(UInt64(value.magnitude)) }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "16 Nov 2026": unambiguous in every locale our users work in.
    static func longDate(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        return "\(dayOfMonth) \(monthNames[month - 1]) \(year)"
    }

    /// "Nov 2026" from a "2026-11" key.
    static func monthLabel(_ key: String) -> String {
        // "YYYY-MM" read as bytes: every brief labels 24 months twice.
        let bytes = Array(key.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
            bytes.allSatisfy({ $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else {
            let parts = key.split(separator: "-")
            guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return key }
            return "\(monthNames[month - 1]) \(parts[0])"
        }
        let month = Int(bytes[5] - 48) * 10 + Int(bytes[6] - 48)
        guard (1...12).contains(month) else { return key }
        return monthNames[month - 1] + " " + String(decoding: bytes[0..<4], as: UTF8.self)
    }

    /// A reason's words with its figures as every page shows them.
    func words(_ reason: Reason) -> String {
        reason.words { value in
            switch value {
            case .money(let amount): return money(amount)
            case .percent(let fraction): return Percent.whole(fraction)
            case .share(let fraction): return Percent.oneDecimal(fraction)
            case .date(let day): return day.iso
            }
        }
    }

    /// A registry figure as a brief or a playbook placeholder shows it, by
    /// its `shown`: money with the currency symbol, an owner by name,
    /// lists comma-separated, flags as yes/no, nothing as a dash.
    func figure(
        _ metric: AccountMetric, _ value: MetricValue, accounts: Int, repName: (RepID) -> String
    ) -> String {
        switch (value, metric.shown) {
        case (.text(let id?), .repName): return repName(RepID(id))
        case (.decimal(let fraction), .percent): return Percent.whole(fraction)
        case (.decimal(let fraction), .share): return Percent.oneDecimal(fraction)
        case (.integer(let rank?), .rank): return "\(rank) of \(accounts)"
        case (.integer(let days?), .days): return "\(days) days"
        case (.text(let source?), .reviewSource): return Self.reviewSources[source] ?? source
        case (.list(let items), _) where items.isEmpty: return metric.none
        case (.integer(let number?), _): return String(number)
        case (.money(let amount?), _): return money(amount)
        case (.date(let day?), _): return day.iso
        case (.list(let items), _): return items.joined(separator: ", ")
        case (.flag(let flag), _): return flag ? "yes" : "no"
        case (.text(let text?), _): return text
        case (.reason(let reason), _): return words(reason)
        default:
            let expression = value.expressionValue
            return expression == .missing ? metric.none : expression.description
        }
    }
}
