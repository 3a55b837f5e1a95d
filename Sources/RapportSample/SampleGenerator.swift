import Foundation
import RapportCore

/// Generates a believable B2B customer base with all eight tables, from a
/// seed. The demo site in `content/` is this generator's output for
/// `SampleGenerator.demo`; `rapport sample` uses it for any size.
public struct SampleGenerator {
    public struct Options: Sendable {
        public var accounts: Int
        public var seed: UInt64
        /// The last day with data: the demo's as-of date.
        public var end: Day
        /// Months of order history before `end`.
        public var months: Int

        public init(accounts: Int, seed: UInt64, end: Day = Day(year: 2026, month: 11, day: 16)!, months: Int = 26) {
            self.accounts = accounts
            self.seed = seed
            self.end = end
            self.months = months
        }
    }

    /// The options that produce the committed demo in `content/data`.
    public static let demo = Options(accounts: 64, seed: 2026)

    let options: Options

    public init(_ options: Options) { self.options = options }

    enum Band: String { case small, mid, large }

    /// How an account behaves over the generated history.
    enum Health { case healthy, slipping, churned, troubled }

    struct AccountPlan {
        var id: String
        var name: String
        var industry: String
        var band: Band
        var employees: Int
        var region: String
        var owner: String
        var customerSince: Day
        var budget: Int?
        var lastReview: Day?
        var community: Bool
        var perks: Bool
        var families: [String]
        var health: Health
        var neglected: Bool
        var rate: Double
    }

    /// Table name → CSV text, in the canonical column order of docs/reference.md#the-tables-csv-schema.
    public func tables() -> [(name: String, csv: String)] {
        var random = SeededRandom(seed: options.seed)
        let plans = planAccounts(&random)
        return [
            ("accounts", accountsCSV(plans)),
            ("reps", repsCSV()),
            ("products", productsCSV()),
            ("orders", ordersCSV(plans, &random)),
            ("tickets", ticketsCSV(plans, &random)),
            ("interactions", interactionsCSV(plans, &random)),
            ("feedback", feedbackCSV(plans, &random)),
            ("referrals", referralsCSV(plans, &random)),
            ("prospects", prospectsCSV()),
        ]
    }

    // MARK: - Prospects

    /// Companies the reps are courting: about one per 50 accounts (at least
    /// a dozen), across industries and sizes, with meetings around the end
    /// date. The first is in an industry no customer is in and the second
    /// has no size, so the portal's fall-backs show. Drawn from their own
    /// seeded stream: adding them changed no other table.
    func prospectsCSV() -> String {
        var random = SeededRandom(seed: options.seed &+ 0x5052_4F53)
        var csv = CSVWriter(header: TableColumns.prospects)
        let count = max(12, options.accounts / 50)
        let width = max(3, String(count).count)
        let stages = ["lead", "qualified", "proposal"]
        let owners = reps
        for index in 0..<count {
            let number = String(index + 1)
            let id = "P" + String(repeating: "0", count: width - number.count) + number
            let industry = index == 0 ? "Mining" : Catalog.industries[index % Catalog.industries.count]
            let prefix = Catalog.namePrefixes[(index * 7 + 3) % Catalog.namePrefixes.count]
            let suffix = index == 0 ? "Minerals" : random.pick(Catalog.nameSuffixes[industry]!)
            let employees: String
            switch index {
            case 1: employees = ""
            case _ where index % 3 == 0: employees = String(random.int(1_000...4_000))
            case _ where index % 3 == 1: employees = String(random.int(60...900))
            default: employees = String(random.int(8...45))
            }
            let meeting = options.end.adding(days: random.int(-10...20))
            csv.append([
                id, "\(prefix) \(suffix)", industry, employees, random.pick(Catalog.regions),
                owners[index % owners.count].id, stages[random.int(0...2)], meeting.iso,
                random.chance(0.5) ? "Met at a trade show; asked about \(random.pick(Catalog.valueThemes))." : "",
            ])
        }
        return csv.text
    }

    /// Writes `data/*.csv` under `directory` (creating it).
    public func writeData(to directory: String) throws {
        let data = directory + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        for table in tables() {
            try Data(table.csv.utf8).write(to: URL(fileURLWithPath: data + "/" + table.name + ".csv"))
        }
    }

