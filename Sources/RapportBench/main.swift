import Foundation
import Rapport
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportRender
import RapportSample

#if canImport(Glibc)
    import Glibc
#endif

/// Prints figures; never asserts on time. Usage:
///   rapport-bench csv [MEGABYTES]   parse a generated orders file into typed rows
///   rapport-bench analyze [N]       load and analyse a sample site of N accounts
///   rapport-bench exports [N]       the exports of its analysis
///   rapport-bench pages [N]         its page contexts, by kind of page
///   rapport-bench clv [CUSTOMERS]   fit the lifetime models to simulated customers
///   rapport-bench fits [N] [SEED]   each purchase model's fit in each of a build's three windows
///   rapport-bench fitcap N SEED CAP...  Pareto/NBD fitted on CAP evenly spaced customers against all
///   rapport-bench layout            bytes per record of the model's types
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A site folder with 20,000 accounts and an orders file of about
/// `megabytes` MB in the canonical layout, some names quoted.
func writeOrdersSite(megabytes: Int, to directory: String) throws -> Int {
    try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
    var random = SeededRandom(seed: 7)
    let accounts = 20_000
    var accountsCSV = CSVWriter(header: ["account_id", "name"])
    for index in 1...accounts { accountsCSV.append(["ACC-\(index)", "Account \(index), Inc."]) }
    try Data(accountsCSV.text.utf8).write(to: URL(fileURLWithPath: directory + "/data/accounts.csv"))
    try Data("title: bench\nas_of: 2026-11-16\n".utf8).write(to: URL(fileURLWithPath: directory + "/site.yaml"))
    let handle = FileManager.default.createFile(atPath: directory + "/data/orders.csv", contents: nil)
    precondition(handle)
    let file = FileHandle(forWritingAtPath: directory + "/data/orders.csv")!
    var chunk = "account_id,date,amount,order_id,sku,quantity\n"
    var written = 0
    var order = 100_000
    let target = megabytes * 1_000_000
    while written < target {
        order += 1
        let day = Day(ordinal: Day(iso: "2024-01-01")!.ordinal + random.int(0...1_000))
        let cents = random.int(100...5_000_000)
        chunk += "ACC-\(random.int(1...accounts)),\(day.iso),\(cents / 100).\(String(format: "%02d", cents % 100)),"
        chunk += "SO-\(order),SKU-\(random.int(100...999)),\(random.int(1...40))\n"
        if chunk.utf8.count > 1 << 20 {
            file.write(Data(chunk.utf8))
            written += chunk.utf8.count
            chunk = ""
        }
    }
    file.write(Data(chunk.utf8))
    written += chunk.utf8.count
    try file.close()
    return written
}

/// The analysis benchmark, in a function rather than top-level code so its
/// values are locals with ordinary lifetimes.
func benchmarkAnalysis(_ arguments: ArraySlice<String>) throws {

    // Generated once and kept: a sample site of N accounts (default 10,000).
    let accounts = arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
    let directory = try sampleSite(accounts: accounts)
    var loaded: (SiteModel, Diagnostics)?
    let loadTime = seconds { loaded = SiteLoader.load(directory: directory) }
    let (model, _) = loaded!
    let asOf = model.settings.asOf!
    var compile = Diagnostics()
    let rules = PlaybookRules.compile(model.playbooks, diagnostics: &compile)
    var portfolio: Portfolio?
    let once = seconds { portfolio = Analyzer.analyze(model, asOf: asOf, rules: rules) }
    let weekly = seconds { portfolio = Analyzer.weekly(model, asOf: asOf, rules: rules) }
    if let lifetime = portfolio?.lifetimeModel {
        let evaluations = PurchaseModel.allCases.map { "\($0.title) \(lifetime.fits[$0]?.evaluations ?? 0)" }
        let spend = lifetime.gammaGamma
        print("lifetime model: \(lifetime.reason ?? "fitted"); evaluations: \(evaluations.joined(separator: ", "))")
        print("Gamma-Gamma converged \(spend?.converged ?? false) on \(spend?.customers ?? 0) accounts")
    }
    print(
        String(
            format: "analyze: %d accounts, %d order lines, %d tickets, %d interactions; load %.2f s; "
                + "analysis %.2f s (with last week's, %.2f s); %d playbook matches; peak RSS %.0f MB",
            model.accounts.count, model.orders.count, model.tickets.count, model.interactions.count, loadTime, once,
            weekly, portfolio!.accounts.reduce(0) { $0 + $1.playbooks.count }, peakResidentMegabytes()))
}

