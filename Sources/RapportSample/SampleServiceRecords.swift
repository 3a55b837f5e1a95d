import Foundation
import RapportCore

/// Tickets, interactions, feedback and referrals of the sample: the records the
/// risk factors, the pillars and the segments' evidence read (`rapport sample`).
extension SampleGenerator {
    func ticketsCSV(_ plans: [AccountPlan], _ random: inout SeededRandom) -> String {
        var csv = CSVWriter(header: TableColumns.tickets)
        var rows: [(Day, String, [String])] = []
        for plan in plans {
            let owned = Catalog.items.filter { plan.families.contains($0.family) }
            let hasMaintenance = plan.families.contains("Maintenance")
            let upkeepTrouble = !hasMaintenance && (plan.health == .troubled || plan.band != .small)
            let baseRate = plan.band == .small ? 0.08 : plan.band == .mid ? 0.15 : 0.3
            var month = max(start, plan.customerSince).startOfMonth
            while month <= options.end {
                let (year, monthNumber, _) = month.components
                let lastDay = min(options.end, month.adding(days: Day.daysInMonth(year: year, month: monthNumber) - 1))
                let trouble =
                    plan.health == .troubled || (plan.health == .slipping && options.end.days(since: month) < 300)
                let rate = baseRate * (trouble ? 3 : 1) + (upkeepTrouble ? 0.12 : 0)
                for _ in 0..<random.poisson(rate) {
                    let opened = month.adding(days: random.int(0...lastDay.days(since: month)))
                    let category =
                        upkeepTrouble && random.chance(0.6)
                        ? random.pick(["maintenance", "repair", "maintenance"]) : random.pick(Catalog.ticketCategories)
                    let severityRoll = random.unit()
                    let severity =
                        severityRoll < 0.4
                        ? "low" : severityRoll < 0.75 ? "medium" : severityRoll < 0.93 ? "high" : "critical"
                    let resolvedAfter = random.int(1...(trouble ? 45 : 20))
                    let resolved = opened.adding(days: resolvedAfter)
                    let open = resolved > options.end || random.chance(trouble ? 0.15 : 0.03)
                    let contacts = trouble ? random.int(3...7) : random.int(1...3)
                    let effort = trouble ? random.int(4...7) : random.int(1...4)
                    rows.append(
                        (
                            opened, plan.id,
                            [
                                "", plan.id, opened.iso, open ? "" : resolved.iso, severity, category, String(contacts),
                                String(effort), random.pick(owned).sku,
                            ]
                        ))
                }
                month = lastDay.adding(days: 1)
            }
        }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for (index, row) in rows.enumerated() {
            var fields = row.2
            fields[0] = "T-\(10_001 + index)"
            csv.append(fields)
        }
        return csv.text
    }

    func interactionsCSV(_ plans: [AccountPlan], _ random: inout SeededRandom) -> String {
        var rows: [(Day, String, [String])] = []
        for plan in plans {
            var month = max(start, plan.customerSince).startOfMonth
            let quietFrom = options.end.adding(days: -random.int(100...200))
            while month <= options.end {
                let (year, monthNumber, _) = month.components
                let lastDay = min(options.end, month.adding(days: Day.daysInMonth(year: year, month: monthNumber) - 1))
                let quiet =
                    (plan.neglected && month >= quietFrom)
                    || (plan.health == .churned && activity(plan, on: month) == 0)
                var kinds: [String] = []
                if !quiet {
                    for _ in 0..<random.poisson(plan.band == .small ? 0.5 : 1.0) {
                        kinds.append(random.pick(["call", "email", "email"]))
                    }
                    if plan.band != .small && random.chance(0.25) { kinds.append("meeting") }
                    if plan.band == .large && random.chance(0.12) { kinds.append("visit") }
                    if plan.community && random.chance(0.15) { kinds.append("event") }
                }
                if monthNumber % 3 == 0 { kinds.append("newsletter") }
                for kind in kinds {
                    let day = month.adding(days: random.int(0...lastDay.days(since: month)))
                    let competitorChance = plan.health == .slipping || plan.health == .troubled ? 0.12 : 0.02
                    let competitor =
                        (kind == "call" || kind == "meeting" || kind == "visit") && random.chance(competitorChance)
                        ? random.pick(Catalog.competitors) : ""
                    let note =
                        competitor.isEmpty
                        ? (kind == "newsletter" ? "" : random.pick(Catalog.notes))
                        : "Mentioned a quote from \(competitor)."
                    rows.append(
                        (
                            day, plan.id,
                            [plan.id, day.iso, kind, kind == "newsletter" ? "" : plan.owner, competitor, note]
                        ))
                }
                month = lastDay.adding(days: 1)
            }
            if let review = plan.lastReview, review >= max(start, plan.customerSince) {
                rows.append((review, plan.id, [plan.id, review.iso, "review", plan.owner, "", "Account review held."]))
            }
        }
        rows.sort { ($0.0, $0.1, $0.2[2]) < ($1.0, $1.1, $1.2[2]) }
        var csv = CSVWriter(header: TableColumns.interactions)
        for row in rows { csv.append(row.2) }
        return csv.text
    }