    var start: Day {
        let (year, month, _) = options.end.components
        let index = year * 12 + (month - 1) - (options.months - 1)
        return Day(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    // MARK: - Accounts

    /// About one rep per 150 accounts (at least the demo's four), half in
    /// each team, a manager per eight reps: a 100,000-account sample has
    /// hundreds of reps, not four with 25,000 accounts each.
    var reps: [(id: String, name: String, email: String, team: String, manager: String)] {
        let count = max(Catalog.reps.count, (options.accounts + 149) / 150 + (options.accounts + 149) / 150 % 2)
        guard count > Catalog.reps.count else { return Catalog.reps }
        let width = max(2, String(count).count)
        var result = Catalog.reps
        for index in Catalog.reps.count..<count {
            let number = String(index + 1)
            let id = "R" + String(repeating: "0", count: width - number.count) + number
            let first = Catalog.firstNames[index % Catalog.firstNames.count]
            let last = Catalog.lastNames[(index / Catalog.firstNames.count + index) % Catalog.lastNames.count]
            let name =
                first + " " + last + (index >= Catalog.firstNames.count * Catalog.lastNames.count ? " \(number)" : "")
            let team = index % 4 < 2 ? "Enterprise" : "Commercial"
            let manager = Catalog.managerNames[(index / 8) % Catalog.managerNames.count]
            result.append(
                (id, name, "\(first.lowercased()).\(last.lowercased()).\(number)@northwind.example", team, manager))
        }
        return result
    }

    var enterpriseReps: [(id: String, name: String, email: String, team: String, manager: String)] {
        reps.filter { $0.team == "Enterprise" }
    }

    var commercialReps: [(id: String, name: String, email: String, team: String, manager: String)] {
        reps.filter { $0.team == "Commercial" }
    }

    func planAccounts(_ random: inout SeededRandom) -> [AccountPlan] {
        var names: Set<String> = []
        let enterpriseReps = enterpriseReps, commercialReps = commercialReps
        let width = max(4, String(options.accounts).count)
        return (0..<options.accounts).map { index in
            let industry = Catalog.industries[index % Catalog.industries.count]
            var name = ""
            for attempt in 0..<30 {
                name = random.pick(Catalog.namePrefixes) + " " + random.pick(Catalog.nameSuffixes[industry]!)
                if attempt == 29 { name += " \(index + 1)" }
                if !names.contains(name) { break }
            }
            names.insert(name)
            if random.chance(0.1) { name += ", Inc." }
            let roll = random.unit()
            let band: Band = roll < 0.4 ? .small : roll < 0.8 ? .mid : .large
            let employees: Int
            switch band {
            case .small: employees = random.int(8...49)
            case .mid: employees = [50, 80, 120, 200, 350, 600, 900][random.int(0...6)] + random.int(0...40)
            case .large: employees = random.int(1_000...12_000)
            }
            let enterprise = band == .large || (band == .mid && random.chance(0.3))
            let owner = random.pick(enterprise ? enterpriseReps : commercialReps).id
            let isNew = random.chance(0.1)
            let since =
                isNew
                ? start.adding(days: random.int(60...(options.end.days(since: start) - 90)))
                : Day(year: random.int(2012...2023), month: random.int(1...12), day: random.int(1...28))!
            let budgetRange: ClosedRange<Int> =
                band == .small ? 20...60 : band == .mid ? 60...300 : 300...1_500
            let healthRoll = random.unit()
            let health: Health =
                index % 16 == 5
                ? .slipping
                : healthRoll < 0.05
                    ? .churned : healthRoll < 0.12 ? .troubled : healthRoll < 0.18 ? .slipping : .healthy
            var families = ["Consumables"]
            families.append(random.chance(0.6) ? "Sensors" : "Controllers")
            let extra = band == .small ? random.int(0...1) : band == .mid ? random.int(0...3) : random.int(1...4)
            for family in random.shuffle(Catalog.families).prefix(extra) where !families.contains(family) {
                families.append(family)
            }
            let baseRate = band == .small ? 1.25 : band == .mid ? 2.5 : 4.5
            return AccountPlan(
                id: "ACC-" + String(repeating: "0", count: max(0, width - String(index + 1).count)) + String(index + 1),
                name: name, industry: industry, band: band, employees: employees, region: random.pick(Catalog.regions),
                owner: owner, customerSince: since,
                budget: random.chance(0.8) ? random.int(budgetRange) * 1_000 : nil,
                lastReview: random.chance(0.85) ? options.end.adding(days: -random.int(10...150)) : nil,
                community: random.chance(0.3), perks: random.chance(0.25), families: families.sorted(),
                health: health, neglected: random.chance(0.12), rate: baseRate * (0.6 + random.unit() * 0.8))
        }
    }

    func accountsCSV(_ plans: [AccountPlan]) -> String {
        var csv = CSVWriter(header: TableColumns.accounts)
        for plan in plans {
            csv.append([
                plan.id, plan.name, plan.industry, String(plan.employees), plan.region, plan.owner,
                plan.customerSince.iso, plan.budget.map(String.init) ?? "", plan.lastReview?.iso ?? "",
                plan.health == .churned ? "inactive" : "active", plan.community ? "yes" : "no",
                plan.perks ? "yes" : "no",
            ])
        }
        return csv.text
    }

    func repsCSV() -> String {
        var csv = CSVWriter(header: TableColumns.reps)
        for rep in reps { csv.append([rep.id, rep.name, rep.email, rep.team, rep.manager]) }
        return csv.text
    }

    func productsCSV() -> String {
        var csv = CSVWriter(header: TableColumns.products)
        for item in Catalog.items {
            csv.append([
                item.sku, item.name, item.family, item.kind, String(item.price),
                item.replacementMonths.map(String.init) ?? "",
            ])
        }
        return csv.text
    }

    // MARK: - Orders

    /// Relative order volume by calendar month: budgets flush in March, June
    /// and at the fiscal year end; August and late December are quiet.
    static let seasonality: [Double] = [0.8, 0.9, 1.3, 1.0, 1.0, 1.25, 0.9, 0.6, 1.15, 1.3, 1.1, 0.7]

    /// The rate multiplier an account's health gives on `day`.
    func activity(_ plan: AccountPlan, on day: Day) -> Double {
        let daysBeforeEnd = options.end.days(since: day)
        switch plan.health {
        case .healthy, .troubled: return 1
        case .slipping: return daysBeforeEnd < 160 ? 0.15 : 1
        case .churned: return daysBeforeEnd < 240 ? 0 : 1
        }
    }

    func ordersCSV(_ plans: [AccountPlan], _ random: inout SeededRandom) -> String {
        struct Line {
            var account: String
            var date: Day
            var sequence: Int
            var sku: String
            var quantity: Int
            var cents: Int64
        }
        var lines: [Line] = []
        var sequence = 0
        for plan in plans {
            let first = max(start, plan.customerSince)
            let owned = Catalog.items.filter { plan.families.contains($0.family) }
            let adHoc = owned.filter { $0.family != "Software" && $0.family != "Maintenance" }
            let renewals = owned.filter { $0.family == "Software" || $0.family == "Maintenance" }
            var month = first.startOfMonth
            while month <= options.end {
                let (year, monthNumber, _) = month.components
                let lastDay = min(
                    options.end, month.adding(days: Day.daysInMonth(year: year, month: monthNumber) - 1))
                let factor = Self.seasonality[monthNumber - 1] * activity(plan, on: month)
                var orderDays: [Day] = []
                for _ in 0..<random.poisson(plan.rate * factor) {
                    orderDays.append(month.adding(days: random.int(0...lastDay.days(since: month))))
                }
                // Annual renewals fall in the month the account became a customer.
                if monthNumber == plan.customerSince.components.month, activity(plan, on: month) > 0.5,
                    !renewals.isEmpty
                {
                    let day = min(month.adding(days: plan.customerSince.components.day - 1), lastDay)
                    sequence += 1
                    for item in renewals {
                        lines.append(
                            Line(
                                account: plan.id, date: day, sequence: sequence, sku: item.sku, quantity: 1,
                                cents: Int64(item.price) * 100))
                    }
                }
                for day in orderDays where day >= first {
                    sequence += 1
                    for _ in 0..<random.int(1...3) {
                        let item = random.pick(adHoc)
                        let quantity: Int
                        switch item.kind {
                        case "consumable": quantity = random.int(2...(plan.band == .large ? 40 : 12))
                        case "service": quantity = random.int(1...2)
                        default: quantity = random.int(1...(plan.band == .small ? 2 : plan.band == .mid ? 5 : 12))
                        }
                        let discountPercent = Int64(random.int(0...12))
                        let cents = Int64(item.price * quantity) * (100 - discountPercent)
                        lines.append(
                            Line(
                                account: plan.id, date: day, sequence: sequence, sku: item.sku, quantity: quantity,
                                cents: cents))
                    }
                }
                month = lastDay.adding(days: 1)
            }
        }
        lines.sort { ($0.date, $0.account, $0.sequence) < ($1.date, $1.account, $1.sequence) }
        var csv = CSVWriter(header: TableColumns.orders)
        var orderNumbers: [Int: Int] = [:]
        for line in lines {
            let number = orderNumbers[line.sequence] ?? (100_001 + orderNumbers.count)
            orderNumbers[line.sequence] = number
            csv.append([
                line.account, line.date.iso, Money(cents: line.cents).plain, "SO-\(number)", line.sku,
                String(line.quantity),
            ])
        }
        return csv.text
    }
}

/// The canonical column order of each table, as the generator writes it.
enum TableColumns {
    static let accounts = [
        "account_id", "name", "industry", "employees", "region", "owner", "customer_since", "budget", "last_review",
        "status", "community", "perks",
    ]
    static let reps = ["rep_id", "name", "email", "team", "manager"]
    static let products = ["sku", "name", "family", "kind", "list_price", "replacement_months"]
    static let orders = ["account_id", "date", "amount", "order_id", "sku", "quantity"]
    static let tickets = [
        "ticket_id", "account_id", "opened", "resolved", "severity", "category", "contacts", "effort", "sku",
    ]
    static let interactions = ["account_id", "date", "kind", "rep", "competitor", "note"]
    static let feedback = ["account_id", "date", "nps", "themes", "quote"]
    static let referrals = ["referrer_id", "referred_id", "date"]
    static let prospects = [
        "prospect_id", "name", "industry", "employees", "region", "owner", "stage", "next_meeting", "note",
    ]
}
