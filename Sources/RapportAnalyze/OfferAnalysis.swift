import RapportCore

public struct Offer: Sendable, Equatable {
    public var family: String
    /// How much more often peers own the family than the portfolio as a
    /// whole does (share among peers ÷ share among all accounts).
    public var lift: Double
    /// Share of peers that own it, 0…1.
    public var share: Double
    public var reason: String
}

/// SPEC §4.6: next-best families by co-ownership among similar accounts,
/// and the maintenance plan for accounts that keep needing repairs. An
/// account is never offered a family it owns.
public enum OfferAnalysis {
    public static let maxOffers = 3
    /// Fewer peers than this in the segment: compare with the whole portfolio.
    public static let minPeers = 3

    public struct Account {
        public var id: String
        public var segment: String
        public var segmentLabel: String
        public var owned: Set<String>
        public var upkeepTickets12m: Int
    }

    public static func compute(_ accounts: [Account], families: [String], maintenanceFamilies: Set<String>)
        -> [String: [Offer]]
    {
        var result: [String: [Offer]] = [:]
        let total = Double(accounts.count)
        var overall: [String: Double] = [:]
        for family in families {
            overall[family] = Double(accounts.count { $0.owned.contains(family) }) / max(total, 1)
        }
        let bySegment = Dictionary(grouping: accounts, by: \.segment)
        for account in accounts {
            var offers: [Offer] = []
            let missing = families.filter { !account.owned.contains($0) }
            // Upkeep first: the seed's example, and an answer to a problem the customer has.
            if account.upkeepTickets12m > 0, account.owned.isDisjoint(with: maintenanceFamilies) {
                for family in missing where maintenanceFamilies.contains(family) {
                    offers.append(
                        Offer(
                            family: family, lift: 0, share: 0,
                            reason: "\(account.upkeepTickets12m) upkeep tickets in 12 months and no maintenance plan"))
                }
            }
            guard !account.owned.isEmpty else {
                result[account.id] = offers
                continue
            }
            let segmentPeers = (bySegment[account.segment] ?? []).filter {
                $0.id != account.id && $0.owned.isSuperset(of: account.owned)
            }
            let usePortfolio = segmentPeers.count < minPeers
            let peers =
                usePortfolio
                ? accounts.filter { $0.id != account.id && $0.owned.isSuperset(of: account.owned) } : segmentPeers
            let who = usePortfolio ? "accounts" : account.segmentLabel
            let ownsText = account.owned.sorted().joined(separator: " and ")
            var ranked: [Offer] = []
            if !peers.isEmpty {
                for family in missing where !offers.contains(where: { $0.family == family }) {
                    let count = peers.count { $0.owned.contains(family) }
                    guard count > 0 else { continue }
                    let share = Double(count) / Double(peers.count)
                    let lift = share / max(overall[family] ?? 1, 1e-9)
                    ranked.append(
                        Offer(
                            family: family, lift: (lift * 100).rounded() / 100, share: share,
                            reason: "\(Int((share * 100).rounded())) % of \(peers.count) \(who) that own \(ownsText) "
                                + "also own \(family)"))
                }
            }
            ranked.sort { ($1.share, $1.lift, $0.family) < ($0.share, $0.lift, $1.family) }
            offers += ranked
            result[account.id] = Array(offers.prefix(maxOffers))
        }
        return result
    }
}