    /// Which value themes customers of each industry mention most.
    static let industryThemes: [String: [String]] = [
        "Manufacturing": ["reliability", "expertise", "integration"],
        "Healthcare": ["reliability", "fast support", "training"],
        "Logistics": ["delivery speed", "integration", "reliability"],
        "Retail": ["price", "ease of use", "delivery speed"],
        "Education": ["training", "ease of use", "price"],
        "Construction": ["delivery speed", "reliability", "fast support"],
        "Food & Beverage": ["reliability", "fast support", "expertise"],
        "Energy": ["expertise", "integration", "reliability"],
    ]

    func feedbackCSV(_ plans: [AccountPlan], _ random: inout SeededRandom) -> String {
        var rows: [(Day, String, [String])] = []
        for plan in plans {
            for _ in 0..<random.int(0...3) {
                let day = max(start, plan.customerSince).adding(
                    days: random.int(0...max(1, options.end.days(since: max(start, plan.customerSince)))))
                guard day <= options.end else { continue }
                let unhappy =
                    plan.health == .troubled || (plan.health == .slipping && options.end.days(since: day) < 300)
                let nps = unhappy ? random.int(2...7) : random.int(6...10)
                var themes: [String] = []
                let preferred = Self.industryThemes[plan.industry]!
                for _ in 0..<random.int(1...3) {
                    let theme = random.chance(0.7) ? random.pick(preferred) : random.pick(Catalog.valueThemes)
                    if !themes.contains(theme) { themes.append(theme) }
                }
                let quote: String
                if random.chance(0.6) {
                    quote =
                        nps >= 9
                        ? random.pick(Catalog.promoterQuotes)
                        : nps <= 6 ? random.pick(Catalog.detractorQuotes) : random.pick(Catalog.passiveQuotes)
                } else {
                    quote = ""
                }
                rows.append((day, plan.id, [plan.id, day.iso, String(nps), themes.joined(separator: ";"), quote]))
            }
        }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var csv = CSVWriter(header: TableColumns.feedback)
        for row in rows { csv.append(row.2) }
        return csv.text
    }

    func referralsCSV(_ plans: [AccountPlan], _ random: inout SeededRandom) -> String {
        var rows: [(Day, String, String)] = []
        // Referrers ordered by how long they have been customers, so the
        // candidates for an account are a prefix found by binary search
        // (filtering all accounts for each one was quadratic at 100,000).
        let referrers = plans.filter { $0.health == .healthy }.sorted {
            ($0.customerSince, $0.id) < ($1.customerSince, $1.id)
        }
        let smallReferrers = referrers.filter { $0.band == .small }
        func prefix(_ list: [AccountPlan], before day: Day) -> Int {
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle].customerSince < day { low = middle + 1 } else { high = middle }
            }
            return low
        }
        for plan in plans.sorted(by: { ($0.customerSince, $0.id) < ($1.customerSince, $1.id) }) where random.chance(0.3)
        {
            let cutoff = plan.customerSince.adding(days: -60)
            let count = prefix(referrers, before: cutoff)
            guard count > 0 else { continue }
            // Small, loyal customers refer more often than their spend suggests.
            let smallCount = prefix(smallReferrers, before: cutoff)
            let referrer =
                smallCount > 0 && random.chance(0.6)
                ? smallReferrers[random.int(0...(smallCount - 1))] : referrers[random.int(0...(count - 1))]
            rows.append((plan.customerSince.adding(days: -random.int(10...60)), referrer.id, plan.id))
        }
        rows.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var csv = CSVWriter(header: TableColumns.referrals)
        for row in rows { csv.append([row.1, row.2, row.0.iso]) }
        return csv.text
    }
}
