// libFuzzer entry point for what lies behind the parsers: the analysis of a
// small portfolio whose dates and amounts span everything the parsers
// accept (years 1 to 9999, amounts to the loader's limit) at any as-of date
// the command line accepts; the `when` language, nesting included; and the
// raw-HTML allow-list. Built by fuzz/run (not part of the package).
import RapportAnalyze
import RapportCore

/// Reads the fuzzer's bytes as a stream of choices; zeros once they run out.
struct Choices {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    mutating func byte() -> Int {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return Int(bytes[position])
    }

    mutating func number(_ count: Int) -> Int { (0..<count).reduce(0) { value, _ in value << 8 | byte() } }

    /// Any day a data file can hold, or one near `around` (most real data).
    mutating func day(around: Day) -> Day {
        if byte() & 1 == 0 { return around.adding(days: number(2) - 32768) }
        let first = Day(year: 1, month: 1, day: 1)!.ordinal, last = Day(year: 9999, month: 12, day: 31)!.ordinal
        return Day(ordinal: first + number(3) % (last - first + 1))
    }

    /// Up to the parser's largest amount, 10^13 − 0.01, in cents.
    mutating func money() -> Money {
        switch byte() & 3 {
        case 0: return Money(cents: Int64(number(2)))
        case 1: return Money(cents: -Int64(number(2)))
        case 2: return Money(cents: (byte() & 1 == 0 ? 1 : -1) * (999_999_999_999_999 - Int64(number(1))))
        default: return Money(cents: Int64(number(6)))
        }
    }

    /// What is left, as text.
    mutating func rest() -> String {
        defer { position = bytes.count }
        return position < bytes.count ? String(decoding: UnsafeBufferPointer(rebasing: bytes[position...]), as: UTF8.self) : ""
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnalysis(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let mode = input.first else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(rebasing: input.dropFirst()), as: UTF8.self)
    switch mode % 3 {
    case 0: fuzzExpression(text)
    case 1: fuzzRawHTML(text)
    default: fuzzPortfolio(UnsafeBufferPointer(rebasing: input.dropFirst()))
    }
    return 0
}

/// Any text parses or is an error with an offset inside it; what parses
/// evaluates without trapping against values of every kind.
func fuzzExpression(_ text: String) {
    let parsed: Expression
    do throws(ExpressionError) {
        parsed = try ExpressionParser.parse(text, names: MetricNames.all)
    } catch {
        precondition(error.offset >= 0 && error.offset <= text.count, "offset \(error.offset) outside the text")
        return
    }
    let values: [ExpressionType: ExpressionValue] = [
        .number: .number(3), .string: .string("high"), .bool: .bool(true),
        .date: .date(Day(year: 2026, month: 2, day: 28)!), .list: .list([.string("Sensors")]),
    ]
    _ = parsed.matches { MetricNames.all[$0].flatMap { values[$0] } ?? .missing }
    _ = parsed.matches { _ in .missing }
}

/// The filter's output is a fixed point (filtering again changes nothing),
/// and every tag left in it is on the list, without handlers.
func fuzzRawHTML(_ text: String) {
    let once = RawHTMLFilter.filter(text)
    precondition(RawHTMLFilter.filter(once) == once, "not a fixed point")
    precondition(!once.lowercased().contains("<script"), "a script tag survived")
}

/// A portfolio of up to four accounts with records anywhere in time,
/// analysed as of any supported date: no trap, and figures that are numbers.
func fuzzPortfolio(_ input: UnsafeBufferPointer<UInt8>) {
    var choices = Choices(bytes: input)
    let range = Day.asOfRange
    let asOf = Day(ordinal: range.lowerBound.ordinal + choices.number(3) % (range.upperBound.ordinal - range.lowerBound.ordinal + 1))
    var model = SiteModel()
    let accounts = 1 + choices.byte() % 4
    var symbols: [Interned<AccountID>] = []
    for index in 0..<accounts {
        var account = Account(id: AccountID("A\(index)"), name: "Account \(index)", recordNumber: index + 2)
        if choices.byte() & 1 == 1 { account.customerSince = choices.day(around: asOf) }
        if choices.byte() & 1 == 1 { account.lastReview = choices.day(around: asOf) }
        if choices.byte() & 1 == 1 { account.employees = choices.number(4) }
        if choices.byte() & 1 == 1 { account.industry = ["Mining", "Retail"][choices.byte() % 2] }
        if choices.byte() & 1 == 1 { account.budget = choices.money() }
        model.accounts.append(account)
        symbols.append(Interned(model.symbols.intern("A\(index)")))
    }
    // The loader's limit on all amounts together (Money.totalLimit).
    var total: Int64 = 0
    for line in 0..<choices.byte() % 24 {
        let account = symbols[choices.byte() % accounts]
        switch choices.byte() % 4 {
        case 0, 1:
            let date = choices.day(around: asOf), amount = choices.money()
            guard total + Int64(amount.cents.magnitude) <= Money.totalLimit else { continue }
            total += Int64(amount.cents.magnitude)
            model.orders.append(Order(account: account, date: date, amount: amount, recordNumber: line + 2))
        case 2:
            var ticket = Ticket(id: TicketID("T\(line)"), account: account, opened: choices.day(around: asOf), recordNumber: line + 2)
            if choices.byte() & 1 == 1 { ticket.resolved = choices.day(around: asOf) }
            ticket.severity = TicketSeverity.allCases[choices.byte() % TicketSeverity.allCases.count]
            model.tickets.append(ticket)
        case 3 where choices.byte() & 1 == 0:
            // Feedback: what segment evidence, pitches and prospects rest on.
            var feedback = Feedback(
                account: account, date: choices.day(around: asOf), recordNumber: line + 2)
            let score = choices.byte() % 12
            feedback.nps = score <= 10 ? score : nil
            feedback.themes = ["reliability", "price", "training"].filter { _ in choices.byte() & 1 == 1 }
            if choices.byte() & 1 == 1 { feedback.quote = "Good." }
            model.feedback.append(feedback)
        default:
            let kind = InteractionKind.allCases[choices.byte() % InteractionKind.allCases.count]
            model.interactions.append(Interaction(account: account, date: choices.day(around: asOf), kind: kind, recordNumber: line + 2))
        }
    }
    for index in 0..<choices.byte() % 3 {
        var prospect = Prospect(id: ProspectID("P\(index)"), name: "Prospect", recordNumber: index + 2)
        if choices.byte() & 1 == 1 { prospect.industry = ["Mining", "Retail"][choices.byte() % 2] }
        if choices.byte() & 1 == 1 { prospect.employees = choices.number(4) }
        if choices.byte() & 1 == 1 { prospect.nextMeeting = choices.day(around: asOf) }
        model.prospects.append(prospect)
    }
    if choices.byte() & 1 == 1 {
        model.settings.pitch.someAnswers = 1 + choices.byte() % 3
        model.settings.pitch.strongAnswers = model.settings.pitch.someAnswers + choices.byte() % 3
    }
    let portfolio = Analyzer.weekly(model, asOf: asOf)
    for segment in portfolio.segments {
        precondition(segment.pitch.basis.answers <= segment.pitch.basis.accounts, "more answers than customers")
        precondition(segment.pitch.own.themes.allSatisfy { (0...1).contains($0.share) }, "a share outside 0…1")
    }
    precondition(portfolio.prospects.count == model.prospects.count)
    for account in portfolio.accounts {
        precondition(!account.value.share12m.isNaN, "share is not a number")
        precondition((0...100).contains(account.risk.score), "risk score \(account.risk.score)")
    }
}
