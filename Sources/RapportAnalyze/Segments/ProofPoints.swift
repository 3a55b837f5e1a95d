import RapportCore

/// What the data shows about a group of customers, each figure to be set
/// against the whole portfolio's (docs/methodology.md#how-the-figures-are-computed,
/// "Proof points"). Nil where the data has nothing to go on.
public struct ProofPoints: Sendable, Equatable {
    /// Customers who bought in the 12 months before last and again in the
    /// last 12, ÷ those who bought in the former.
    public var retention: Double?
    /// Revenue of the last 12 months ÷ the 12 before, minus 1.
    public var growth12m: Double?
    /// Years since `customer_since` (or the first order), the median customer.
    public var medianTenureYears: Double?
    /// The product family bought first most often, and the one bought next.
    public var firstFamily: String?
    public var nextFamily: String?
    /// Tickets opened in the last 12 months and resolved: median days.
    public var medianDaysToResolve: Double?
    /// Mean customer effort (1–7) over those tickets that have one.
    public var meanEffort: Double?
    /// Customers who referred at least one other, ÷ all.
    public var referrerShare: Double?
    /// The median order: lines of one order id added up, a line without one alone.
    public var typicalOrder: Money?
    public var accounts: Int

    /// The most frequent value; ties go to the first in sorted order.
    static func mode(_ values: [String]) -> String? {
        Dictionary(grouping: values, by: { $0 }).map { ($0.key, $0.value.count) }
            .min { ($1.1, $0.0) < ($0.1, $1.0) }?.0
    }

    /// What one customer contributes to the proof points: gathered once
    /// per customer (across the cores) and added up for its segment and for
    /// the portfolio, instead of reading every order twice.
    struct Facts: Sendable {
        var boughtBefore = false, boughtLast = false
        var revenueLast = Money.zero, revenueBefore = Money.zero
        var tenureYears: Double?
        var firstFamily: String?, nextFamily: String?
        var resolveDays: [Double] = [], efforts: [Double] = []
        var referrer = false
        var orderTotals: [Double] = []
    }

    static func facts(
        _ analysis: AccountAnalysis, _ history: AccountHistory, catalogue: ProductCatalogue, texts: TextStore,
        asOf: Day
    ) -> Facts {
        let lastYear = DayWindow(endingOn: asOf, length: 365)
        let yearBefore = DayWindow(endingOn: asOf.adding(days: -365), length: 365)
        var facts = Facts()
        var firstBought: [Int: Day] = [:]
        var withID: [(id: TextRef, amount: Money)] = []
        for order in history.orders where order.date <= asOf {
            if lastYear.contains(order.date) {
                facts.boughtLast = true
                facts.revenueLast = facts.revenueLast + order.amount
            } else if yearBefore.contains(order.date) {
                facts.boughtBefore = true
                facts.revenueBefore = facts.revenueBefore + order.amount
            }
            if let family = catalogue.family(order.sku), firstBought[family].map({ order.date < $0 }) ?? true {
                firstBought[family] = order.date
            }
            if let id = order.orderID {
                withID.append((id, order.amount))
            } else {
                facts.orderTotals.append(order.amount.major)
            }
        }
        // Lines of one order id added up. Lines of one order are usually
        // consecutive in the file and then share a ref: added up by ref
        // first (numbers sorted), and only those totals sorted by their text,
        // where equal ids become neighbours (refs of one id differ when its
        // lines are not consecutive). Sorting every line by its text was
        // half of the segment analysis (BENCHMARKS.md, issue 27).
        withID.sort { $0.id.index < $1.id.index }
        var byRef: [(id: TextRef, amount: Money)] = []
        for line in withID {
            if byRef.last?.id == line.id {
                byRef[byRef.count - 1].amount = byRef[byRef.count - 1].amount + line.amount
            } else {
                byRef.append(line)
            }
        }
        byRef.sort { texts.compare($0.id, $1.id) < 0 }
        // At most one total per ref: no doubling slack held per account.
        facts.orderTotals.reserveCapacity(facts.orderTotals.count + byRef.count)
        var index = 0
        while index < byRef.count {
            var total = byRef[index].amount
            var next = index + 1
            while next < byRef.count, texts.equal(byRef[next].id, byRef[index].id) {
                total = total + byRef[next].amount
                next += 1
            }
            facts.orderTotals.append(total.major)
            index = next
        }
        if let since = history.account.customerSince ?? analysis.value.firstOrder, since <= asOf {
            facts.tenureYears = Double(asOf.days(since: since)) / 365.25
        }
        let sequence = firstBought.sorted {
            ($0.value, catalogue.families[$0.key]) < ($1.value, catalogue.families[$1.key])
        }
        facts.firstFamily = sequence.first.map { catalogue.families[$0.key] }
        facts.nextFamily = sequence.count > 1 ? catalogue.families[sequence[1].key] : nil
        for ticket in history.tickets where lastYear.contains(ticket.opened) {
            guard let resolved = ticket.resolved, resolved <= asOf else { continue }
            facts.resolveDays.append(Double(resolved.days(since: ticket.opened)))
            if let effort = ticket.effort { facts.efforts.append(Double(effort)) }
        }
        facts.referrer = analysis.referrals.made > 0
        return facts
    }

    static func aggregate<Members: Collection<Facts>>(_ members: Members) -> ProofPoints {
        var retained = 0, before = 0
        var revenue = Money.zero, revenueBefore = Money.zero
        var tenures: [Double] = [], firsts: [String] = [], nexts: [String] = []
        var resolveDays: [Double] = [], efforts: [Double] = []
        var referrers = 0
        for facts in members {
            if facts.boughtBefore {
                before += 1
                if facts.boughtLast { retained += 1 }
            }
            revenue = revenue + facts.revenueLast
            revenueBefore = revenueBefore + facts.revenueBefore
            if let tenure = facts.tenureYears { tenures.append(tenure) }
            if let first = facts.firstFamily { firsts.append(first) }
            if let next = facts.nextFamily { nexts.append(next) }
            resolveDays += facts.resolveDays
            efforts += facts.efforts
            if facts.referrer { referrers += 1 }
        }
        return ProofPoints(
            retention: before > 0 ? Double(retained) / Double(before) : nil,
            growth12m: revenueBefore.cents > 0 ? revenue.major / revenueBefore.major - 1 : nil,
            medianTenureYears: Median.of(tenures), firstFamily: mode(firsts), nextFamily: mode(nexts),
            medianDaysToResolve: Median.of(resolveDays),
            meanEffort: efforts.isEmpty ? nil : efforts.reduce(0, +) / Double(efforts.count),
            referrerShare: members.isEmpty ? nil : Double(referrers) / Double(members.count),
            typicalOrder: Median.of(union: members.lazy.map(\.orderTotals)).flatMap { Money(roundingCents: $0 * 100) },
            accounts: members.count)
    }
}