/// The exports alone (`accounts.json`, `accounts.csv`, `model.json`,
/// `prospects.json`) from an analysed sample site: the bulk of the write
/// stage at 100,000 accounts.
func benchmarkExports(_ arguments: ArraySlice<String>) throws {
    let accounts = arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
    let directory = try sampleSite(accounts: accounts)
    var (model, diagnostics) = SiteLoader.load(directory: directory)
    let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
    let portfolio = Analyzer.weekly(model, asOf: model.settings.asOf!, rules: rules)
    model = model.releasingRecords()
    for round in 1...5 {
        var bytes = 0
        let time = seconds {
            bytes = Exports.files(portfolio, currencySymbol: model.settings.currencySymbol).reduce(0) {
                $0 + $1.bytes.count
            }
        }
        print(
            String(
                format: "exports: round %d, %d accounts, %.1f MB in %.2f s", round, accounts, Double(bytes) / 1e6, time)
        )
    }
}

/// The page contexts alone, one kind at a time on one thread: where the
/// render stage's time goes before templates and writes (issue 16).
func benchmarkPages(_ arguments: ArraySlice<String>) throws {
    let accounts = arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
    let directory = try sampleSite(accounts: accounts)
    var (model, _) = SiteLoader.load(directory: directory)
    var diagnostics = Diagnostics()
    let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
    let portfolio = Analyzer.weekly(model, asOf: model.settings.asOf!, rules: rules)
    model = model.releasingRecords()
    let builder = PageBuilder(model: model, portfolio: portfolio, briefs: WeeklyBriefs(portfolio))
    let references = builder.routeReferences().pages
    for round in 1...2 {
        var times: [String: Double] = [:], counts: [String: Int] = [:]
        for reference in references {
            var kind = ""
            let time = seconds {
                let route = builder.route(reference)
                kind = route.kind
                _ = builder.page(route)
            }
            times[kind, default: 0] += time
            counts[kind, default: 0] += 1
        }
        for (kind, time) in times.sorted(by: { $0.value > $1.value }) {
            print(String(format: "pages: round %d, %@ %d pages in %.3f s", round, kind, counts[kind]!, time))
        }
        print(String(format: "pages: round %d, all %.3f s", round, times.values.reduce(0, +)))
    }
}

/// A sample site of `accounts` accounts, generated once and kept.
func sampleSite(accounts: Int, seed: Int = 1) throws -> String {
    let directory = NSTemporaryDirectory() + "rapport-bench-analyze-\(accounts)" + (seed == 1 ? "" : "-seed\(seed)")
    if !FileManager.default.fileExists(atPath: directory + "/complete") {
        try? FileManager.default.removeItem(atPath: directory)
        try SiteScaffold.sample(accounts: accounts, seed: UInt64(seed), to: directory)
        FileManager.default.createFile(atPath: directory + "/complete", contents: nil)
    }
    return directory
}

/// Each purchase model fitted to `customers`, with the seconds it took.
func timedFits(_ customers: [CustomerSummary]) -> [(PurchaseModel, BGNBD.Fit, Double)] {
    // Chained as a build's snapshot fits them: the others start from BG/NBD's estimate.
    var seed: BGNBD.Fit?
    return PurchaseModel.allCases.map { model in
        var fit: BGNBD.Fit?
        let time = seconds { fit = model.fit(customers, from: seed?.converged == true ? seed : nil) }
        if model == .bgnbd { seed = fit }
        return (model, fit!, time)
    }
}

/// Fits every purchase model and Gamma-Gamma to customers simulated from
/// the BG/NBD process with CDNOW-like parameters (r 0.24, α 4.4, a 0.79,
/// b 2.4) over 78 weeks, and prints the time and the estimates.
func benchmarkLifetimeFit(_ arguments: ArraySlice<String>) throws {
    let count = arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
    let customers = simulateBGNBD(count: count, seed: 11, weeks: 78)
    for (model, fit, time) in timedFits(customers) {
        let p = fit.parameters
        print(
            String(
                format: "clv: %d customers; %@ %.2f s (%d evaluations, converged %@): %.4f %.4f %.4f %.4f, LL %.2f",
                count, model.title, time, fit.evaluations, fit.converged ? "yes" : "no", p.r, p.alpha, p.a, p.b,
                fit.logLikelihood))
    }
    var spend: GammaGamma.Fit?
    let spendTime = seconds { spend = GammaGamma.fit(customers) }
    print(String(format: "clv: Gamma-Gamma %.2f s on %d repeat buyers", spendTime, spend!.customers))
}

