import RapportAnalyze
import RapportCore

/// `exports/accounts.json`, `exports/accounts.csv` and `exports/model.json`
/// exactly as docs/reference.md#exports lists them, sorted by account id. Other tools read these
/// names: fields may be added, never renamed.
/// The exports as routes: one kind, four files.
struct AccountExports: DataFileKind {
    let name = "export"

    static let paths = [Exports.accountsJSONPath, Exports.accountsCSVPath, Exports.modelPath, Exports.prospectsPath]

    func count(_ site: PageBuilder) -> Int { Self.paths.count }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: Self.paths[item], template: nil, position: item)
    }

    /// The accounts' and prospects' exports list the playbooks each matches.
    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        route.path == Exports.modelPath ? [] : site.sortedPlaybooks.map { .playbook($0.document.id) }
    }

    func file(_ route: Route, _ site: PageBuilder) -> DataFile { Exports.file(route.path, site.portfolio, site.format) }
}

public enum Exports {
    public static let accountsJSONPath = "exports/accounts.json"
    public static let accountsCSVPath = "exports/accounts.csv"
    public static let modelPath = "exports/model.json"
    public static let prospectsPath = "exports/prospects.json"

    /// Every export, whole: for tests and small portfolios. Reasons show
    /// money after `currencySymbol`, as the pages do.
    public static func files(_ portfolio: Portfolio, currencySymbol: String) -> [OutputFile] {
        [accountsJSONPath, accountsCSVPath, modelPath, prospectsPath].map { path in
            switch file(path, portfolio, Formatting(symbol: currencySymbol)) {
            case .whole(let file): return file
            case .streamed(let file): return OutputFile(path: file.path, bytes: file.bytes)
            }
        }
    }

    /// The export at `path`; `accounts.json` as chunks of 1,000 accounts,
    /// each made across the cores when it is written.
    static func file(_ path: String, _ portfolio: Portfolio, _ format: Formatting) -> DataFile {
        // `portfolio.accounts` is sorted by id already: shared, not copied.
        switch path {
        case accountsJSONPath: return .streamed(jsonChunks(portfolio.accounts, format))
        case accountsCSVPath: return .whole(OutputFile(path: path, text: csv(portfolio.accounts, format)))
        case modelPath:
            return .whole(OutputFile(path: path, bytes: model(portfolio, format).bytes + [UInt8(ascii: "\n")]))
        default:
            return .whole(OutputFile(path: path, bytes: prospects(portfolio.prospects).bytes + [UInt8(ascii: "\n")]))
        }
    }

    static let accountsPerChunk = 1_000

    /// The same bytes as `JSON.array(accounts.map(json)).text + "\n"`, in
    /// chunks: at 100,000 accounts the file is 300 MB, and holding it whole
    /// (as strings, then bytes) was the build's peak memory.
    static func jsonChunks(_ accounts: [AccountAnalysis], _ format: Formatting) -> StreamedFile {
        let count = accounts.count
        let chunks = max(1, (count + accountsPerChunk - 1) / accountsPerChunk)
        return StreamedFile(path: accountsJSONPath, chunks: chunks) { index in
            guard count > 0 else { return Array("[]\n".utf8) }
            let range = (index * accountsPerChunk)..<min((index + 1) * accountsPerChunk, count)
            let items = Array(range).parallelMap(minimumCount: 16) { position -> [UInt8] in
                var item = Array("  ".utf8)
                json(accounts[position], format).write(to: &item, indent: 1)
                return item
            }
            var bytes: [UInt8] = index == 0 ? Array("[\n".utf8) : []
            bytes.reserveCapacity(items.reduce(4) { $0 + $1.count + 2 })
            for (offset, item) in items.enumerated() {
                bytes += item
                bytes.appendUTF8(range.lowerBound + offset == count - 1 ? "\n]\n" : ",\n")
            }
            return bytes
        }
    }

    static func money(_ amount: Money) -> JSON { .raw(amount.plain) }
    static func optionalString(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }
    static func day(_ day: Day?) -> JSON { day.map { .string($0.iso) } ?? .null }

    /// An account as `accounts.json` has it: the registry's exported
    /// figures, a dotted name's parts nested (`value.rank` → `"value":
    /// {"rank": …}`), in the registry's order.
    static func json(_ a: AccountAnalysis, _ format: Formatting) -> JSON {
        .object(
            jsonLayout.map { field in
                if let metric = field.metric { return (field.key, json(metric.read(a), format)) }
                return (field.key, .object(field.group.map { ($0.key, json($0.metric.read(a), format)) }))
            })
    }

