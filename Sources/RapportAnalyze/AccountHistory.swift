import RapportCore

/// One account's records up to the as-of date, gathered once so every
/// metric reads from the same slice. Records after the as-of date and rows
/// for unknown accounts are not here.
public struct AccountHistory: Sendable {
    public var account: Account
    /// Newest first (ties by file line).
    public var orders: [Order] = []
    public var tickets: [Ticket] = []
    public var interactions: [Interaction] = []
    public var feedback: [Feedback] = []
    /// Referrals this account made.
    public var referralsMade: [Referral] = []
}

/// The model cut at the as-of date and grouped by account.
public struct PortfolioHistory: Sendable {
    public var asOf: Day
    /// Sorted by account id.
    public var accounts: [AccountHistory]
    public var index: [String: Int]
    public var productsBySKU: [String: Product]
    /// Families in the catalogue, sorted.
    public var families: [String]
    public var futureRecordsIgnored: Int

    public init(_ model: SiteModel, asOf: Day) {
        self.asOf = asOf
        let sorted = model.accounts.sorted { $0.id < $1.id }
        accounts = sorted.map { AccountHistory(account: $0) }
        var index: [String: Int] = [:]
        for (position, account) in sorted.enumerated() where index[account.id] == nil { index[account.id] = position }
        self.index = index
        var future = 0
        for order in model.orders {
            guard let position = index[order.accountID] else { continue }
            if order.date > asOf {
                future += 1
            } else {
                accounts[position].orders.append(order)
            }
        }
        for ticket in model.tickets {
            guard let position = index[ticket.accountID] else { continue }
            if ticket.opened > asOf { future += 1 } else { accounts[position].tickets.append(ticket) }
        }
        for interaction in model.interactions {
            guard let position = index[interaction.accountID] else { continue }
            if interaction.date > asOf {
                future += 1
            } else {
                accounts[position].interactions.append(interaction)
            }
        }
        for feedback in model.feedback {
            guard let position = index[feedback.accountID] else { continue }
            if feedback.date > asOf { future += 1 } else { accounts[position].feedback.append(feedback) }
        }
        for referral in model.referrals {
            guard let position = index[referral.referrerID], index[referral.referredID] != nil else { continue }
            if let date = referral.date, date > asOf {
                future += 1
            } else {
                accounts[position].referralsMade.append(referral)
            }
        }
        for position in accounts.indices {
            accounts[position].orders.sort {
                $0.date != $1.date ? $0.date > $1.date : $0.origin.line < $1.origin.line
            }
            accounts[position].interactions.sort {
                $0.date != $1.date ? $0.date > $1.date : $0.origin.line < $1.origin.line
            }
            accounts[position].feedback.sort {
                $0.date != $1.date ? $0.date > $1.date : $0.origin.line < $1.origin.line
            }
        }
        var products: [String: Product] = [:]
        for product in model.products where products[product.sku] == nil { products[product.sku] = product }
        productsBySKU = products
        families = Set(model.products.compactMap(\.family)).sorted()
        futureRecordsIgnored = future
    }
}