/// The purchase-model fits of a build's three windows (as of X, X − h,
/// X − 2h) on a sample site: evaluations, distinct histories and time
/// per fit, the cost issue 27 set out to cut.
func benchmarkFits(_ arguments: ArraySlice<String>) throws {
    let accounts = arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
    let seed = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 1
    let directory = try sampleSite(accounts: accounts, seed: seed)
    let (model, _) = SiteLoader.load(directory: directory)
    let asOf = model.settings.asOf!
    let history = PortfolioHistory(model, asOf: asOf)
    let lag = Int(model.settings.scoring.backtestWeeks * 7)
    for window in 0..<3 {
        let cut = window == 0 ? history : history.cut(at: asOf.adding(days: -window * lag))
        let customers = cut.accounts.compactMap { CustomerSummary(orders: $0.orders, asOf: cut.asOf) }
        let distinct = Set(customers.map { "\($0.frequency) \($0.recency) \($0.age)" }).count
        let pairs = Set(customers.flatMap { ["\($0.frequency) \($0.recency)", "\($0.frequency) \($0.age)"] }).count
        print("fits: as of \(cut.asOf.iso), \(pairs) distinct (frequency, time) pairs")
        for (purchaseModel, fit, time) in timedFits(customers) {
            let p = fit.parameters
            print(
                String(
                    format: "fits: as of %@, %d customers (%d distinct histories); %@ %.3f s, %d evaluations, "
                        + "converged %@: %.5g %.5g %.5g %.5g, LL %.4f",
                    cut.asOf.iso, customers.count, distinct, purchaseModel.title, time, fit.evaluations,
                    fit.converged ? "yes" : "no", p.r, p.alpha, p.a, p.b, fit.logLikelihood))
        }
    }
}

/// What fitting Pareto/NBD on a sample of the customers costs in accuracy,
/// per window: the fit on all of them against fits on `CAP` evenly spaced
/// ones — the parameters, the log-likelihood on all customers, the largest
/// change of any customer's P(alive) and P(no purchase in h weeks), and the
/// AUC of 1 − P(alive) for who bought nothing in the h weeks after. With
/// FITCAP_WORST set, also the customer whose P(no purchase) moved most, and
/// the first whose likelihood is not finite (how issue 27's overflow was found).
func benchmarkFitCap(_ arguments: ArraySlice<String>) throws {
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    let (accounts, seed, caps) = (numbers[0], numbers[1], Array(numbers.dropFirst(2)))
    let directory = try sampleSite(accounts: accounts, seed: seed)
    let (model, _) = SiteLoader.load(directory: directory)
    let asOf = Day(iso: "2026-11-20")!
    let history = PortfolioHistory(model, asOf: asOf)
    let weeks = model.settings.scoring.backtestWeeks
    let lag = Int(weeks * 7)
    for window in 0..<3 {
        let cut = window == 0 ? history : history.cut(at: asOf.adding(days: -window * lag))
        let positions = cut.accounts.indices.filter {
            CustomerSummary(orders: cut.accounts[$0].orders, asOf: cut.asOf) != nil
        }
        let customers = positions.map { CustomerSummary(orders: cut.accounts[$0].orders, asOf: cut.asOf)! }
        // Outcomes need the h weeks after: none for the build's own window.
        let outcomes: [Bool]? =
            window == 0
            ? nil
            : positions.map { position in
                let end = cut.asOf.adding(days: lag)
                return !history.accounts[history.index[cut.accounts[position].account.id]!].orders.contains {
                    $0.date > cut.asOf && $0.date <= end
                }
            }
        let full = ParetoNBD.fit(customers, sampleSize: .max)
        let fullAlive = customers.map { ParetoNBD.probabilityAlive($0, full.parameters) }
        let fullQuiet = customers.map { ParetoNBD.probabilityNoPurchase($0, weeks: weeks, full.parameters) }
        func auc(_ alive: [Double]) -> String {
            guard let outcomes, let value = ScoreQuality.auc(scores: alive.map { 1 - $0 }, outcomes: outcomes) else {
                return "—"
            }
            return String(format: "%.4f", value)
        }
        func describe(_ label: String, _ fit: BGNBD.Fit, _ alive: [Double], _ quiet: [Double]) {
            let p = fit.parameters
            let gap = ParetoNBD.logLikelihood(p, customers) - ParetoNBD.logLikelihood(full.parameters, customers)
            let aliveChange = zip(alive, fullAlive).map { abs($0 - $1) }.max() ?? 0
            let quietChange = zip(quiet, fullQuiet).map { abs($0 - $1) }.max() ?? 0
            if ProcessInfo.processInfo.environment["FITCAP_WORST"] != nil,
                let worst = zip(quiet, fullQuiet).enumerated().max(by: { abs($0.1.0 - $0.1.1) < abs($1.1.0 - $1.1.1) })
            {
                let c = customers[worst.offset]
                print(
                    "fitcap: worst P(quiet) x \(c.frequency) tx \(c.recency) T \(c.age): \(worst.element.1) → \(worst.element.0); "
                        + "P(alive) \(fullAlive[worst.offset]) → \(alive[worst.offset]); full \(full.parameters), this \(p)"
                )
                let terms = customers.map { ParetoNBD.logLikelihood(p, [$0]) }
                if let bad = terms.firstIndex(where: { !$0.isFinite }) {
                    print(
                        "fitcap: LL not finite for x \(customers[bad].frequency) tx \(customers[bad].recency) T \(customers[bad].age)"
                    )
                }
            }
            print(
                String(
                    format: "fitcap: seed %d, as of %@, %@: r %.4f α %.4f s %.4g β %.4g; LL on all %+.3f; "
                        + "max |ΔP(alive)| %.4f, max |ΔP(quiet %.0fw)| %.4f; AUC %@; %d evaluations",
                    seed, cut.asOf.iso, label, p.r, p.alpha, p.s, p.beta, gap, aliveChange, weeks, quietChange,
                    auc(alive), fit.evaluations))
        }
        describe("all \(customers.count)", full, fullAlive, fullQuiet)
        for cap in caps where cap < customers.count {
            let sample = (0..<cap).map { customers[$0 * customers.count / cap] }
            let fit = ParetoNBD.fit(sample, sampleSize: .max)
            describe(
                "sample \(cap)", fit, customers.map { ParetoNBD.probabilityAlive($0, fit.parameters) },
                customers.map { ParetoNBD.probabilityNoPurchase($0, weeks: weeks, fit.parameters) })
        }
    }
}

