import Foundation
import RapportAnalyze
import RapportCore

/// `scores/index.html`, "How good are these scores" (docs/methodology.md#how-good-are-these-scores): the build's
/// backtest in words, tables and a ROC curve.
struct ScoresPage: PageKind {
    let name = "scores"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.scoresPath, template: "scores")
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.scoresPage() }
}

extension PageBuilder {
    func scoresPage() -> Page {
        let path = Self.scoresPath
        var context = base(path: path, title: "How good are these scores", section: "")
        let settings = model.settings.scoring
        let weeks = Int(saturating: settings.backtestWeeks)
        context["weeks"] = weeks
        context["model_reason"] = portfolio.lifetimeModel?.choice ?? ""
        context["purchase_model"] = portfolio.lifetimeModel?.purchaseModel?.title ?? "none"
        let scorer = portfolio.riskScorer
        context["weights_fitted"] = scorer?.kind == .fitted
        context["weights_note"] = scorer?.note ?? ""
        context["points_by_factor"] = pointsByFactor()
        // Every name the template reads, present on every build (the template check insists).
        for key in [
            "no_backtest", "backtest_as_of", "accounts", "churned", "churn_rate", "risk_auc", "p_alive_auc",
            "p_alive_model",
            "lift", "headline", "roc_svg", "active_accounts", "active_churned", "active_risk_auc",
        ] {
            context[key] = ""
        }
        let total = portfolio.lifetimeTotal
        context["has_lifetime_total"] = total.accountsWithRange > 0
        context["lifetime_total"] =
            total.accountsWithRange > 0
            ? "This portal's forecast for the next \(Int(saturating: settings.clvHorizonWeeks)) weeks, all accounts: "
                + "\(format.money(total.value)) (likely \(format.money(total.low))–\(format.money(total.high)): "
                + (total.miss.map {
                    "customers' own chance, and the forecast's miss of \(Formatting.wholePercent($0)) on the last window)."
                } ?? "customers' own chance only; no window to measure the forecast's miss on).")
            : ""
        for key in ["value_missing", "value_headline", "value_svg", "value_model", "value_spearman", "value_coverage"] {
            context[key] = ""
        }
        context["has_value_backtest"] = false
        context["calibration_text"] = calibrationText(portfolio.lifetimeModel?.calibration)
        context["value_deciles"] = [TemplateContext]()
        context["too_few_churned"] = false
        context["calibrated"] = false
        context["bands"] = [TemplateContext]()
        context["factors"] = [TemplateContext]()
        guard let test = portfolio.backtest else {
            context["has_backtest"] = false
            context["no_backtest"] =
                "No account had bought anything by \(portfolio.asOf.adding(days: -Int(saturating: settings.backtestWeeks * 7)).iso), "
                + "\(weeks) weeks before this portal's date: there is no history yet to measure the scores against."
            return Page(path: path, template: "scores", context: context)
        }
        func percent(_ value: Double?) -> String { value.map(Percent.whole) ?? "—" }
        func decimal(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
        context["has_backtest"] = true
        context["backtest_as_of"] = test.asOf.iso
        context["accounts"] = Formatting.count(test.accounts)
        context["churned"] = Formatting.count(test.churned)
        context["churn_rate"] = percent(Double(test.churned) / Double(max(test.accounts, 1)))
        context["risk_auc"] = decimal(test.riskAUC)
        context["p_alive_auc"] = decimal(test.pAliveAUC)
        context["p_alive_model"] = test.pAliveModel?.title ?? "no model"
        context["lift"] = decimal(test.topDecileLift)
        context["too_few_churned"] = test.churned < 30
        context["active_accounts"] = Formatting.count(test.activeAccounts)
        context["active_churned"] = Formatting.count(test.activeChurned)
        context["active_risk_auc"] = decimal(test.activeRiskAUC)
        let high = test.bands[2], low = test.bands[0]
        context["headline"] =
            high.accounts > 0 && low.accounts > 0
            ? "Of the \(Formatting.count(high.accounts)) accounts this portal would have called high risk on "
                + "\(Formatting.longDate(test.asOf)), \(percent(high.churnRate)) bought nothing in the next \(weeks) "
                + "weeks, against \(percent(low.churnRate)) of the \(Formatting.count(low.accounts)) low-risk ones."
            : "On \(Formatting.longDate(test.asOf)) this portal would have called \(Formatting.count(high.accounts)) "
                + "accounts high risk and \(Formatting.count(low.accounts)) low risk; \(percent(Double(test.churned) / Double(max(test.accounts, 1)))) "
                + "of all bought nothing in the next \(weeks) weeks."
        context["bands"] = test.bands.map { band -> TemplateContext in
            [
                "band": band.band.rawValue, "band_class": "band-" + band.band.rawValue,
                "accounts": Formatting.count(band.accounts),
                "churned": Formatting.count(band.churned), "rate": percent(band.churnRate),
                "revenue": format.money(band.revenue12m), "predicted": percent(band.meanPredicted),
            ]
        }
        context["calibrated"] = test.weights == .fitted
        let handSet = RiskScorer.handSet(settings, data: RiskData())
        context["factors"] = test.factorAUC.enumerated().map { index, factor -> TemplateContext in
            [
                "label": Self.factorLabels[factor.name] ?? factor.name, "auc": decimal(factor.auc),
                "active_auc": decimal(factor.activeAUC),
                "assessed": factor.auc != nil || scorer?.assessed[index] == true,
                "points": Formatting.tenths(handSet.weights[index]),
                "coefficient": scorer?.kind == .fitted && scorer!.assessed[index]
                    ? decimal(scorer!.weights[index]) : "—",
            ]
        }
        addValueBacktest(test.value, to: &context)
        context["roc_svg"] = ROCChart.svg(
            test.roc,
            label: "ROC curve of the risk score on \(test.asOf.iso): area \(decimal(test.riskAUC)); the diagonal is a "
                + "score that knows nothing")
        return Page(path: path, template: "scores", context: context)
    }

    /// Which factors and purchase features carry weight in this build: the
    /// points each adds to a score, on average over the accounts (docs/methodology.md#how-good-are-these-scores, "Which
    /// factors carry weight").
    func pointsByFactor() -> String {
        let accounts = portfolio.accounts
        guard !accounts.isEmpty else { return "" }
        var sums: [String: Double] = [:]
        var names: [String] = []
        var notAssessed: Set<String> = []
        for account in accounts {
            for factor in account.risk.factors {
                if sums[factor.name] == nil { names.append(factor.name) }
                sums[factor.name, default: 0] += factor.points
                if !factor.assessed { notAssessed.insert(factor.name) }
            }
        }
        let means = names.filter { !notAssessed.contains($0) }.map { ($0, sums[$0]! / Double(accounts.count)) }
        func label(_ name: String) -> String { (Self.factorLabels[name] ?? name).lowercased() }
        let carrying = means.filter { $0.1 >= 0.05 }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        let none = means.filter { $0.1 < 0.05 }.map { label($0.0) }
        var sentence =
            "Where the points come from, on average over the \(Formatting.count(accounts.count)) accounts: "
            + carrying.map { "\(label($0.0)) \(Formatting.tenths($0.1))" }.joined(separator: ", ")
        if !none.isEmpty { sentence += "; no weight: " + none.joined(separator: ", ") }
        return sentence + "."
    }

    /// The value backtest's sentence, chart and table (docs/methodology.md#how-good-are-these-scores, "Value").
    func addValueBacktest(_ result: Result<ValueBacktest, ValueBacktest.Missing>, to context: inout TemplateContext) {
        let test: ValueBacktest
        switch result {
        case .success(let measured): test = measured
        case .failure(.notFitted(let reason)):
            context["value_missing"] = "No lifetime-value forecast could be made on the backtest date: \(reason)."
            return
        }
        let weeks = Int(saturating: test.horizonWeeks)
        context["has_value_backtest"] = true
        context["value_model"] = test.model.title
        context["value_spearman"] = test.spearman.map { String(format: "%.2f", $0) } ?? "—"
        var headline =
            "On \(Formatting.longDate(test.asOf)) \(test.model.title) and Gamma-Gamma would have forecast "
            + "\(format.money(test.predictedTotal)) of purchases in the next \(weeks) weeks from the "
            + "\(Formatting.count(test.accounts)) accounts that had bought by then; they bought "
            + "\(format.money(test.actualTotal))"
        if let ratio = test.ratio {
            let miss = Self.miss(ratio)
            headline += miss.hasPrefix("within") ? ": the forecast came \(miss) of it." : ": the forecast was \(miss)."
        } else {
            headline += "."
        }
        if let share = test.topDecileShare {
            headline += " The tenth it ranked highest bought \(Formatting.wholePercent(share)) of that revenue."
        }
        if let coverage = test.intervalCoverage {
            context["value_coverage"] =
                "The ranges: \(Formatting.wholePercent(coverage)) of \(Formatting.count(test.intervalAccounts)) accounts "
                + "(evenly spaced through the portfolio) bought an amount within the range their forecast would have "
                + "shown (the middle 80 % of its simulated futures); right ranges hold 80 %. The total's range ("
                + (test.totalMiss.map {
                    "customers' own chance and the \(Formatting.wholePercent($0)) miss of the window before"
                }
                    ?? "customers' own chance only: no window before to measure a miss on") + ") was "
                + "\(format.money(test.totalLow))–\(format.money(test.totalHigh)), which "
                + (test.actualTotal >= test.totalLow && test.actualTotal <= test.totalHigh ? "held" : "missed")
                + " what was bought."
        }
        context["value_headline"] = headline
        context["value_deciles"] = test.deciles.enumerated().map { index, decile -> TemplateContext in
            [
                "decile": index + 1, "accounts": Formatting.count(decile.accounts),
                "predicted": format.money(decile.predicted), "actual": format.money(decile.actual),
            ]
        }
        context["value_svg"] = CalibrationChart.svg(
            test.deciles,
            label: "Forecast against what was bought, by tenth of the accounts ranked by forecast on "
                + "\(test.asOf.iso)", money: format.compactMoney)
    }

    /// How far a forecast ÷ bought ratio is off, in words: "12 % too high", "within 1 %".
    static func miss(_ ratio: Double) -> String {
        let off = Int(saturating: (abs(ratio - 1) * 100).rounded())
        return off == 0 ? "within 1 %" : "\(off) % too \(ratio > 1 ? "high" : "low")"
    }

    /// What the value calibration did and why, in words (docs/methodology.md#how-good-are-these-scores, "Calibration").
    func calibrationText(_ calibration: ValueCalibration?) -> String {
        guard let calibration else { return "" }
        func factor(_ value: Double) -> String { String(format: "%.2f", value) }
        var text: String
        if calibration.applied, let learnedOn = calibration.learnedOn {
            text =
                "Calibrated: every fitted forecast on this portal is multiplied by \(factor(calibration.purchases)) "
                + "for purchases and \(factor(calibration.spend)) for spend per purchase (\(factor(calibration.total)) "
                + "in all), what would have made the forecast of \(learnedOn.iso) match what was bought."
        } else {
            text = "No correction is applied to the forecasts: \(format.words(calibration.reason))."
        }
        let range = calibration.range
        if range.applied, let before = range.coverageBefore, let after = range.coverageAfter {
            text +=
                " The ranges are \(range.width < 1 ? "narrowed" : "widened") to \(factor(range.width)) times their "
                + "reach from the median, what would have held 80 % of the last window's accounts: those drawn held "
                + "\(Formatting.wholePercent(before)), and the width learned one window earlier would have held "
                + "\(Formatting.wholePercent(after))."
        } else if let before = range.coverageBefore {
            text +=
                " The ranges are as drawn (they held \(Formatting.wholePercent(before)) of the last window's accounts): "
                + "\(format.words(range.reason))."
        }
        if let check = calibration.check {
            text +=
                " The check: the correction learned on the forecast of \(check.learnedOn.iso) would have taken the "
                + "forecast of \(check.window.iso) from \(Self.miss(check.ratioBefore)) to \(Self.miss(check.ratioAfter))."
        }
        return text
    }
}