    /// The top-level fields of `accounts.json`, made once from the registry:
    /// one figure, or a group of them under a dotted name's first part. Two
    /// fields rather than an enum of the two: an enum packs its case into
    /// the references' spare bits, where the leak sanitizer no longer sees
    /// them (fuzz/run settings reported the layout as leaked).
    struct JSONField: Sendable {
        var key: String
        var metric: AccountMetric?
        var group: [(key: String, metric: AccountMetric)] = []
    }

    static let jsonLayout: [JSONField] = {
        var order: [(key: String, single: AccountMetric?, group: Int)] = []
        var groups: [[(key: String, metric: AccountMetric)]] = []
        for metric in AccountMetrics.all where metric.export != .none {
            let parts = metric.name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                order.append((metric.name, metric, -1))
                continue
            }
            if order.last?.key != parts[0] || order.last?.single != nil {
                order.append((parts[0], nil, groups.count))
                groups.append([])
            }
            groups[groups.count - 1].append((parts[1], metric))
        }
        let fields = order.map { entry in
            JSONField(key: entry.key, metric: entry.single, group: entry.single == nil ? groups[entry.group] : [])
        }
        return fields
    }()

    static func json(_ value: MetricValue, _ format: Formatting) -> JSON {
        switch value {
        case .text(let text): return optionalString(text)
        case .money(let amount): return amount.map(money) ?? .null
        case .integer(let number): return number.map { .raw(String($0)) } ?? .null
        case .decimal(let number): return .number(number)
        case .date(let date): return day(date)
        case .flag(let flag): return .bool(flag)
        case .list(let items): return .array(items.map(JSON.string))
        case .records(let records):
            return .array(records.map { fields in .object(fields.map { ($0.key, json($0.value, format)) }) })
        case .reason(let reason): return .string(format.words(reason))
        }
    }

    /// The exported figures that are columns of `accounts.csv`, in order.
    static let csvMetrics = AccountMetrics.all.filter { $0.export == .jsonAndCSV }

    static let csvColumns = csvMetrics.map(\.name)

    /// A figure as a CSV cell: lists `;`-separated; text that a spreadsheet
    /// would run as a formula neutralised.
    static func csvCell(_ value: MetricValue, _ format: Formatting) -> String {
        switch value {
        case .text(let text): return CSVWriter.neutralised(text ?? "")
        case .money(let amount): return amount?.plain ?? ""
        case .integer(let number): return number.map { String($0) } ?? ""
        case .decimal(let number): return JSON.number(number)
        case .date(let date): return date?.iso ?? ""
        case .flag(let flag): return String(flag)
        case .list(let items): return CSVWriter.neutralised(items.joined(separator: ";"))
        case .reason(let reason): return CSVWriter.neutralised(format.words(reason))
        // A list of records is read through the metric's `csvSummary`.
        case .records: return ""
        }
    }

    /// One row per account, the JSON's fields flattened.
    static func csv(_ accounts: [AccountAnalysis], _ format: Formatting) -> String {
        var writer = CSVWriter(header: csvColumns)
        let metrics = csvMetrics
        let lines = accounts.parallelMap { a -> String in
            CSVWriter.line(
                metrics.map { metric in
                    metric.csvSummary.map { CSVWriter.neutralised($0(a)) } ?? csvCell(metric.read(a), format)
                })
        }
        writer.append(lines: lines)
        return writer.text
    }

    /// `exports/prospects.json` (docs/reference.md#exports): one object per prospect,
    /// sorted by `prospect_id`; `[]` without a prospects table.
    static func prospects(_ briefs: [ProspectBrief]) -> JSON {
        func text(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }
        return .array(
            briefs.map { brief in
                .object([
                    ("prospect_id", .string(brief.prospect.id.text)), ("name", .string(brief.prospect.name)),
                    ("industry", text(brief.prospect.industry)), ("size_band", text(brief.sizeBand)),
                    ("segment", text(brief.segment)),
                    (
                        "evidence",
                        .object([
                            ("level", .string(brief.pitch.basis.level.rawValue)),
                            ("from", .string(brief.pitch.basis.label)),
                            ("accounts", .raw(String(brief.pitch.basis.accounts))),
                            ("answers", .raw(String(brief.pitch.basis.answers))),
                            ("strength", .string(brief.pitch.basis.strength.rawValue)),
                        ])
                    ),
                    ("lead_with", .array(brief.pitch.leadWith.map { .string($0) })),
                    ("references", .array(brief.references.map { .string($0.text) })),
                    ("playbooks", .array(brief.playbooks.map { .string($0) })),
                ])
            })
    }

    static func model(_ portfolio: Portfolio, _ format: Formatting) -> JSON {
        let model = portfolio.lifetimeModel
        var members: [(String, JSON)] = []
        if let model, model.usable, let gammaGamma = model.gammaGamma {
            // Every purchase model fitted, under its own name; the briefs use `purchase_model`.
            for kind in PurchaseModel.allCases {
                guard let fit = model.fits[kind] else {
                    members.append(
                        (kind.rawValue, .object([("fitted", .bool(false)), ("reason", .string("did not converge"))])))
                    continue
                }
                let p = fit.parameters
                members.append(
                    (
                        kind.rawValue,
                        .object([
                            ("r", .number(p.r)), ("alpha", .number(p.alpha)),
                            kind == .paretonbd ? ("s", .number(p.s)) : ("a", .number(p.a)),
                            kind == .paretonbd ? ("beta", .number(p.beta)) : ("b", .number(p.b)),
                            ("log_likelihood", .number(fit.logLikelihood)),
                            ("customers", .raw(String(fit.customers))), ("converged", .bool(fit.converged)),
                        ])
                    ))
            }
            members.append(("purchase_model", .string(model.purchaseModel!.rawValue)))
            members.append(("purchase_model_reason", .string(model.choice)))
            let g = gammaGamma.parameters
            members.append(
                (
                    "gamma_gamma",
                    .object([
                        ("p", .number(g.p)), ("q", .number(g.q)), ("gamma", .number(g.gamma)),
                        ("log_likelihood", .number(gammaGamma.logLikelihood)),
                        ("customers", .raw(String(gammaGamma.customers))), ("converged", .bool(gammaGamma.converged)),
                    ])
                ))
        } else {
            let reason = model?.reason ?? "no orders"
            for kind in PurchaseModel.allCases {
                members.append((kind.rawValue, .object([("fitted", .bool(false)), ("reason", .string(reason))])))
            }
            members.append(("gamma_gamma", .object([("fitted", .bool(false)), ("reason", .string(reason))])))
        }
        if let scorer = portfolio.riskScorer { members.append(("risk", riskScorer(scorer, portfolio.lifetimeModel))) }
        members.append(("backtest", backtest(portfolio)))
        members.append(("calibration", calibration(portfolio.lifetimeModel?.calibration, format)))
        let total = portfolio.lifetimeTotal
        members.append(
            (
                "lifetime_value",
                .object([
                    ("total", .raw(total.value.plain)), ("low", .raw(total.low.plain)),
                    ("high", .raw(total.high.plain)),
                    ("accounts_with_range", .raw(String(total.accountsWithRange))),
                    ("miss", total.miss.map { .number($0) } ?? .null),
                ])
            ))
        members.append(("as_of", .string(portfolio.asOf.iso)))
        return .object(members)
    }

    /// How this build scores risk: the weights per factor (coefficients when fitted).
    static func riskScorer(_ scorer: RiskScorer, _ model: LifetimeValue.Model?) -> JSON {
        var members: [(String, JSON)] = [("weights", .string(scorer.kind.rawValue)), ("note", .string(scorer.note))]
        if scorer.kind == .fitted { members.append(("intercept", .number(scorer.intercept))) }
        members.append(
            (
                scorer.kind == .fitted ? "coefficients" : "points",
                .object(
                    RiskAnalysis.factorOrder.enumerated().map { index, name in
                        (name, scorer.assessed[index] ? .number(scorer.weights[index]) : .null)
                    })
            ))
        return .object(members)
    }

    /// `backtest` of `exports/model.json` (docs/methodology.md#how-good-are-these-scores).
    static func backtest(_ portfolio: Portfolio) -> JSON {
        guard let test = portfolio.backtest else {
            return .object([
                ("fitted", .bool(false)),
                ("reason", .string("no account had a purchase by the backtest date: too little history")),
            ])
        }
        func optional(_ value: Double?) -> JSON { value.map { .number($0) } ?? .null }
        return .object([
            ("as_of", .string(test.asOf.iso)), ("horizon_weeks", .number(test.horizonWeeks)),
            ("accounts", .raw(String(test.accounts))), ("churned", .raw(String(test.churned))),
            ("weights", .string(test.weights.rawValue)), ("note", .string(test.scorerNote)),
            (
                "risk",
                .object([
                    ("auc", optional(test.riskAUC)), ("top_decile_lift", optional(test.topDecileLift)),
                    (
                        "bands",
                        .object(
                            test.bands.map { band in
                                var fields: [(String, JSON)] = [
                                    ("accounts", .raw(String(band.accounts))), ("churned", .raw(String(band.churned))),
                                    ("revenue_12m", .raw(band.revenue12m.plain)),
                                ]
                                if let mean = band.meanPredicted { fields.append(("mean_predicted", .number(mean))) }
                                return (band.band.rawValue, .object(fields))
                            })
                    ),
                ])
            ),
            (
                "p_alive",
                .object([
                    ("model", test.pAliveModel.map { .string($0.rawValue) } ?? .null),
                    ("auc", optional(test.pAliveAUC)),
                ])
            ),
            (
                "factors",
                .object(
                    test.factorAUC.map {
                        ($0.name, .object([("auc", optional($0.auc)), ("auc_active", optional($0.activeAUC))]))
                    })
            ),
            (
                "active",
                .object([
                    ("accounts", .raw(String(test.activeAccounts))),
                    ("churned", .raw(String(test.activeChurned))), ("risk_auc", optional(test.activeRiskAUC)),
                ])
            ),
            ("value", valueBacktest(test.value)),
        ])
    }

    /// `calibration` of `exports/model.json`: the value forecast's correction,
    /// what it was learned on, its own check, and whether it is applied.
    static func calibration(_ calibration: ValueCalibration?, _ format: Formatting) -> JSON {
        guard let calibration else {
            return .object([("applied", .bool(false)), ("reason", .string("not learned: no weekly analysis"))])
        }
        var members: [(String, JSON)] = [("applied", .bool(calibration.applied))]
        if let learnedOn = calibration.learnedOn {
            members += [
                ("purchases", .number(calibration.purchases)), ("spend", .number(calibration.spend)),
                ("total", .number(calibration.total)), ("learned_on", .string(learnedOn.iso)),
            ]
        }
        if let check = calibration.check {
            members.append(
                (
                    "check",
                    .object([
                        ("window", .string(check.window.iso)), ("learned_on", .string(check.learnedOn.iso)),
                        ("ratio_before", .number(check.ratioBefore)), ("ratio_after", .number(check.ratioAfter)),
                    ])
                ))
        }
        members.append(("reason", .string(format.words(calibration.reason))))
        let range = calibration.range
        var rangeMembers: [(String, JSON)] = [("applied", .bool(range.applied)), ("width", .number(range.width))]
        if let before = range.coverageBefore { rangeMembers.append(("coverage_before", .number(before))) }
        if let after = range.coverageAfter { rangeMembers.append(("coverage_after", .number(after))) }
        rangeMembers.append(("reason", .string(format.words(range.reason))))
        members.append(("range", .object(rangeMembers)))
        return .object(members)
    }

    /// `backtest.value` of `exports/model.json`: the lifetime-value forecast
    /// made on the backtest date against what was bought in the window after.
    static func valueBacktest(_ result: Result<ValueBacktest, ValueBacktest.Missing>) -> JSON {
        let test: ValueBacktest
        switch result {
        case .success(let measured): test = measured
        case .failure(.notFitted(let reason)):
            return .object([("fitted", .bool(false)), ("reason", .string(reason))])
        }
        return .object([
            ("model", .string(test.model.rawValue)), ("accounts", .raw(String(test.accounts))),
            ("predicted_total", .raw(test.predictedTotal.plain)), ("actual_total", .raw(test.actualTotal.plain)),
            ("ratio", test.ratio.map { .number($0) } ?? .null),
            ("spearman", test.spearman.map { .number($0) } ?? .null),
            (
                "purchases",
                .object([
                    ("predicted", .number(test.predictedPurchases)), ("actual", .raw(String(test.actualPurchases))),
                ])
            ),
            ("top_decile_share", test.topDecileShare.map { .number($0) } ?? .null),
            ("interval_coverage", test.intervalCoverage.map { .number($0) } ?? .null),
            ("interval_accounts", .raw(String(test.intervalAccounts))),
            ("total_low", .raw(test.totalLow.plain)), ("total_high", .raw(test.totalHigh.plain)),
            ("total_miss", test.totalMiss.map { .number($0) } ?? .null),
            (
                "deciles",
                .array(
                    test.deciles.map { decile in
                        .object([
                            ("predicted", .raw(decile.predicted.plain)), ("actual", .raw(decile.actual.plain)),
                            ("accounts", .raw(String(decile.accounts))),
                        ])
                    })
            ),
        ])
    }
}
