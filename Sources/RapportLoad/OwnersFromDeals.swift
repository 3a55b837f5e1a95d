import RapportCore

/// Owners for accounts whose record names none, from their deals: the rep
/// of the latest (or largest) order or opportunity (site.yaml `owner_from`,
/// docs/reference.md#owners-from-deals-owner_from). Each owner taken this
/// way keeps which deal it came from, for the brief to say.
enum OwnersFromDeals {
    /// A candidate deal: its day, amount and rep; the best by the rule wins,
    /// ties to the rep id first in order so every build picks the same.
    struct Deal {
        var day: Day?
        var amount: Money
        var rep: String

        func beats(_ other: Deal, by rule: OwnerFrom.Rule) -> Bool {
            let never = Day(ordinal: Int.min)
            switch rule {
            case .latest:
                return (day ?? never, amount.cents, other.rep) > (other.day ?? never, other.amount.cents, rep)
            case .largest:
                return (amount.cents, day ?? never, other.rep) > (other.amount.cents, other.day ?? never, rep)
            }
        }
    }

    static func assign(_ model: inout SiteModel, from deals: OwnerFrom.Deals, by rule: OwnerFrom.Rule) {
        guard model.accounts.contains(where: { $0.owner == nil }) else { return }
        var best: [AccountID: Deal] = [:]
        func offer(_ account: AccountID, _ deal: Deal) {
            if let current = best[account], !deal.beats(current, by: rule) { return }
            best[account] = deal
        }
        switch deals {
        case .orders:
            // By symbol position: one look-up per order, no string per line.
            var bySymbol: [Int: Deal] = [:]
            for index in model.orders.indices {
                guard let rep = model.orders[index].rep else { continue }
                let order = model.orders[index]
                let deal = Deal(day: order.date, amount: order.amount, rep: model.symbols[rep.symbol])
                let position = order.account.position
                if let current = bySymbol[position], !deal.beats(current, by: rule) { continue }
                bySymbol[position] = deal
            }
            for account in model.accounts where account.owner == nil {
                guard let symbol = model.symbols.lookup(account.id.text), let deal = bySymbol[symbol.position]
                else { continue }
                best[account.id] = deal
            }
        case .opportunities:
            for deal in model.opportunities {
                guard let owner = deal.owner else { continue }
                offer(deal.account, Deal(day: deal.closeDate, amount: deal.amount ?? .zero, rep: owner.text))
            }
        }
        for index in model.accounts.indices where model.accounts[index].owner == nil {
            guard let deal = best[model.accounts[index].id] else { continue }
            model.accounts[index].owner = RepID(deal.rep)
            model.accounts[index].ownerFrom = OwnerFrom(deals: deals, rule: rule, day: deal.day, amount: deal.amount)
        }
    }
}