/// Bytes per record of the model's types: what memory grows by per row.
func printLayout() {
    print(
        "Order \(MemoryLayout<Order>.stride) B, Ticket \(MemoryLayout<Ticket>.stride) B, "
            + "Interaction \(MemoryLayout<Interaction>.stride) B, Feedback \(MemoryLayout<Feedback>.stride) B, "
            + "Account \(MemoryLayout<Account>.stride) B, RecordOrigin \(MemoryLayout<RecordOrigin>.stride) B, "
            + "AccountAnalysis \(MemoryLayout<AccountAnalysis>.stride) B")
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "csv":
    let megabytes = arguments.dropFirst().first.flatMap { Int($0) } ?? 100
    // Generated once per size and kept, so repeated runs (and profilers) time only the load.
    let directory = NSTemporaryDirectory() + "rapport-bench-csv-\(megabytes)"
    let ordersPath = directory + "/data/orders.csv"
    if !FileManager.default.fileExists(atPath: directory + "/complete") {
        try? FileManager.default.removeItem(atPath: directory)
        _ = try writeOrdersSite(megabytes: megabytes, to: directory)
        FileManager.default.createFile(atPath: directory + "/complete", contents: nil)
    }
    let bytes = (try FileManager.default.attributesOfItem(atPath: ordersPath)[.size] as? Int) ?? 0
    let baseline = peakResidentMegabytes()
    var orders = 0
    var errors = 0
    let time = seconds {
        let (model, diagnostics) = SiteLoader.load(directory: directory)
        orders = model.orders.count
        errors = diagnostics.errorCount
    }
    precondition(errors == 0, "the generated file should load cleanly")
    let rate = Double(bytes) / 1e6 / time
    print(
        String(
            format: "csv: %.1f MB orders (%d rows) loaded into typed rows in %.2f s = %.0f MB/s; "
                + "peak RSS %.0f MB (%.0f MB before loading)", Double(bytes) / 1e6, orders, time, rate,
            peakResidentMegabytes(), baseline))
case "analyze":
    try benchmarkAnalysis(arguments)
case "exports":
    try benchmarkExports(arguments)
case "pages":
    try benchmarkPages(arguments)
case "clv":
    try benchmarkLifetimeFit(arguments)
case "fits":
    try benchmarkFits(arguments)
case "fitcap":
    try benchmarkFitCap(arguments)
case "layout":
    printLayout()
default:
    print(
        "usage: rapport-bench csv [MEGABYTES] | analyze [ACCOUNTS] | exports [ACCOUNTS] | pages [ACCOUNTS] | clv [CUSTOMERS] | fits [ACCOUNTS] [SEED] | fitcap ACCOUNTS SEED CAP... | layout"
    )
    exit(64)
}
