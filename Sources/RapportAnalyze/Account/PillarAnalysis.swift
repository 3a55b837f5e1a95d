import RapportCore

/// Evidence for the five loyalty pillars of Carol Roth's "Customer Loyalty
/// 3.0" (docs/methodology.md#loyalty-pillars), each 0…1
/// with a reason.
public struct Pillars: Sendable, Equatable {
    public var products: Double
    public var service: Double
    public var community: Double
    public var experiences: Double
    public var perks: Double
    public var reasons: [String: String]

    public static let names = ["products", "service", "community", "experiences", "perks"]

    public func value(_ name: String) -> Double {
        switch name {
        case "products": return products
        case "service": return service
        case "community": return community
        case "experiences": return experiences
        default: return perks
        }
    }
}

public enum PillarAnalysis {
    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    public static func compute(_ history: AccountHistory, familiesOwned: Int, catalogue: Int, asOf: Day) -> Pillars {
        let year = DayWindow(endingOn: asOf, length: 365)
        var reasons: [String: String] = [:]

        let products = catalogue > 0 ? Double(familiesOwned) / Double(catalogue) : 0
        reasons["products"] =
            catalogue > 0 ? "owns \(familiesOwned) of \(catalogue) product families" : "no product catalogue"

        // Service: how easy problems were to solve — effort scores and days to resolve.
        let resolved = history.tickets.filter { t in t.resolved.map { $0 <= asOf && year.contains($0) } ?? false }
        var scores: [Double] = []
        let efforts = resolved.compactMap(\.effort)
        if !efforts.isEmpty { scores.append(1 - (Double(efforts.reduce(0, +)) / Double(efforts.count) - 1) / 6) }
        if !resolved.isEmpty {
            let days = resolved.map { Double($0.resolved!.days(since: $0.opened)) }
            scores.append(max(0, 1 - days.reduce(0, +) / Double(days.count) / 30))
        }
        let service = scores.isEmpty ? 1 : scores.reduce(0, +) / Double(scores.count)
        if resolved.isEmpty {
            reasons["service"] = "no tickets resolved in 12 months"
        } else {
            let meanDays =
                resolved.map { Double($0.resolved!.days(since: $0.opened)) }.reduce(0, +)
                / Double(resolved.count)
            reasons["service"] =
                "\(RiskAnalysis.plural(resolved.count, "ticket")) resolved in 12 months, \(RiskAnalysis.plural(Int(saturating: meanDays), "day")) on average"
                + (efforts.isEmpty
                    ? ""
                    : ", effort \(RiskAnalysis.oneDecimal(Double(efforts.reduce(0, +)) / Double(efforts.count))) of 7")
        }

        let events = history.interactions.count { $0.kind == .event && year.contains($0.date) }
        let member = history.account.community == true
        let community = member ? 1 : min(1, Double(events) * 0.25)
        reasons["community"] =
            (member ? "community member" : "not a community member")
            + "; \(RiskAnalysis.plural(events, "event")) in 12 months"

        let experiences = history.interactions.count {
            [.event, .meeting, .visit, .review].contains($0.kind) && year.contains($0.date)
        }
        reasons["experiences"] = "\(experiences) events, meetings, visits and reviews in 12 months"

        let perks = history.account.perks == true
        reasons["perks"] = perks ? "in the perks programme" : "not in the perks programme"

        return Pillars(
            products: round2(products), service: round2(service), community: round2(community),
            experiences: round2(min(1, Double(experiences) / 4)), perks: perks ? 1 : 0, reasons: reasons)
    }
}
