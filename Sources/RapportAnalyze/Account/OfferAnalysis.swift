import RapportCore

public struct Offer: Sendable, Equatable {
    public var family: String
    /// How much more often peers own the family than the portfolio as a
    /// whole does (share among peers ÷ share among all accounts).
    public var lift: Double
    /// Share of peers that own it, 0…1.
    public var share: Double
    public var reason: Reason
}

/// Offers (docs/methodology.md#how-the-figures-are-computed): next-best families by co-ownership among similar
/// accounts, and the maintenance plan for accounts that keep needing repairs. An
/// account is never offered a family it owns.
public enum OfferAnalysis {
    public static let maxOffers = 3
    /// Fewer peers than this in the segment: compare with the whole portfolio.
    public static let minPeers = 3

    public struct Account {
        public var id: AccountID
        public var segment: String
        public var segmentLabel: String
        public var owned: Set<String>
        public var upkeepTickets12m: Int
    }

    public static func compute(_ accounts: [Account], families: [String], maintenanceFamilies: Set<String>)
        -> [AccountID: [Offer]]
    {
        // Owned families as bit sets, counted per distinct set: finding the
        // peers of an account (all accounts owning a superset of its
        // families) then walks the few distinct sets, not every account.
        // Comparing every pair of accounts was a fifth of the analysis time
        // at 10,000 accounts (perf).
        let bit = Dictionary(uniqueKeysWithValues: families.prefix(64).enumerated().map { ($1, UInt64(1) << $0) })
        func mask(_ owned: Set<String>) -> UInt64 { owned.reduce(0) { $0 | (bit[$1] ?? 0) } }
        var portfolioSets: [UInt64: Int] = [:]
        var segmentSets: [String: [UInt64: Int]] = [:]
        for account in accounts {
            let m = mask(account.owned)
            portfolioSets[m, default: 0] += 1
            segmentSets[account.segment, default: [:]][m, default: 0] += 1
        }
        let total = Double(accounts.count)
        var overall: [String: Double] = [:]
        for family in families {
            let b = bit[family] ?? 0
            overall[family] = Double(portfolioSets.reduce(0) { $0 + ($1.key & b != 0 ? $1.value : 0) }) / max(total, 1)
        }
        /// Peers (excluding the account itself) and how many of them own each family.
        func peers(of m: UInt64, in sets: [UInt64: Int]) -> (Int, [String: Int]) {
            var count = -1  // the account is a superset of itself
            var owning: [String: Int] = [:]
            for (set, number) in sets where set & m == m {
                count += number
                for family in families where set & (bit[family] ?? 0) != 0 { owning[family, default: 0] += number }
            }
            return (count, owning)
        }
        var result: [AccountID: [Offer]] = [:]
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
            let m = mask(account.owned)
            var (count, owning) = peers(of: m, in: segmentSets[account.segment] ?? [:])
            let usePortfolio = count < minPeers
            if usePortfolio { (count, owning) = peers(of: m, in: portfolioSets) }
            let who = usePortfolio ? "accounts" : account.segmentLabel
            let ownsText = account.owned.sorted().joined(separator: " and ")
            var ranked: [Offer] = []
            if count > 0 {
                for family in missing where !offers.contains(where: { $0.family == family }) {
                    let owners = owning[family] ?? 0
                    guard owners > 0 else { continue }
                    let share = Double(owners) / Double(count)
                    let lift = share / max(overall[family] ?? 1, 1e-9)
                    ranked.append(
                        Offer(
                            family: family, lift: (lift * 100).rounded() / 100, share: share,
                            reason: "\(percent: share) of \(count) \(who) that own \(ownsText) "
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
